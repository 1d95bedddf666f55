#include "algorithms/learner.h"

#include <gtest/gtest.h>

#include <cmath>

namespace prefctl {
namespace {

OffPolicyLearner SmallLearner() {
  LearnerConfig config;
  config.batch_size = 8;
  config.num_samples = 4;
  config.target_samples = 2;
  PolicyNetworkConfig policy;
  policy.hidden = {8};
  CriticConfig critic;
  critic.hidden = {8};
  return OffPolicyLearner(
      config, policy, critic,
      MakeImprovementLoss("pmpo", ConfigNode::LoadString("", "<test>")), 3, 2,
      torch::kCPU, 0);
}

ReplayBatch RandomBatch() {
  return {torch::randn({8, 3}), torch::rand({8, 2}) * 2 - 1, torch::randn({8}),
          torch::full({8}, 0.9), torch::randn({8, 3})};
}

TEST(OffPolicyLearnerTest, NanStopsWithNamedQuantityAndKeepsWeights) {
  torch::manual_seed(0);
  OffPolicyLearner learner = SmallLearner();
  learner.Update(RandomBatch());
  const torch::Tensor before = learner.critic()->parameters()[0].clone();
  ReplayBatch poisoned = RandomBatch();
  poisoned.rewards[3] = std::nanf("");
  try {
    learner.Update(poisoned);
    FAIL() << "expected NonFiniteError";
  } catch (const NonFiniteError& e) {
    EXPECT_NE(
        std::string(e.what()).find("critic loss is not finite at update 2"),
        std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(torch::equal(before, learner.critic()->parameters()[0]));
  EXPECT_EQ(learner.updates(), 1);
}

TEST(OffPolicyLearnerTest, ActionsAreClippedAndDeterministicIsTheMean) {
  torch::manual_seed(0);
  OffPolicyLearner learner = SmallLearner();
  torch::Generator generator = at::detail::createCPUGenerator(0);
  const torch::Tensor observations = torch::randn({5, 3});
  const torch::Tensor sampled = learner.Act(observations, false, generator);
  EXPECT_LE(sampled.abs().max().item<float>(), 1.0f);
  EXPECT_TRUE(torch::allclose(
      learner.Act(observations, true, generator),
      learner.policy()->forward(observations).mean.clamp(-1, 1)));
}

}  // namespace
}  // namespace prefctl
