#include "experiments/evaluation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

namespace prefctl {
namespace {

constexpr double kPi = 3.14159265358979323846;

// An untrained policy (small final weights) has nearly its initial stddev in
// every state, so the entropy over the visited states is close to that of
// N(0, init_stddev^2) per action dimension: a larger init_stddev reads
// larger by log(ratio).
double EntropyOfFreshPolicy(double init_stddev, EvaluationResult* result) {
  PolicyNetworkConfig config;
  config.hidden = {32, 32};
  config.init_stddev = init_stddev;
  torch::manual_seed(3);
  GaussianPolicy policy(config, /*observation_size=*/5, /*action_size=*/1);
  *result = EvaluatePolicy(policy, "cartpole-balance", 2, 11, torch::kCPU);
  return result->visited_entropy;
}

TEST(EvaluationTest, VisitedEntropyIsThePolicysOnItsOwnStates) {
  EvaluationResult narrow, wide;
  const double narrow_entropy = EntropyOfFreshPolicy(0.1, &narrow);
  const double wide_entropy = EntropyOfFreshPolicy(0.7, &wide);
  const double gaussian = 0.5 * std::log(2.0 * kPi * std::exp(1.0));
  EXPECT_NEAR(narrow_entropy, gaussian + std::log(0.1), 0.05);
  EXPECT_NEAR(wide_entropy, gaussian + std::log(0.7), 0.05);
  EXPECT_NEAR(wide_entropy - narrow_entropy, std::log(7.0), 0.05);
}

TEST(EvaluationTest, ReturnsAreTheRecordedEpisodes) {
  EvaluationResult result;
  EntropyOfFreshPolicy(0.7, &result);
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
