#include "algorithms/reward_model_rlhf.h"

#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <utility>

#include "algorithms/pmpo_loss.h"
#include "tests/algorithms/bandit.h"
#include "tests/algorithms/one_step_game.h"

namespace prefctl {
namespace {

// The same rock-paper-scissors ring and learner as self_play_test, from the
// same start: a Bradley-Terry reward model refitted each round on fresh pairs
// of the policy's actions ranks the region that beats the current one first;
// the policy moves there and narrows until every fresh pair is a tie, which
// leaves the model little to learn: it collapses onto one region. Returns the
// largest region frequency over the last 10% of `steps` with torch seed
// `seed`.
double FinalShareOfOneRegion(int seed, int steps) {
  CyclicRingSource source;
  PreferenceModelConfig model_config;
  model_config.hidden = {32, 32};
  model_config.fit_steps = 100;
  model_config.learning_rate = 3e-3;
  torch::manual_seed(seed);
  RewardModelRlhf rlhf(model_config, &source, 1, 1, 0);
  PmpoLoss loss(CyclicGamePmpo());
  OneStepGameOptions options = CyclicGameOptions();
  options.steps = steps;
  int step = 0;
  const BanditResult result = RunOneStepGame(
      loss, 1,
      [&](const torch::Tensor& actions) {
        if (step++ % 10 == 0) {  // a round: 64 fresh on-policy trajectories
          std::vector<Trajectory> fresh;
          const torch::Tensor flat = actions.reshape({-1});
          for (int i = 0; i < 64; ++i) {
            fresh.push_back(OneStep(flat[i].item<float>()));
          }
          rlhf.Refit(fresh);
        }
        return ScoreActions(actions, [&](const Trajectory& trajectory) {
          return rlhf.Rewards(trajectory)[0];
        });
      },
      options);
  EXPECT_EQ(rlhf.queries(), steps / 10 * 32);
  const int64_t last_window = result.sampled_actions.size(0) / 10;
  const std::array<double, 3> final_policy =
      RegionFrequencies(result.sampled_actions.slice(0, -last_window));
  return *std::max_element(final_policy.begin(), final_policy.end());
}

// The collapse is metastable (likely a slight slope of the refitted model
// within the region walking the policy over a border), and which runs leave
// their region depends on float rounding. Over seeds 0-7, 900 steps, the last
// 10% were over 90% in one region in 8/8 runs with OpenBLAS's Haswell or Zen
// kernels and in 6/8 with its SkylakeX (AVX-512) kernels, where seeds 0 and 2
// moved on around the cycle. So the test asks it of most seeds, not of each.
TEST(RewardModelRlhfTest, CollapsesOntoOneRegionOfACycleInMostSeeds) {
  int collapsed = 0;
  std::ostringstream shares;
  for (int seed = 0; seed < 8; ++seed) {
    const double share = FinalShareOfOneRegion(seed, 900);
    if (share > 0.9) ++collapsed;
    shares << " " << share;
  }
  EXPECT_GE(collapsed, 5) << "final shares of one region:" << shares.str();
}

// Remembers the actions of every pair it is asked about; prefers the larger.
class RecordingSource : public PreferenceSource {
 public:
  double Prefer(const Trajectory& a, const Trajectory& b) override {
    asked.emplace_back(a.actions[0], b.actions[0]);
    return a.actions[0] > b.actions[0] ? 1.0 : 0.0;
  }
  std::vector<std::pair<float, float>> asked;
};

std::vector<Trajectory> OneSteps(const std::vector<float>& actions) {
  std::vector<Trajectory> trajectories;
  for (float action : actions) trajectories.push_back(OneStep(action));
  return trajectories;
}

// Fresh trajectories 0..3, the previous round's 10..12: consecutive fresh
// pairs come first, then distinct pairs that each hold a fresh one, up to
// all 4 * 3 / 2 + 4 * 3 = 18 of them.
TEST(RewardModelRlhfTest, RoundAsksConsecutiveFreshPairsFirstThenOthers) {
  const std::vector<Trajectory> fresh = OneSteps({0, 1, 2, 3});
  const std::vector<Trajectory> previous = OneSteps({10, 11, 12});
  PreferenceModelConfig config;
  config.fit_steps = 2;
  for (int pairs : {2, 7, 100}) {
    RecordingSource source;
    RewardModelRlhf rlhf(config, &source, 1, 1, 0);
    rlhf.Refit(fresh, previous, pairs);
    const std::vector<std::pair<float, float>>& asked = source.asked;
    ASSERT_EQ(asked.size(), std::min(pairs, 18)) << pairs;
    EXPECT_EQ(rlhf.queries(), static_cast<int64_t>(asked.size()));
    EXPECT_EQ(asked[0], std::make_pair(0.0f, 1.0f));
    EXPECT_EQ(asked[1], std::make_pair(2.0f, 3.0f));
    std::set<std::pair<float, float>> distinct;
    for (const auto& [a, b] : asked) {
      EXPECT_TRUE(a < 10 || b < 10) << a << " vs " << b;
      EXPECT_LT(a, b);
      distinct.emplace(a, b);
    }
    EXPECT_EQ(distinct.size(), asked.size()) << pairs;
  }
  RecordingSource source;
  RewardModelRlhf rlhf(config, &source, 1, 1, 0);
  rlhf.Refit(OneSteps({0, 1, 2, 3, 4}));  // the default: each at most once
  EXPECT_EQ(source.asked,
            (std::vector<std::pair<float, float>>{{0, 1}, {2, 3}}));
}

TEST(RewardModelRlhfTest, RewardsAreTheModelsPerStepRewards) {
  CyclicRingSource source;
  PreferenceModelConfig config;
  RewardModelRlhf rlhf(config, &source, 1, 1, 0);
  const Trajectory trajectory = OneStep(0.2f);
  torch::NoGradGuard no_grad;
  EXPECT_FLOAT_EQ(rlhf.Rewards(trajectory)[0],
                  rlhf.model()->StepRewards(trajectory)[0].item<float>());
  config.type = "gpm";
  EXPECT_THROW(RewardModelRlhf(config, &source, 1, 1, 0),
               std::invalid_argument);
}

}  // namespace
}  // namespace prefctl
