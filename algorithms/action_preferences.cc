#include "algorithms/action_preferences.h"

namespace prefctl {

void ReadConfig(const ConfigNode& node, ActionPreferenceConfig* config) {
  node.ReadChoice("normalize", &config->normalize, {"zscore", "rank", "none"});
  node.ReadChoice("pairs", &config->pairs, {"best_worst", "all", "margin"});
  node.Read("pair_margin", &config->pair_margin, Range::AtLeast(0.0));
}

torch::Tensor NormalizeScores(const torch::Tensor& scores,
                              const std::string& mode, int64_t dim) {
  torch::NoGradGuard no_grad;
  if (mode == "zscore") {
    const torch::Tensor centered = scores - scores.mean(dim, /*keepdim=*/true);
    const torch::Tensor stddev =
        centered.pow(2).mean(dim, /*keepdim=*/true).sqrt();
    return centered / stddev.clamp_min(1e-8);
  }
  if (mode == "rank") {
    const int64_t n = scores.size(dim);
    const torch::Tensor ranks =
        scores.argsort(dim).argsort(dim).to(scores.dtype());
    return n > 1 ? ranks / static_cast<double>(n - 1) : ranks;
  }
  return scores;
}

torch::Tensor PairDifferences(const torch::Tensor& x) {
  return x.unsqueeze(1) - x.unsqueeze(0);
}

torch::Tensor PreferencePairs(const ActionPreferenceConfig& config,
                              const torch::Tensor& scores) {
  torch::NoGradGuard no_grad;
  const torch::Tensor difference = PairDifferences(scores);
  if (config.pairs == "all") return (difference > 0).to(scores.dtype());
  if (config.pairs == "margin") {
    return (difference > config.pair_margin).to(scores.dtype());
  }
  const int64_t n = scores.size(0);
  const torch::Tensor best =
      torch::one_hot(scores.argmax(0), n).t().to(scores.dtype());
  const torch::Tensor worst =
      torch::one_hot(scores.argmin(0), n).t().to(scores.dtype());
  // A state whose samples all score the same has no pair.
  return best.unsqueeze(1) * worst.unsqueeze(0) * (difference > 0);
}

torch::Tensor MeanOverPairs(const torch::Tensor& pair_weights,
                            const torch::Tensor& values) {
  return (pair_weights * values).sum() / pair_weights.sum().clamp_min(1.0);
}

torch::Tensor SampleTargets(const torch::Tensor& scores, double temperature) {
  torch::NoGradGuard no_grad;
  if (temperature > 0) return torch::softmax(scores / temperature, 0);
  return torch::one_hot(scores.argmax(0), scores.size(0))
      .t()
      .to(scores.dtype());
}

torch::Tensor LogRatio(const ActionSetBatch& batch) {
  return batch.log_prob_policy - batch.log_prob_reference;
}

torch::Tensor PairAccuracy(const torch::Tensor& pair_weights,
                           const torch::Tensor& log_ratio) {
  torch::NoGradGuard no_grad;
  const torch::Tensor agrees =
      (PairDifferences(log_ratio.detach()) > 0).to(pair_weights.dtype());
  return MeanOverPairs(pair_weights, agrees);
}

}  // namespace prefctl
