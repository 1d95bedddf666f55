// Noise-contrastive alignment on the sampled action sets (Chen et al. 2024,
// "Noise Contrastive Alignment of Language Models with Explicit Rewards",
// arXiv 2402.05369; DESIGN.md 2.4). With h_i = log pi_theta(a_i) -
// log pi_ref(a_i) and targets p = softmax(psi / tau) of the normalized
// critic scores psi (one-hot on the best sample when tau = 0):
//   InfoNCA: -sum_i p_i log softmax_i(beta h)
//   NCA:     -sum_i p_i log sigmoid(beta h_i) - (1/N) sum_i log sigmoid(-beta
//   h_i)
// InfoNCA only moves likelihoods relative to each other, so every sample's
// likelihood may fall together (DPO is InfoNCA with N = 2 and hard labels);
// NCA anchors each sample's absolute likelihood, which is what keeps the
// chosen samples' likelihood from falling (the paper's main finding).
#ifndef PREFCTL_ALGORITHMS_CONTRASTIVE_LOSSES_H_
#define PREFCTL_ALGORITHMS_CONTRASTIVE_LOSSES_H_

#include "algorithms/action_preferences.h"
#include "algorithms/improvement_loss.h"

namespace prefctl {

struct ContrastiveConfig {
  double beta = 0.1;         // As DPO's beta (the paper's alignment setting).
  double temperature = 1.0;  // tau on z-scored Q; 0 = hard labels.
  ActionPreferenceConfig preferences;
};
void ReadConfig(const ConfigNode& node, ContrastiveConfig* config);

class InfoNcaLoss : public ImprovementLoss {
 public:
  explicit InfoNcaLoss(const ContrastiveConfig& config) : config_(config) {}
  LossOutput Compute(const ActionSetBatch& batch) override;

 private:
  ContrastiveConfig config_;
};

class NcaLoss : public ImprovementLoss {
 public:
  explicit NcaLoss(const ContrastiveConfig& config) : config_(config) {}
  LossOutput Compute(const ActionSetBatch& batch) override;

 private:
  ContrastiveConfig config_;
};

}  // namespace prefctl

#endif  // PREFCTL_ALGORITHMS_CONTRASTIVE_LOSSES_H_
