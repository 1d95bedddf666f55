#include "algorithms/soft_po_loss.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/algorithms/loss_fixtures.h"

namespace prefctl {
namespace {

TEST(SoftPoLossTest, SetValueWithClosedFormKl) {
  SoftPoConfig config;
  config.alpha = 0.6;
  config.lambda = 0.3;
  SoftPoLoss loss(config);
  const std::vector<double> actions = {-1, 0, 0.5, 2};
  double norm = 0.0;
  for (double a : actions)
    norm += std::exp(0.6 * LogNormal(a, kTinyMean, kTinyStddev));
  // The best sample is a = 0 (Q 4).
  const double preference =
      -(0.6 * LogNormal(0.0, kTinyMean, kTinyStddev) - std::log(norm));
  // KL(N(mean, stddev) || N(0, 1)).
  const double kl = -std::log(kTinyStddev) +
                    (kTinyStddev * kTinyStddev + kTinyMean * kTinyMean) / 2 -
                    0.5;
  EXPECT_NEAR(TinyLoss(loss, actions, {1, 4, 3, 2}), preference + 0.3 * kl,
              1e-12);
}

// With two samples the preference term is the logistic form.
TEST(SoftPoLossTest, TwoSamplesIsLogistic) {
  SoftPoConfig config;
  config.alpha = 0.6;
  config.lambda = 0.0;
  SoftPoLoss loss(config);
  const double winner = 0.4, loser = -1.2;
  const double expected =
      -LogSigmoid(0.6 * (LogNormal(winner, kTinyMean, kTinyStddev) -
                         LogNormal(loser, kTinyMean, kTinyStddev)));
  EXPECT_NEAR(TinyLoss(loss, {loser, winner}, {0.0, 1.0}), expected, 1e-12);
}

TEST(SoftPoLossTest, GradientMatchesFiniteDifferences) {
  SoftPoLoss loss(SoftPoConfig{});
  const GradientCheck check = CheckGradient(loss, kTinyMean, kTinyStddev);
  EXPECT_NEAR(check.mean_autograd, check.mean_numeric, 1e-6);
  EXPECT_NEAR(check.stddev_autograd, check.stddev_numeric, 1e-6);
}

}  // namespace
}  // namespace prefctl
