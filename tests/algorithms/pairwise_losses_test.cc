#include "algorithms/pairwise_losses.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/algorithms/loss_fixtures.h"

namespace prefctl {
namespace {

TEST(DpoLossTest, BestWorstValue) {
  DpoConfig config;
  config.beta = 0.7;
  DpoLoss loss(config);
  const std::vector<double> h = LogRatios(kTinyMean, kTinyStddev, kTinyActions);
  EXPECT_NEAR(TinyLoss(loss), -LogSigmoid(0.7 * (h[1] - h[0])), 1e-12);
}

TEST(DpoLossTest, AllPairsValue) {
  DpoConfig config;
  config.beta = 0.7;
  config.preferences.pairs = "all";
  DpoLoss loss(config);
  const std::vector<double> h = LogRatios(kTinyMean, kTinyStddev, kTinyActions);
  double sum = 0.0;
  int pairs = 0;
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 4; ++j) {
      if (kTinyQ[i] > kTinyQ[j]) {
        sum += -LogSigmoid(0.7 * (h[i] - h[j]));
        ++pairs;
      }
    }
  }
  EXPECT_EQ(pairs, 6);
  EXPECT_NEAR(TinyLoss(loss), sum / pairs, 1e-12);
}

TEST(IpoLossTest, Value) {
  IpoConfig config;
  config.tau = 0.25;
  IpoLoss loss(config);
  const std::vector<double> h = LogRatios(kTinyMean, kTinyStddev, kTinyActions);
  EXPECT_NEAR(TinyLoss(loss), std::pow(h[1] - h[0] - 2.0, 2), 1e-12);
}

TEST(LipoLossTest, LambdaWeightedValue) {
  LipoConfig config;
  config.beta = 0.5;
  LipoLoss loss(config);
  const std::vector<double> h = LogRatios(kTinyMean, kTinyStddev, kTinyActions);
  const std::vector<double> z = ZScores(kTinyQ);
  // The policy's rank of each sample by h (1 = highest).
  std::vector<double> rank(4, 1.0);
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 4; ++j) rank[i] += h[j] > h[i] ? 1.0 : 0.0;
  }
  double sum = 0.0;
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 4; ++j) {
      if (z[i] <= z[j]) continue;
      const double delta = std::abs(std::pow(2.0, z[i]) - std::pow(2.0, z[j])) *
                           std::abs(1.0 / std::log2(1.0 + rank[i]) -
                                    1.0 / std::log2(1.0 + rank[j]));
      sum += delta * -LogSigmoid(0.5 * (h[i] - h[j]));
    }
  }
  EXPECT_NEAR(TinyLoss(loss), sum / 6, 1e-12);
}

TEST(PairwiseLossesTest, GradientsMatchFiniteDifferences) {
  DpoConfig dpo;
  dpo.preferences.pairs = "all";
  IpoConfig ipo;
  LipoConfig lipo;
  DpoLoss dpo_loss(dpo);
  IpoLoss ipo_loss(ipo);
  LipoLoss lipo_loss(lipo);
  for (ImprovementLoss* loss :
       std::vector<ImprovementLoss*>{&dpo_loss, &ipo_loss, &lipo_loss}) {
    const GradientCheck check = CheckGradient(*loss, kTinyMean, kTinyStddev);
    EXPECT_NEAR(check.mean_autograd, check.mean_numeric, 1e-6);
    EXPECT_NEAR(check.stddev_autograd, check.stddev_numeric, 1e-6);
  }
}

}  // namespace
}  // namespace prefctl
