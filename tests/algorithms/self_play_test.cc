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

// A one-step trajectory's only reward is its win rate.
double WinRate(SelfPlayRewarder& rewarder, const Trajectory& trajectory) {
  const std::vector<float> rewards = rewarder.Rewards(trajectory);
  EXPECT_EQ(rewards.size(), 1u);
  return rewards[0];
}

// A trajectory of `rewards.size()` steps with these hidden rewards.
Trajectory WithRewards(const std::vector<float>& rewards) {
  Trajectory trajectory;
  trajectory.observation_size = 1;
  trajectory.action_size = 1;
  const float zero = 0.0f;
  for (float reward : rewards) trajectory.Append(&zero, &zero, reward);
  trajectory.Finish(&zero);
  return trajectory;
}

TEST(SelfPlayTest, WinRateAgainstTheQueue) {
  CountingSource source;
  SelfPlayConfig config;
  config.queue_size = 3;
  SelfPlayRewarder rewarder(config, &source, 0);
  EXPECT_EQ(WinRate(rewarder, OneStep(0, 1.0f)), 0.5);  // empty queue
  EXPECT_EQ(WinRate(rewarder, OneStep(0, 2.0f)), 1.0);  // beats 1
  EXPECT_EQ(WinRate(rewarder, OneStep(0, 1.5f)), 0.5);  // beats 1, loses to 2
  // The queue holds 1, 2, 1.5; 1 is evicted after this one.
  EXPECT_FLOAT_EQ(WinRate(rewarder, OneStep(0, 1.0f)), 0.5 / 3);
  EXPECT_EQ(rewarder.queue_length(), 3u);
  EXPECT_FLOAT_EQ(WinRate(rewarder, OneStep(0, 1.2f)),
                  1.0 / 3);  // vs 2, 1.5, 1
  EXPECT_EQ(rewarder.queries(), 0 + 1 + 2 + 3 + 3);
  EXPECT_EQ(source.calls, rewarder.queries());
}

// Rejudging scores a trajectory that joined earlier against the present
// queue, leaves the queue as it is, and asks only about pairs that never met
// (P(b, a) = 1 - P(a, b); a trajectory ties with itself unasked).
TEST(SelfPlayTest, RejudgeAsksOnlyAboutPairsThatNeverMet) {
  CountingSource source;
  SelfPlayConfig config;
  config.queue_size = 2;
  SelfPlayRewarder rewarder(config, &source, 0, /*remember_answers=*/true);
  const Trajectory first = OneStep(0, 1.0f);
  WinRate(rewarder, first);             // number 0
  WinRate(rewarder, OneStep(0, 2.0f));  // 1: against 0
  WinRate(rewarder, OneStep(0, 0.5f));  // 2: against 0 and 1
  EXPECT_EQ(rewarder.queries(), 0 + 1 + 2);
  // The queue is {1, 2}: both pairs with 0 met when 1 and 2 joined.
  EXPECT_EQ(rewarder.Rejudge(first, 0), std::vector<float>{0.5f});
  EXPECT_EQ(rewarder.queries(), 3);
  const Trajectory fourth = OneStep(0, 3.0f);
  WinRate(rewarder, fourth);  // 3: against 1 and 2; the queue is {2, 3}
  EXPECT_EQ(rewarder.queries(), 5);
  // 0 against 3 is new, and asked once.
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(rewarder.Rejudge(first, 0), std::vector<float>{0.5f});
    EXPECT_EQ(rewarder.queries(), 6);
  }
  // 3 against itself and 2.
  EXPECT_EQ(rewarder.Rejudge(fourth, 3), std::vector<float>{0.75f});
  EXPECT_EQ(rewarder.queries(), 6);
  EXPECT_EQ(rewarder.queue_length(), 2u);
  EXPECT_EQ(source.calls, rewarder.queries());
  // Forgotten, the answers about 0 are asked again.
  rewarder.ForgetBefore(1);
  EXPECT_EQ(rewarder.Rejudge(first, 0), std::vector<float>{0.5f});
  EXPECT_EQ(rewarder.queries(), 8);
}

TEST(SelfPlayTest, SampledComparisons) {
  CountingSource source;
  SelfPlayConfig config;
  config.queue_size = 10;
  config.comparisons = 4;
  SelfPlayRewarder rewarder(config, &source, 0);
  for (int i = 0; i < 10; ++i) WinRate(rewarder, OneStep(0, i));
  const int64_t before = rewarder.queries();
  // 10.5 beats every queued trajectory, whichever four are drawn.
  EXPECT_EQ(WinRate(rewarder, OneStep(0, 10.5f)), 1.0);
  EXPECT_EQ(rewarder.queries() - before, 4);
}

TEST(SelfPlayTest, WholeTrajectoryWinRateIsSpreadOverItsSteps) {
  CountingSource source;
  SelfPlayRewarder rewarder(SelfPlayConfig(), &source, 0);
  rewarder.Rewards(WithRewards({1, 1, 1, 1}));
  rewarder.Rewards(WithRewards({0, 0, 0, 5}));
  // Return 4.5 beats 4 and loses to 5: win rate 1/2 over 4 steps.
  EXPECT_EQ(rewarder.Rewards(WithRewards({4.5f, 0, 0, 0})),
            (std::vector<float>{0.125f, 0.125f, 0.125f, 0.125f}));
  EXPECT_EQ(source.calls, 0 + 1 + 2);
}

// Windows of 2 steps: each window is compared with the same window of each
// opponent, and its steps share its win rate / steps.
TEST(SelfPlayTest, WindowsAreComparedWithTheSameWindowOfTheOpponents) {
  CountingSource source;
  SelfPlayConfig config;
  config.segment_steps = 2;
  SelfPlayRewarder rewarder(config, &source, 0);
  // An empty queue: every window ties at 1/2.
  EXPECT_EQ(rewarder.Rewards(WithRewards({1, 1, 0, 0, 2})),
            (std::vector<float>(5, 0.1f)));
  // Windows [0, 2), [2, 4), [4, 5): returns 0 / 1 / 3 against 2 / 0 / 2.
  const std::vector<float> rewards =
      rewarder.Rewards(WithRewards({0, 0, 1, 0, 3}));
  EXPECT_EQ(rewards, (std::vector<float>{0, 0, 0.2f, 0.2f, 0.2f}));
  EXPECT_EQ(rewarder.queries(), 3);
  rewarder.Rewards(WithRewards({5, 5, 5}));  // 2 windows x 2 opponents
  EXPECT_EQ(rewarder.queries(), 3 + 4);
  const std::vector<float> last =
      rewarder.Rewards(WithRewards({9, 9, -1, 0, 0, 0}));
  EXPECT_FLOAT_EQ(last[0], 1.0f / 6);  // 18 beats 2, 0 and 10
  EXPECT_FLOAT_EQ(last[2], 0.0f);      // -1 loses to 0, 1 and 5
  EXPECT_FLOAT_EQ(last[4], 0.0f);      // 0 loses to 2 and 3
  // The 3-step episode lacks window [4, 6) and is not asked about it.
  EXPECT_EQ(rewarder.queries(), 3 + 4 + 3 + 3 + 2);
  EXPECT_EQ(source.calls, rewarder.queries());
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
          return WinRate(rewarder, OneStep(a, -(a - 0.5f) * (a - 0.5f)));
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
          return WinRate(rewarder, trajectory);
        });
      },
      options);
  for (double frequency : RegionFrequencies(result.sampled_actions)) {
    EXPECT_NEAR(frequency, 1.0 / 3, 0.15);
  }
}

}  // namespace
}  // namespace prefctl
