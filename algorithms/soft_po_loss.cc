#include "algorithms/soft_po_loss.h"

#include "algorithms/action_preferences.h"

namespace prefctl {

void ReadConfig(const ConfigNode& node, SoftPoConfig* config) {
  node.Read("alpha", &config->alpha, Range::Positive());
  node.Read("lambda", &config->lambda, Range::AtLeast(0.0));
  node.CheckNoUnknownKeys();
}

LossOutput SoftPoLoss::Compute(const ActionSetBatch& batch) {
  const torch::Tensor best = SampleTargets(batch.q_values, 0.0);
  const torch::Tensor preference =
      -(best * torch::log_softmax(config_.alpha * batch.log_prob_policy, 0))
           .sum(0)
           .mean();
  const torch::Tensor kl = KL(batch.policy, batch.reference).mean();
  LossOutput output{preference + config_.lambda * kl, {}};
  output.stats.emplace_back("preference_loss", preference.detach());
  output.stats.emplace_back("kl_policy_reference", kl.detach());
  AddCommonStats(batch, &output.stats);
  return output;
}

}  // namespace prefctl
