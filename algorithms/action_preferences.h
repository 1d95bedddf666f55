// What the preference losses (DESIGN.md 2.4) share: per-state normalization
// of the critic's scores over the N sampled actions, and which ordered pairs
// (winner, loser) a pairwise loss compares. Everything is [N, B] or
// [N, N, B] tensor work, no loops over samples.
#ifndef PREFCTL_ALGORITHMS_ACTION_PREFERENCES_H_
#define PREFCTL_ALGORITHMS_ACTION_PREFERENCES_H_

#include <torch/torch.h>

#include <string>

#include "algorithms/improvement_loss.h"
#include "core/config.h"

namespace prefctl {

// Keys shared by every preference loss's section of the experiment file.
struct ActionPreferenceConfig {
  // Per-state score normalization over the N samples: "zscore" (zero mean,
  // unit stddev), "rank" (rank / (N - 1) in [0, 1], best = 1) or "none".
  // Q's scale changes by orders of magnitude during training; normalizing
  // keeps each loss's temperature meaningful throughout.
  std::string normalize = "zscore";
  // Pairs for pairwise losses: "best_worst" (one pair per state, DPO's
  // usual single comparison), "all" (every ordered pair with a higher
  // score), "margin" (those whose normalized scores differ by > margin).
  std::string pairs = "best_worst";
  double pair_margin = 0.5;
};
// Reads the shared keys from a loss's section (the caller checks for
// unknown keys once it has read its own).
void ReadConfig(const ConfigNode& node, ActionPreferenceConfig* config);

// Scores normalized over the N samples (dimension `dim`: 0 for [N, B],
// 1 for a family of critics [K, N, B]) as `mode` says.
torch::Tensor NormalizeScores(const torch::Tensor& scores,
                              const std::string& mode, int64_t dim = 0);

// Pair weights [N, N, B]: 1 where sample i is preferred to sample j (higher
// score) and the pair is selected by config.pairs, else 0.
torch::Tensor PreferencePairs(const ActionPreferenceConfig& config,
                              const torch::Tensor& scores);

// x[i, b] - x[j, b] as [N, N, B].
torch::Tensor PairDifferences(const torch::Tensor& x);

// Weighted mean of values [N, N, B] over the selected pairs.
torch::Tensor MeanOverPairs(const torch::Tensor& pair_weights,
                            const torch::Tensor& values);

// Target distribution over the N samples of each state: softmax(scores /
// temperature), or one-hot on the best sample when temperature is 0 (hard
// labels).
torch::Tensor SampleTargets(const torch::Tensor& scores, double temperature);

// h = log pi_theta(a) - log pi_ref(a), [N, B]: the implicit reward of the
// DPO family.
torch::Tensor LogRatio(const ActionSetBatch& batch);

// The fraction of selected pairs whose winner the policy already prefers
// (h_winner > h_loser): how well the policy ranks as the critic does.
torch::Tensor PairAccuracy(const torch::Tensor& pair_weights,
                           const torch::Tensor& log_ratio);

}  // namespace prefctl

#endif  // PREFCTL_ALGORITHMS_ACTION_PREFERENCES_H_
