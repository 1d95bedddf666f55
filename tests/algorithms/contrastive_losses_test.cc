#include "algorithms/contrastive_losses.h"

#include <gtest/gtest.h>

#include <cmath>

#include "algorithms/pairwise_losses.h"
#include "tests/algorithms/loss_fixtures.h"

namespace prefctl {
namespace {

// Targets p = softmax(z / tau) of the z-scored Q.
std::vector<double> Targets(double temperature) {
  const std::vector<double> z = ZScores(kTinyQ);
  double norm = 0.0;
  for (double x : z) norm += std::exp(x / temperature);
  std::vector<double> p;
  for (double x : z) p.push_back(std::exp(x / temperature) / norm);
  return p;
}

ContrastiveConfig Config() {
  ContrastiveConfig config;
  config.beta = 0.8;
  config.temperature = 0.5;
  return config;
}

TEST(InfoNcaLossTest, Value) {
  InfoNcaLoss loss(Config());
  const std::vector<double> h = LogRatios(kTinyMean, kTinyStddev, kTinyActions);
  const std::vector<double> p = Targets(0.5);
  double log_norm = 0.0;
  for (double x : h) log_norm += std::exp(0.8 * x);
  log_norm = std::log(log_norm);
  double expected = 0.0;
  for (int i = 0; i < 4; ++i) expected -= p[i] * (0.8 * h[i] - log_norm);
  EXPECT_NEAR(TinyLoss(loss), expected, 1e-12);
}

TEST(NcaLossTest, Value) {
  NcaLoss loss(Config());
  const std::vector<double> h = LogRatios(kTinyMean, kTinyStddev, kTinyActions);
  const std::vector<double> p = Targets(0.5);
  double expected = 0.0;
  for (int i = 0; i < 4; ++i) {
    expected -= p[i] * LogSigmoid(0.8 * h[i]) + LogSigmoid(-0.8 * h[i]) / 4;
  }
  EXPECT_NEAR(TinyLoss(loss), expected, 1e-12);
}

// Seed 004: DPO is InfoNCA with two samples and hard labels.
TEST(InfoNcaLossTest, TwoSamplesWithHardLabelsIsDpo) {
  ContrastiveConfig config = Config();
  config.temperature = 0.0;
  InfoNcaLoss info_nca(config);
  DpoConfig dpo_config;
  dpo_config.beta = config.beta;
  DpoLoss dpo(dpo_config);
  const std::vector<double> actions = {0.3, -0.9}, q = {2.0, 5.0};
  EXPECT_NEAR(TinyLoss(info_nca, actions, q), TinyLoss(dpo, actions, q), 1e-12);
}

TEST(ContrastiveLossesTest, GradientsMatchFiniteDifferences) {
  InfoNcaLoss info_nca(Config());
  NcaLoss nca(Config());
  for (ImprovementLoss* loss : std::vector<ImprovementLoss*>{&info_nca, &nca}) {
    const GradientCheck check = CheckGradient(*loss, kTinyMean, kTinyStddev);
    EXPECT_NEAR(check.mean_autograd, check.mean_numeric, 1e-6);
    EXPECT_NEAR(check.stddev_autograd, check.stddev_numeric, 1e-6);
  }
}

}  // namespace
}  // namespace prefctl
