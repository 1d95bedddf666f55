#include "algorithms/contrastive_losses.h"

namespace prefctl {
namespace {

torch::Tensor Targets(const ContrastiveConfig& config,
                      const ActionSetBatch& batch) {
  return SampleTargets(
      NormalizeScores(batch.q_values, config.preferences.normalize),
      config.temperature);
}

LossOutput ContrastiveOutput(const torch::Tensor& loss,
                             const torch::Tensor& targets,
                             const ActionSetBatch& batch) {
  LossOutput output{loss, {}};
  // Entropy of the targets: near 0 the loss imitates the best sample only,
  // near log N it barely prefers any.
  output.stats.emplace_back(
      "target_entropy",
      -(targets * targets.clamp_min(1e-12).log()).sum(0).mean());
  AddCommonStats(batch, &output.stats);
  return output;
}

}  // namespace

void ReadConfig(const ConfigNode& node, ContrastiveConfig* config) {
  node.Read("beta", &config->beta, Range::Positive());
  node.Read("temperature", &config->temperature, Range::AtLeast(0.0));
  ReadConfig(node, &config->preferences);
  node.CheckNoUnknownKeys();
}

LossOutput InfoNcaLoss::Compute(const ActionSetBatch& batch) {
  const torch::Tensor targets = Targets(config_, batch);
  const torch::Tensor log_softmax =
      torch::log_softmax(config_.beta * LogRatio(batch), 0);
  return ContrastiveOutput(-(targets * log_softmax).sum(0).mean(), targets,
                           batch);
}

LossOutput NcaLoss::Compute(const ActionSetBatch& batch) {
  const torch::Tensor targets = Targets(config_, batch);
  const torch::Tensor scaled = config_.beta * LogRatio(batch);
  const torch::Tensor loss = -(targets * torch::log_sigmoid(scaled)).sum(0) -
                             torch::log_sigmoid(-scaled).mean(0);
  return ContrastiveOutput(loss.mean(), targets, batch);
}

}  // namespace prefctl
