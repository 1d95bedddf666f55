#include "algorithms/sppo_loss.h"

namespace prefctl {

void ReadConfig(const ConfigNode& node, SppoConfig* config) {
  node.Read("eta", &config->eta, Range::Positive());
  node.ReadChoice("win_probability", &config->win_probability,
                  {"bradley_terry", "hard"});
  ReadConfig(node, &config->preferences);
  node.CheckNoUnknownKeys();
}

torch::Tensor MeanWinProbability(const torch::Tensor& scores,
                                 const std::string& win_probability) {
  torch::NoGradGuard no_grad;
  const torch::Tensor difference = PairDifferences(scores);  // [N, N, B]
  const torch::Tensor wins =
      win_probability == "hard" ? (difference > 0).to(scores.dtype()) +
                                      0.5 * (difference == 0).to(scores.dtype())
                                : torch::sigmoid(difference);
  // Each sample against itself counts 1/2 in the sum; take it out.
  const int64_t n = scores.size(0);
  return (wins.sum(1) - 0.5) / static_cast<double>(std::max<int64_t>(n - 1, 1));
}

LossOutput SppoLoss::Compute(const ActionSetBatch& batch) {
  const torch::Tensor win_probability = MeanWinProbability(
      NormalizeScores(batch.q_values, config_.preferences.normalize),
      config_.win_probability);
  const torch::Tensor target = config_.eta * (win_probability - 0.5);
  LossOutput output{(LogRatio(batch) - target).pow(2).mean(), {}};
  output.stats.emplace_back("best_win_probability",
                            std::get<0>(win_probability.max(0)).mean());
  AddCommonStats(batch, &output.stats);
  return output;
}

}  // namespace prefctl
