#include "policies/gaussian_policy.h"

#include <gtest/gtest.h>

#include "policies/target_update.h"

namespace prefctl {
namespace {

TEST(GaussianPolicyTest, StartsNearInitStddevWithFloor) {
  torch::manual_seed(0);
  PolicyNetworkConfig config;
  config.hidden = {32, 32};
  GaussianPolicy policy(config, 5, 3);
  const DiagGaussian d = policy->forward(torch::randn({8, 5}));
  EXPECT_EQ(d.mean.sizes(), (std::vector<int64_t>{8, 3}));
  EXPECT_NEAR(d.stddev.mean().item<float>(), config.init_stddev, 0.05);
  EXPECT_LT(d.mean.abs().max().item<float>(), 0.1);
  // The floor holds for any input.
  const DiagGaussian far = policy->forward(1e4 * torch::randn({8, 5}));
  EXPECT_GE(far.stddev.min().item<float>(), config.min_stddev);
}

TEST(GaussianPolicyTest, ConfigErrorsNameKeys) {
  PolicyNetworkConfig config;
  const ConfigNode node =
      ConfigNode::LoadString("min_stddev: 0.5\ninit_stddev: 0.1\n", "p.yaml");
  try {
    ReadConfig(node, &config);
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("init_stddev must be greater"),
              std::string::npos)
        << e.what();
  }
}

TEST(TargetUpdateTest, HardAndPolyak) {
  torch::manual_seed(0);
  PolicyNetworkConfig config;
  config.hidden = {4};
  GaussianPolicy source(config, 2, 1), target(config, 2, 1);
  const torch::Tensor before = target->parameters()[0].clone();
  PolyakUpdate(*source, *target, 0.25);
  EXPECT_TRUE(torch::allclose(target->parameters()[0],
                              0.75 * before + 0.25 * source->parameters()[0]));
  HardUpdate(*source, *target);
  for (size_t i = 0; i < source->parameters().size(); ++i) {
    EXPECT_TRUE(torch::equal(source->parameters()[i], target->parameters()[i]));
  }
}

}  // namespace
}  // namespace prefctl
