#include "algorithms/self_play.h"

#include <gtest/gtest.h>

#include "algorithms/pmpo_loss.h"
#include "tests/algorithms/bandit.h"
#include "tests/algorithms/one_step_game.h"

namespace prefctl {
namespace {

// A source that answers by return and counts its queries.
class CountingSource : public PreferenceSource {
 public:
  double Prefer(const Trajectory& a, const Trajectory& b) override {
    ++calls;
    return a.Return() > b.Return() ? 1.0
                                   : (a.Return() < b.Return() ? 0.0 : 0.5);
  }
  int calls = 0;
};

TEST(SelfPlayTest, WinRateAgainstTheQueue) {
  CountingSource source;
  SelfPlayConfig config;
  config.queue_size = 3;
  SelfPlayRewarder rewarder(config, &source, 0);
  EXPECT_EQ(rewarder.Score(OneStep(0, 1.0f)), 0.5);  // empty queue
  EXPECT_EQ(rewarder.Score(OneStep(0, 2.0f)), 1.0);  // beats 1
  EXPECT_EQ(rewarder.Score(OneStep(0, 1.5f)), 0.5);  // beats 1, loses to 2
  // The queue holds 1, 2, 1.5; 1 is evicted after this one.
  EXPECT_DOUBLE_EQ(rewarder.Score(OneStep(0, 1.0f)), 0.5 / 3);
  EXPECT_EQ(rewarder.queue_length(), 3u);
  EXPECT_DOUBLE_EQ(rewarder.Score(OneStep(0, 1.2f)), 1.0 / 3);  // vs 2, 1.5, 1
  EXPECT_EQ(rewarder.queries(), 0 + 1 + 2 + 3 + 3);
  EXPECT_EQ(source.calls, rewarder.queries());
}

TEST(SelfPlayTest, SampledComparisons) {
  CountingSource source;
  SelfPlayConfig config;
  config.queue_size = 10;
  config.comparisons = 4;
  SelfPlayRewarder rewarder(config, &source, 0);
  for (int i = 0; i < 10; ++i) rewarder.Score(OneStep(0, i));
  const int64_t before = rewarder.queries();
  // 10.5 beats every queued trajectory, whichever four are drawn.
  EXPECT_EQ(rewarder.Score(OneStep(0, 10.5f)), 1.0);
  EXPECT_EQ(rewarder.queries() - before, 4);
}

TEST(SelfPlayTest, SpreadOverSteps) {
  EXPECT_EQ(SpreadOverSteps(0.75, 3),
            (std::vector<float>{0.25f, 0.25f, 0.25f}));
}

PmpoLoss Pmpo() {
  PmpoConfig config;
  config.alpha = 0.5;
  config.beta = 1.0;
  return PmpoLoss(config);
}

// With the ground-truth return as the preference, self-play's win rate
// leads the policy to the best action (reward -(a - 0.5)^2).
TEST(SelfPlayTest, FindsTheBanditOptimumFromReturnPreferences) {
  auto source = MakePreferenceSource(ConfigNode::LoadString("", "exp.yaml"),
                                     {"bandit", 1, 1}, 0);
  SelfPlayConfig config;
  config.queue_size = 256;
  SelfPlayRewarder rewarder(config, source.get(), 0);
  PmpoLoss loss = Pmpo();
  const BanditResult result = RunOneStepGame(
      loss, 1,
      [&](const torch::Tensor& actions) {
        return ScoreActions(actions, [&](const Trajectory& trajectory) {
          const float a = trajectory.actions[0];
          return rewarder.Score(OneStep(a, -(a - 0.5f) * (a - 0.5f)));
        });
      },
      OneStepGameOptions());
  EXPECT_NEAR(result.mean.item<float>(), 0.5, 0.1);
}

// Rock-paper-scissors over three regions of a ring: the minimax winner is
// uniform over the regions. Starting inside one region, the self-play win
// rate turns the policy around the cycle (the region that beats the current
// one always wins), so the averaged policy of the iterates approaches the
// uniform one. Seeds 1 to 4 give averaged frequencies within 0.13 of 1/3.
TEST(SelfPlayTest, AveragedPolicyApproachesTheMinimaxWinnerOfACycle) {
  CyclicRingSource source;
  SelfPlayConfig config;
  config.queue_size = 64;
  config.comparisons = 16;
  SelfPlayRewarder rewarder(config, &source, 0);
  PmpoLoss loss(CyclicGamePmpo());
  OneStepGameOptions options = CyclicGameOptions();
  options.steps = 1200;
  const BanditResult result = RunOneStepGame(
      loss, 1,
      [&](const torch::Tensor& actions) {
        return ScoreActions(actions, [&](const Trajectory& trajectory) {
          return rewarder.Score(trajectory);
        });
      },
      options);
  for (double frequency : RegionFrequencies(result.sampled_actions)) {
    EXPECT_NEAR(frequency, 1.0 / 3, 0.15);
  }
}

}  // namespace
}  // namespace prefctl
