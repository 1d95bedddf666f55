#include "algorithms/distill_loss.h"

namespace prefctl {

void ReadConfig(const ConfigNode& node, DistillConfig* config) {
  node.Read("beta", &config->beta, Range::Positive());
  if (config->pessimistic) {
    node.Read("gamma", &config->gamma, Range::AtLeast(0.0));
  }
  ReadConfig(node, &config->preferences);
  node.CheckNoUnknownKeys();
}

LossOutput DistillLoss::Compute(const ActionSetBatch& batch) {
  const torch::Tensor scaled_log_ratio = config_.beta * LogRatio(batch);
  // [K, N, B] for the family of heads, [1, N, B] for the aggregated critic.
  const torch::Tensor rewards = config_.pessimistic
                                    ? batch.q_values_per_head
                                    : batch.q_values.unsqueeze(0);
  const torch::Tensor normalized =
      NormalizeScores(rewards, config_.preferences.normalize, /*dim=*/1);
  const torch::Tensor residual = scaled_log_ratio.unsqueeze(0) - normalized;
  // 2 Var over the N samples = the mean over all ordered pairs; [K].
  const torch::Tensor per_member =
      2.0 * residual.var(1, /*unbiased=*/false).mean(1);
  const torch::Tensor closest = per_member.min();
  LossOutput output{closest, {}};
  if (config_.pessimistic) {
    output.loss =
        closest + config_.gamma * KL(batch.reference, batch.policy).mean();
    output.stats.emplace_back("closest_head",
                              per_member.argmin().to(torch::kFloat));
  }
  output.stats.emplace_back("distill_loss", closest.detach());
  AddCommonStats(batch, &output.stats);
  return output;
}

}  // namespace prefctl
