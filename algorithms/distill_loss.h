// Reward-model distillation (Fisch et al. 2024, "Robust Preference
// Optimization through Reward Model Distillation", arXiv 2405.19316;
// DESIGN.md 2.4): instead of DPO's sure labels, regress the policy's
// implicit reward differences onto the reward model's, over all pairs:
//   mean_{i,j} (beta (h_i - h_j) - (r_i - r_j))^2,   h = log pi_theta - log
//   pi_ref
// which is 2 Var_i(beta h_i - r_i) per state, computed that way (O(N)). Its
// optimum pi = pi_ref exp(r / beta) / Z gives zero loss. r is the critic's
// normalized score.
// The pessimistic version uses a family of reward models, the critic
// ensemble's heads: per batch the head closest to the policy (smallest
// loss), plus gamma KL(pi_ref || pi_theta), so the policy only moves where
// every plausible reward model lets it.
#ifndef PREFCTL_ALGORITHMS_DISTILL_LOSS_H_
#define PREFCTL_ALGORITHMS_DISTILL_LOSS_H_

#include "algorithms/action_preferences.h"
#include "algorithms/improvement_loss.h"

namespace prefctl {

struct DistillConfig {
  bool pessimistic = false;  // Set by the loss name, not a key.
  double beta = 1.0;   // r is z-scored: beta = 1 asks for unit log-ratios.
  double gamma = 1.0;  // Pessimistic only; like PMPO's beta.
  ActionPreferenceConfig preferences;
};
// Reads `gamma` only for the pessimistic version (an unknown key otherwise).
void ReadConfig(const ConfigNode& node, DistillConfig* config);

class DistillLoss : public ImprovementLoss {
 public:
  explicit DistillLoss(const DistillConfig& config) : config_(config) {}
  LossOutput Compute(const ActionSetBatch& batch) override;

 private:
  DistillConfig config_;
};

}  // namespace prefctl

#endif  // PREFCTL_ALGORITHMS_DISTILL_LOSS_H_
