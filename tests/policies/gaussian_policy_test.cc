#include "policies/gaussian_policy.h"

#include <gtest/gtest.h>

#include <utility>

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

// Scales the mean head up so that the means spread over the unit box and,
// unless squashed, past it.
void SpreadMeans(GaussianPolicy& policy, double factor = 300) {
  torch::NoGradGuard no_grad;
  for (auto& parameter : policy->named_parameters()) {
    if (parameter.key().rfind("mean.", 0) == 0) parameter.value().mul_(factor);
  }
}

TEST(GaussianPolicyTest, TanhMeanKeepsTheMeanInsideTheBox) {
  PolicyNetworkConfig config;
  config.hidden = {32};
  ReadConfig(ConfigNode::LoadString("tanh_mean: true\n", "p.yaml"), &config);
  ASSERT_TRUE(config.tanh_mean);
  const torch::Tensor observations = 3 * torch::randn({64, 4});
  for (bool tanh_mean : {false, true}) {
    torch::manual_seed(5);  // the same weights both times
    config.tanh_mean = tanh_mean;
    GaussianPolicy policy(config, 4, 2);
    SpreadMeans(policy);
    const float largest =
        policy->forward(observations).mean.abs().max().item<float>();
    if (tanh_mean) {
      EXPECT_LE(largest, 1.0f);
    } else {
      EXPECT_GT(largest, 1.5f);
    }
  }
}

// The deployed copy (Eigen only) acts as the network's clipped mean, with
// and without the LayerNorm first layer, and with the tanh on the mean.
TEST(GaussianPolicyTest, DeployedCopyActsAsTheClippedMean) {
  torch::manual_seed(3);
  for (const auto& [layer_norm_first, tanh_mean] :
       {std::pair{true, false}, std::pair{false, false},
        std::pair{true, true}}) {
    PolicyNetworkConfig config;
    config.hidden = {64, 32};
    config.layer_norm_first = layer_norm_first;
    config.tanh_mean = tanh_mean;
    GaussianPolicy policy(config, 7, 3);
    SpreadMeans(policy, tanh_mean ? 1000 : 300);  // tanh: near +-1, not at
    DeployedPolicy deployed(policy->ToDeployed("some-task"));
    EXPECT_EQ(deployed.task(), "some-task");
    ASSERT_EQ(deployed.observation_size(), 7);
    ASSERT_EQ(deployed.action_size(), 3);
    const torch::Tensor observations = 3 * torch::randn({64, 7});
    const torch::Tensor expected =
        policy->forward(observations).mean.clamp(-1, 1).detach();
    // Some means clip (unsquashed) or come near the bounds (tanh).
    const double near_bound = tanh_mean ? 0.99 : 1.0;
    EXPECT_GT((expected.abs() >= near_bound).sum().item<int64_t>(), 0);
    EXPECT_GT((expected.abs() < 0.9).sum().item<int64_t>(), 0);
    float action[3];
    for (int64_t i = 0; i < 64; ++i) {
      deployed.Act(observations[i].contiguous().data_ptr<float>(), action);
      for (int j = 0; j < 3; ++j) {
        EXPECT_NEAR(action[j], expected[i][j].item<float>(), 1e-5)
            << "layer_norm_first " << layer_norm_first << " tanh_mean "
            << tanh_mean << " row " << i;
      }
    }
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
