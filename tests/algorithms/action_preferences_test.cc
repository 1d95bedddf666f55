#include "algorithms/action_preferences.h"

#include <gtest/gtest.h>

namespace prefctl {
namespace {

// Two states (columns) with four samples each.
const torch::Tensor kScores = torch::tensor(
    {{1.0, 10.0}, {4.0, 40.0}, {3.0, 20.0}, {2.0, 30.0}}, torch::kFloat64);

TEST(ActionPreferencesTest, ZScoreIsPerState) {
  const torch::Tensor z = NormalizeScores(kScores, "zscore");
  EXPECT_TRUE(
      torch::allclose(z.mean(0), torch::zeros({2}, torch::kFloat64), 0, 1e-12));
  EXPECT_TRUE(torch::allclose(z.pow(2).mean(0),
                              torch::ones({2}, torch::kFloat64), 0, 1e-12));
  // Q {1, 4, 3, 2}: mean 2.5, stddev sqrt(1.25).
  EXPECT_NEAR(z[1][0].item<double>(), 1.5 / std::sqrt(1.25), 1e-12);
}

TEST(ActionPreferencesTest, RankPutsTheBestAtOne) {
  const torch::Tensor rank = NormalizeScores(kScores, "rank");
  EXPECT_TRUE(torch::allclose(
      rank,
      torch::tensor(
          {{0.0, 0.0}, {1.0, 1.0}, {2.0 / 3, 1.0 / 3}, {1.0 / 3, 2.0 / 3}},
          torch::kFloat64)));
  // A family of critics [K, N, B] normalizes over dimension 1.
  const torch::Tensor family =
      NormalizeScores(torch::stack({kScores, -kScores}), "rank", 1);
  EXPECT_TRUE(torch::equal(family[0], rank));
  EXPECT_TRUE(torch::allclose(family[1], 1.0 - rank));
}

TEST(ActionPreferencesTest, PairConstructions) {
  ActionPreferenceConfig config;
  // best_worst: (1, 0) in state 0, (1, 0) in state 1.
  torch::Tensor pairs = PreferencePairs(config, kScores);
  EXPECT_EQ(pairs.sum().item<double>(), 2.0);
  EXPECT_EQ(pairs[1][0][0].item<double>(), 1.0);
  EXPECT_EQ(pairs[1][0][1].item<double>(), 1.0);
  config.pairs = "all";
  pairs = PreferencePairs(config, kScores);
  EXPECT_EQ(pairs.sum().item<double>(), 12.0);    // 6 ordered pairs a state
  EXPECT_EQ(pairs[2][3][0].item<double>(), 1.0);  // 3 > 2 in state 0
  EXPECT_EQ(pairs[3][2][1].item<double>(), 1.0);  // 30 > 20 in state 1
  config.pairs = "margin";
  config.pair_margin = 2.0;
  pairs = PreferencePairs(config, NormalizeScores(kScores, "zscore"));
  EXPECT_EQ(pairs.sum().item<double>(), 2.0);  // only the (best, worst) gaps
  // Equal scores give no pair.
  config.pairs = "best_worst";
  EXPECT_EQ(PreferencePairs(config, torch::ones({4, 1})).sum().item<float>(),
            0.0f);
}

TEST(ActionPreferencesTest, SampleTargets) {
  const torch::Tensor hard = SampleTargets(kScores, 0.0);
  EXPECT_EQ(hard[1][0].item<double>(), 1.0);
  EXPECT_EQ(hard.sum().item<double>(), 2.0);
  const torch::Tensor soft = SampleTargets(kScores.slice(1, 0, 1), 2.0);
  const double norm =
      std::exp(0.5) + std::exp(2.0) + std::exp(1.5) + std::exp(1.0);
  EXPECT_NEAR(soft[2][0].item<double>(), std::exp(1.5) / norm, 1e-12);
}

TEST(ActionPreferencesTest, PairAccuracyCountsAgreeingPairs) {
  ActionPreferenceConfig config;
  config.pairs = "all";
  const torch::Tensor scores = kScores.slice(1, 0, 1);
  const torch::Tensor pairs = PreferencePairs(config, scores);
  EXPECT_EQ(PairAccuracy(pairs, scores).item<double>(), 1.0);
  EXPECT_EQ(PairAccuracy(pairs, -scores).item<double>(), 0.0);
}

}  // namespace
}  // namespace prefctl
