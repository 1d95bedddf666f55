#include "algorithms/sppo_loss.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/algorithms/loss_fixtures.h"

namespace prefctl {
namespace {

TEST(SppoLossTest, BradleyTerryValue) {
  SppoConfig config;
  config.eta = 2.5;
  SppoLoss loss(config);
  const std::vector<double> actions = {-1, 0, 0.5, 2}, q = {1, 4, 3, 2};
  const std::vector<double> h = LogRatios(kTinyMean, kTinyStddev, actions);
  const std::vector<double> z = ZScores(q);
  double expected = 0.0;
  for (int i = 0; i < 4; ++i) {
    double wins = 0.0;
    for (int j = 0; j < 4; ++j) {
      if (j != i) wins += 1.0 / (1.0 + std::exp(-(z[i] - z[j])));
    }
    expected += std::pow(h[i] - 2.5 * (wins / 3 - 0.5), 2) / 4;
  }
  EXPECT_NEAR(TinyLoss(loss, actions, q), expected, 1e-12);
}

// The hard two-sample form: (h_w - eta/2)^2 and (h_l + eta/2)^2, averaged.
TEST(SppoLossTest, HardTwoSampleForm) {
  SppoConfig config;
  config.eta = 3.0;
  config.win_probability = "hard";
  SppoLoss loss(config);
  const std::vector<double> actions = {0.4, -1.2};
  const std::vector<double> h = LogRatios(kTinyMean, kTinyStddev, actions);
  const double expected =
      (std::pow(h[0] - 1.5, 2) + std::pow(h[1] + 1.5, 2)) / 2;
  EXPECT_NEAR(TinyLoss(loss, actions, {5.0, 1.0}), expected, 1e-12);
}

TEST(SppoLossTest, WinProbabilities) {
  const torch::Tensor q = torch::tensor({{1.0}, {4.0}, {3.0}, {3.0}});
  const torch::Tensor hard = MeanWinProbability(q, "hard").squeeze(1);
  // Ties count a half.
  EXPECT_TRUE(
      torch::allclose(hard, torch::tensor({0.0f, 1.0f, 1.5f / 3, 1.5f / 3})));
}

TEST(SppoLossTest, GradientMatchesFiniteDifferences) {
  SppoLoss loss(SppoConfig{});
  const GradientCheck check = CheckGradient(loss, kTinyMean, kTinyStddev);
  EXPECT_NEAR(check.mean_autograd, check.mean_numeric, 1e-6);
  EXPECT_NEAR(check.stddev_autograd, check.stddev_numeric, 1e-6);
}

}  // namespace
}  // namespace prefctl
