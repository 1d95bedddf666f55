// Self-Play Preference Optimization, SPPO (Wu et al. 2024, arXiv
// 2405.00675; DESIGN.md 2.4), on the sampled action sets: each sample's
// log-ratio h_i = log pi_theta(a_i) - log pi_ref(a_i) is regressed onto its
// centred win probability against the rest of the set,
//   (h_i - eta (P_i - 1/2))^2,   P_i = mean_{j != i} P(a_i > a_j),
// P(a_i > a_j) = sigmoid(psi_i - psi_j) of the normalized critic scores
// (Bradley-Terry), or 1 / 1/2 / 0 by their order ("hard"). Unlike DPO it
// raises the winners' likelihood and lowers the losers' separately, with a
// finite target.
#ifndef PREFCTL_ALGORITHMS_SPPO_LOSS_H_
#define PREFCTL_ALGORITHMS_SPPO_LOSS_H_

#include <string>

#include "algorithms/action_preferences.h"
#include "algorithms/improvement_loss.h"

namespace prefctl {

struct SppoConfig {
  // The paper's eta is 1/beta for LLM log-ratios; 1 keeps the target
  // log-ratios within +-1/2 of the reference per reference period.
  double eta = 1.0;
  std::string win_probability = "bradley_terry";  // or "hard".
  ActionPreferenceConfig preferences;
};
void ReadConfig(const ConfigNode& node, SppoConfig* config);

// P_i [N, B] from scores [N, B], as SppoConfig::win_probability says.
torch::Tensor MeanWinProbability(const torch::Tensor& scores,
                                 const std::string& win_probability);

class SppoLoss : public ImprovementLoss {
 public:
  explicit SppoLoss(const SppoConfig& config) : config_(config) {}
  LossOutput Compute(const ActionSetBatch& batch) override;

 private:
  SppoConfig config_;
};

}  // namespace prefctl

#endif  // PREFCTL_ALGORITHMS_SPPO_LOSS_H_
