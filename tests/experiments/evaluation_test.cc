#include "experiments/evaluation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

namespace prefctl {
namespace {

// An untrained policy (small final weights) has nearly its initial stddev in
// every state, so the entropy over the visited states is close to that of
// N(0, init_stddev^2) per action dimension: a larger init_stddev reads
// larger by log(ratio).
EvaluationResult EvaluateFreshPolicy(double init_stddev,
                                     int action_repeat = 1) {
  PolicyNetworkConfig config;
  config.hidden = {32, 32};
  config.init_stddev = init_stddev;
  torch::manual_seed(3);
  GaussianPolicy policy(config, /*observation_size=*/5, /*action_size=*/1);
  ExperimentConfig experiment;
  experiment.task = "cartpole-balance";
  experiment.env.action_repeat = action_repeat;
  return EvaluatePolicy(policy, experiment, 2, 11);
}

// Evaluation acts as training did: one action per repeat, the episode still
// 1000 control steps long.
TEST(EvaluationTest, UsesTheExperimentsActionRepeat) {
  for (const Trajectory& episode : EvaluateFreshPolicy(0.7, 4).episodes) {
    EXPECT_EQ(episode.steps(), 250);
  }
  for (const Trajectory& episode : EvaluateFreshPolicy(0.7, 1).episodes) {
    EXPECT_EQ(episode.steps(), 1000);
  }
}

TEST(EvaluationTest, VisitedEntropyIsThePolicysOnItsOwnStates) {
  const double narrow_entropy = EvaluateFreshPolicy(0.1).visited_entropy;
  const double wide_entropy = EvaluateFreshPolicy(0.7).visited_entropy;
  const double gaussian = 0.5 * (1 + std::log(2 * M_PI));
  EXPECT_NEAR(narrow_entropy, gaussian + std::log(0.1), 0.05);
  EXPECT_NEAR(wide_entropy, gaussian + std::log(0.7), 0.05);
  EXPECT_NEAR(wide_entropy - narrow_entropy, std::log(7.0), 0.05);
}

TEST(EvaluationTest, ReturnsAreTheRecordedEpisodes) {
  const EvaluationResult result = EvaluateFreshPolicy(0.7);
  ASSERT_EQ(result.returns.size(), 2u);
  ASSERT_EQ(result.episodes.size(), 2u);
  for (size_t i = 0; i < result.returns.size(); ++i) {
    EXPECT_NEAR(result.episodes[i].Return(), result.returns[i], 1e-6);
    EXPECT_EQ(result.episodes[i].observations.size(),
              static_cast<size_t>(result.episodes[i].steps() + 1) * 5);
  }
  EXPECT_NEAR(
      result.mean_return,
      std::accumulate(result.returns.begin(), result.returns.end(), 0.0) / 2.0,
      1e-9);
  EXPECT_NEAR(result.stddev_return,
              std::abs(result.returns[0] - result.returns[1]) / 2.0, 1e-6);
}

}  // namespace
}  // namespace prefctl
