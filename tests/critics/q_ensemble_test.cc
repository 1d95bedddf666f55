#include "critics/q_ensemble.h"

#include <gtest/gtest.h>

#include "critics/td_target.h"

namespace prefctl {
namespace {

CriticConfig SmallCritic(int heads, const std::string& aggregation = "min") {
  CriticConfig config;
  config.heads = heads;
  config.hidden = {16, 8};
  config.aggregation = aggregation;
  return config;
}

// One head computed by hand from the stacked parameters.
torch::Tensor HeadByHand(QEnsemble& critic, int k, const torch::Tensor& obs,
                         const torch::Tensor& act) {
  std::map<std::string, torch::Tensor> p;
  for (const auto& item : critic->named_parameters())
    p[item.key()] = item.value();
  torch::Tensor x = torch::cat({obs, act}, -1);
  x = x.matmul(p["weight0"][k]) + p["bias0"][k];
  x = torch::tanh(torch::layer_norm(x, {x.size(-1)}) * p["norm_scale"][k] +
                  p["norm_shift"][k]);
  x = torch::elu(x.matmul(p["weight1"][k]) + p["bias1"][k]);
  return (x.matmul(p["weight2"][k]) + p["bias2"][k]).squeeze(-1);
}

TEST(QEnsembleTest, BatchedHeadsEqualHeadsOneByOne) {
  torch::manual_seed(0);
  QEnsemble critic(SmallCritic(3), 4, 2);
  const torch::Tensor obs = torch::randn({10, 4}), act = torch::randn({10, 2});
  {
    // Away from LayerNorm's initial identity affine, so that it counts.
    torch::NoGradGuard no_grad;
    for (auto& item : critic->named_parameters()) {
      if (item.key().rfind("norm_", 0) == 0) item.value().normal_(0.5, 1.0);
    }
  }
  const torch::Tensor q = critic->forward(obs, act);
  ASSERT_EQ(q.sizes(), (std::vector<int64_t>{3, 10}));
  torch::Tensor q_without_gradients;
  {
    // The fused activations (critics/fused_activations.h).
    torch::NoGradGuard no_grad;
    q_without_gradients = critic->forward(obs, act);
  }
  for (int k = 0; k < 3; ++k) {
    const torch::Tensor by_hand = HeadByHand(critic, k, obs, act);
    EXPECT_TRUE(torch::allclose(q[k], by_hand, 1e-5, 1e-5));
    EXPECT_TRUE(torch::allclose(q_without_gradients[k], by_hand, 1e-5, 1e-5));
  }
  EXPECT_TRUE(torch::equal(critic->Aggregate(q), std::get<0>(q.min(0))));
  QEnsemble mean_critic(SmallCritic(2, "mean"), 4, 2);
  const torch::Tensor q2 = mean_critic->forward(obs, act);
  EXPECT_TRUE(torch::allclose(mean_critic->Aggregate(q2), q2.mean(0)));
}

// The batched heads give the gradients of the heads computed one by one,
// for every parameter and for the inputs.
TEST(QEnsembleTest, GradientsEqualThoseOfHeadsOneByOne) {
  torch::manual_seed(4);
  QEnsemble critic(SmallCritic(2), 4, 2);
  const torch::Tensor obs = torch::randn({10, 4}).requires_grad_(),
                      act = torch::randn({10, 2});
  auto gradients = [&](const torch::Tensor& loss) {
    for (auto& p : critic->parameters()) p.mutable_grad() = torch::Tensor();
    obs.mutable_grad() = torch::Tensor();
    loss.backward();
    std::vector<torch::Tensor> all = {obs.grad().clone()};
    for (auto& p : critic->parameters()) all.push_back(p.grad().clone());
    return all;
  };
  const std::vector<torch::Tensor> ours =
      gradients(critic->forward(obs, act).pow(2).sum());
  torch::Tensor by_hand_loss = torch::zeros({});
  for (int k = 0; k < 2; ++k)
    by_hand_loss = by_hand_loss + HeadByHand(critic, k, obs, act).pow(2).sum();
  const std::vector<torch::Tensor> expected = gradients(by_hand_loss);
  ASSERT_EQ(ours.size(), expected.size());
  for (size_t i = 0; i < ours.size(); ++i) {
    EXPECT_TRUE(torch::allclose(ours[i], expected[i], 1e-4, 1e-5))
        << "gradient " << i << ": " << (ours[i] - expected[i]).abs().max();
    EXPECT_GT(expected[i].abs().max().item<float>(), 0.0f) << i;
  }
}

// The fused first layer without LayerNorm (bias add and ELU in one pass).
TEST(QEnsembleTest, EluFirstLayerGivesTheSameValuesWithoutGradients) {
  torch::manual_seed(2);
  CriticConfig config = SmallCritic(2);
  config.layer_norm_first = false;
  QEnsemble critic(config, 4, 2);
  const torch::Tensor obs = torch::randn({10, 4}) * 3.0,
                      act = torch::randn({10, 2});
  const torch::Tensor with_gradients = critic->forward(obs, act);
  torch::NoGradGuard no_grad;
  EXPECT_TRUE(
      torch::allclose(critic->forward(obs, act), with_gradients, 1e-5, 1e-5));
}

// At an update's sizes (1024 rows, 256 wide) the evaluation without
// gradients (oneDNN's products, fused activations) agrees with the batched
// one used with gradients up to float summation order.
TEST(QEnsembleTest, LargeEvaluationsGiveTheSameValuesWithoutGradients) {
  torch::manual_seed(3);
  CriticConfig config;
  config.hidden = {256, 256};
  QEnsemble critic(config, 17, 6);
  const torch::Tensor obs = torch::randn({1024, 17}),
                      act = torch::rand({1024, 6}) * 2 - 1;
  const torch::Tensor with_gradients = critic->forward(obs, act).detach();
  torch::NoGradGuard no_grad;
  const torch::Tensor without_gradients = critic->forward(obs, act);
  EXPECT_LT((without_gradients - with_gradients).abs().max().item<float>(),
            1e-5);
  EXPECT_GT(with_gradients.std().item<float>(), 1e-3);  // Not all equal.
}

TEST(QEnsembleTest, ConfigRejectsOneHeadAndUnknownAggregation) {
  CriticConfig config;
  EXPECT_THROW(
      ReadConfig(ConfigNode::LoadString("heads: 1\n", "c.yaml"), &config),
      ConfigError);
  try {
    ReadConfig(ConfigNode::LoadString("aggregation: max\n", "c.yaml"), &config);
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("'min', 'mean'"), std::string::npos);
  }
}

TEST(TdTargetTest, BootstrapsExceptAfterTerminal) {
  torch::manual_seed(0);
  PolicyNetworkConfig policy_config;
  policy_config.hidden = {8};
  GaussianPolicy policy(policy_config, 3, 1);
  QEnsemble critic(SmallCritic(2), 3, 1);
  // Make every head output the constant 2: zero last layer, bias 2.
  {
    torch::NoGradGuard no_grad;
    for (const auto& item : critic->named_parameters()) {
      if (item.key() == "weight2") item.value().zero_();
      if (item.key() == "bias2") item.value().fill_(2.0);
    }
  }
  torch::Generator generator = at::detail::createCPUGenerator(0);
  const torch::Tensor y =
      NStepTarget(torch::tensor({1.0f, 1.0f}), torch::tensor({0.5f, 0.0f}),
                  torch::randn({2, 3}), policy, critic, 4, generator);
  EXPECT_NEAR(y[0].item<float>(), 1.0 + 0.5 * 2.0, 1e-6);
  EXPECT_NEAR(y[1].item<float>(), 1.0, 1e-6);  // Terminal: reward only.
  EXPECT_FALSE(y.requires_grad());
}

}  // namespace
}  // namespace prefctl
