// Soft Preference Optimization (Sharifnassab et al. 2024, arXiv 2405.00747;
// DESIGN.md 2.4): the preferred sample of each set against the others under
// the policy raised to alpha, with no reference inside the preference term,
// and a KL regularizer over the whole distribution (closed form here):
//   -log softmax_best(alpha log pi_theta(a_1..N)) + lambda KL(pi_theta ||
//   pi_ref)
// With two samples the first term is the logistic loss -log sigmoid(alpha
// (log pi(a_w) - log pi(a_l))). Under Bradley-Terry preferences the optimum
// is pi proportional to exp(r / alpha): alpha sets the softness.
#ifndef PREFCTL_ALGORITHMS_SOFT_PO_LOSS_H_
#define PREFCTL_ALGORITHMS_SOFT_PO_LOSS_H_

#include "algorithms/improvement_loss.h"

namespace prefctl {

struct SoftPoConfig {
  double alpha = 1.0;   // The paper's softmax exponent; 1 = plain likelihood.
  double lambda = 1.0;  // KL weight; like PMPO's beta (no control setting
                        // in the paper).
};  // Only the order of the scores matters here: no normalization keys.
void ReadConfig(const ConfigNode& node, SoftPoConfig* config);

class SoftPoLoss : public ImprovementLoss {
 public:
  explicit SoftPoLoss(const SoftPoConfig& config) : config_(config) {}
  LossOutput Compute(const ActionSetBatch& batch) override;

 private:
  SoftPoConfig config_;
};

}  // namespace prefctl

#endif  // PREFCTL_ALGORITHMS_SOFT_PO_LOSS_H_
