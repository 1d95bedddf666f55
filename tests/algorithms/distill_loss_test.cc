#include "algorithms/distill_loss.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/algorithms/loss_fixtures.h"

namespace prefctl {
namespace {

// mean over all ordered pairs of (beta (h_i - h_j) - (r_i - r_j))^2.
double PairwiseDistill(double beta, const std::vector<double>& h,
                       const std::vector<double>& r) {
  double sum = 0.0;
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 4; ++j) {
      sum += std::pow(beta * (h[i] - h[j]) - (r[i] - r[j]), 2);
    }
  }
  return sum / 16;
}

TEST(DistillLossTest, Value) {
  DistillConfig config;
  config.beta = 0.7;
  DistillLoss loss(config);
  EXPECT_NEAR(
      TinyLoss(loss),
      PairwiseDistill(0.7, LogRatios(kTinyMean, kTinyStddev, kTinyActions),
                      ZScores(kTinyQ)),
      1e-12);
}

// The pessimistic version takes the head closest to the policy (TinyBatch's
// second head scores the samples in reverse) plus gamma KL(ref || policy).
TEST(DistillLossTest, PessimisticTakesTheClosestHead) {
  DistillConfig config;
  config.pessimistic = true;
  config.beta = 0.7;
  config.gamma = 0.4;
  DistillLoss loss(config);
  const std::vector<double> h = LogRatios(kTinyMean, kTinyStddev, kTinyActions);
  const std::vector<double> reversed(kTinyQ.rbegin(), kTinyQ.rend());
  const double closest = std::min(PairwiseDistill(0.7, h, ZScores(kTinyQ)),
                                  PairwiseDistill(0.7, h, ZScores(reversed)));
  const double kl =
      std::log(kTinyStddev) +
      (1 + kTinyMean * kTinyMean) / (2 * kTinyStddev * kTinyStddev) - 0.5;
  EXPECT_NEAR(TinyLoss(loss), closest + 0.4 * kl, 1e-12);
}

// With a reward the policy can represent exactly (r = beta h at the target
// policy), the loss is zero there and its gradient vanishes.
TEST(DistillLossTest, PerfectRewardGivesZeroLossAtTheOptimum) {
  DistillConfig config;
  config.beta = 0.5;
  config.preferences.normalize = "none";
  DistillLoss loss(config);
  const double target_mean = 0.3, target_stddev = 0.8;
  std::vector<double> reward;
  for (double h : LogRatios(target_mean, target_stddev, kTinyActions)) {
    reward.push_back(0.5 * h + 7.0);  // any offset: only differences count
  }
  EXPECT_NEAR(TinyLoss(loss, kTinyActions, reward, target_mean, target_stddev),
              0.0, 1e-12);
  EXPECT_GT(TinyLoss(loss, kTinyActions, reward), 0.01);
  torch::Tensor mean =
      torch::tensor(target_mean, torch::kFloat64).set_requires_grad(true);
  torch::Tensor stddev =
      torch::tensor(target_stddev, torch::kFloat64).set_requires_grad(true);
  loss.Compute(TinyBatch(mean, stddev, kTinyActions, reward)).loss.backward();
  EXPECT_NEAR(mean.grad().item<double>(), 0.0, 1e-10);
  EXPECT_NEAR(stddev.grad().item<double>(), 0.0, 1e-10);
}

TEST(DistillLossTest, GradientsMatchFiniteDifferences) {
  for (bool pessimistic : {false, true}) {
    DistillConfig config;
    config.pessimistic = pessimistic;
    DistillLoss loss(config);
    const GradientCheck check = CheckGradient(loss, kTinyMean, kTinyStddev);
    EXPECT_NEAR(check.mean_autograd, check.mean_numeric, 1e-6);
    EXPECT_NEAR(check.stddev_autograd, check.stddev_numeric, 1e-6);
  }
}

}  // namespace
}  // namespace prefctl
