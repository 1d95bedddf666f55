#include "algorithms/learner.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace prefctl {
namespace {

OffPolicyLearner SmallLearner(int target_period = 100,
                              torch::Device device = torch::kCPU) {
  LearnerConfig config;
  config.target_period = target_period;
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
      device, 0);
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

// DESIGN.md section 5: with device cuda every learner tensor lives on the
// GPU. Initial weights and sampling noise both come from the CPU's
// generators, so from the same seeds the GPU's updates follow the CPU's up
// to float rounding.
TEST(OffPolicyLearnerTest, CudaUpdatesStayOnTheGpuAndFollowTheCpu) {
  if (!torch::cuda::is_available()) GTEST_SKIP() << "no CUDA device";
  torch::manual_seed(0);
  const ReplayBatch batch = RandomBatch();
  const ReplayBatch batch_on_gpu{
      batch.observations.cuda(), batch.actions.cuda(), batch.rewards.cuda(),
      batch.discounts.cuda(), batch.next_observations.cuda()};
  torch::manual_seed(1);
  OffPolicyLearner cpu = SmallLearner(/*target_period=*/1, torch::kCPU);
  torch::manual_seed(1);
  OffPolicyLearner gpu = SmallLearner(/*target_period=*/1, torch::kCUDA);
  for (int update = 1; update <= 3; ++update) {
    const LearnerStats cpu_stats = cpu.Update(batch);
    const LearnerStats gpu_stats = gpu.Update(batch_on_gpu);
    ASSERT_EQ(cpu_stats.size(), gpu_stats.size());
    for (size_t i = 0; i < cpu_stats.size(); ++i) {
      const auto& [name, value] = gpu_stats[i];
      EXPECT_TRUE(value.is_cuda()) << name;
      const double expected = cpu_stats[i].second.item<double>();
      EXPECT_NEAR(value.item<double>(), expected,
                  1e-3 * (1.0 + std::abs(expected)))
          << name << " at update " << update;
    }
  }
  for (const torch::Tensor& parameter : gpu.policy()->parameters()) {
    EXPECT_TRUE(parameter.is_cuda());
  }
  for (const torch::Tensor& parameter : gpu.critic()->parameters()) {
    EXPECT_TRUE(parameter.is_cuda());
  }
}

double Stat(const LearnerStats& stats, const std::string& name) {
  for (const auto& [key, value] : stats) {
    if (key == name) return value.item<double>();
  }
  ADD_FAILURE() << "no statistic " << name;
  return std::nan("");
}

// With the mean far outside the box every sample clips (to one corner);
// with the mean at 0 and stddev 0.7 about 15% of components do. The samples
// come from the target policy, here copied after every update.
TEST(OffPolicyLearnerTest, ReportsTheShareOfClippedSamples) {
  torch::manual_seed(0);
  OffPolicyLearner learner = SmallLearner(/*target_period=*/1);
  EXPECT_LT(Stat(learner.Update(RandomBatch()), "clipped_fraction"), 0.4);
  {
    torch::NoGradGuard no_grad;
    learner.policy()->named_parameters()["mean.bias"].fill_(5.0);
  }
  learner.Update(RandomBatch());  // the target copies the moved mean
  EXPECT_GT(Stat(learner.Update(RandomBatch()), "clipped_fraction"), 0.95);
}

}  // namespace
}  // namespace prefctl
