#include "algorithms/mpo_loss.h"

#include <gtest/gtest.h>

#include "tests/algorithms/bandit.h"

namespace prefctl {
namespace {

const torch::Tensor kOptimum = torch::tensor({0.5f, -0.3f});

TEST(MpoLossTest, TemperatureDualHoldsEpsilon) {
  MpoConfig config;
  MpoLoss loss(config);
  loss.Prepare(2, torch::kCPU);
  torch::Generator generator = at::detail::createCPUGenerator(0);
  const DiagGaussian reference{torch::zeros({16, 2}), torch::ones({16, 2})};
  const ActionSetBatch batch =
      MakeBanditBatch(reference, reference, kOptimum, 64, generator);
  torch::optim::Adam duals(loss.DualParameters(),
                           torch::optim::AdamOptions(5e-2));
  double kl_weights = 0.0;
  for (int step = 0; step < 1500; ++step) {
    const LossOutput output = loss.Compute(batch);
    duals.zero_grad();
    output.loss.backward();
    duals.step();
    for (const auto& [name, value] : output.stats) {
      if (name == "kl_weights") kl_weights = value.item<double>();
    }
  }
  EXPECT_NEAR(kl_weights, config.epsilon, 0.01);
}

// With the reference fixed at N(0, 1), the unconstrained M-step would move
// the mean to the optimum (KL_mean 0.125 and 0.045 per dimension); the
// learned multipliers must hold each dimension's KL near epsilon_mean.
TEST(MpoLossTest, KlConstraintsHoldAgainstAFixedReference) {
  MpoConfig config;
  config.epsilon_mean = 0.01;
  MpoLoss loss(config);
  const BanditResult result =
      RunBandit(loss, 1500, kOptimum, /*reference_period=*/1 << 30, 1e-2);
  ASSERT_TRUE(result.finite);
  const DiagGaussian reference{torch::zeros({1, 2}), torch::ones({1, 2})};
  const DiagGaussian policy{result.mean.unsqueeze(0), torch::ones({1, 2})};
  const torch::Tensor kl_mean = KLPerDimension(reference, policy).squeeze(0);
  EXPECT_LT(kl_mean.max().item<double>(), 2 * config.epsilon_mean);
  EXPECT_GT(kl_mean.min().item<double>(), 0.25 * config.epsilon_mean);
}

}  // namespace
}  // namespace prefctl
