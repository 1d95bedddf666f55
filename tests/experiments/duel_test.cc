#include "experiments/duel.h"

#include <gtest/gtest.h>

#include <string>

#include "core/config.h"
#include "experiments/trainer.h"
#include "tests/core/test_dir.h"
#include "tests/experiments/small_experiment.h"

namespace prefctl {
namespace {

ExperimentConfig ReturnJudge() {
  return LoadExperiment(std::string(PREFCTL_SOURCE_DIR) +
                            "/experiments/cartpole_swingup_spo.yaml",
                        {});
}

// The hard `return` judge prefers the higher return and calls ties even, so
// the duel's win rate is the share of episode pairs that the first policy
// wins on return; swapping the two policies gives the complement, and a
// policy against itself wins exactly half.
TEST(DuelTest, ReturnJudgeCountsThePairsWonOnReturn) {
  TestDir dir;
  const std::string run = dir.File("run");
  Train(SmallExperiment(dir, {"train.keep_checkpoints=3"}), run, false);
  const RunTarget trained =
      ResolveRunTarget(run + "/checkpoints/step_000000001200.pt");
  const RunTarget early =
      ResolveRunTarget(run + "/checkpoints/step_000000000400.pt");
  const ExperimentConfig judge = ReturnJudge();
  constexpr int kEpisodes = 3;

  const DuelResult duel = Duel(trained, early, judge, kEpisodes, 7);
  EXPECT_EQ(duel.queries, kEpisodes * kEpisodes);
  double won = 0.0;
  for (double first : duel.first_returns) {
    for (double second : duel.second_returns) {
      won += first > second ? 1.0 : first == second ? 0.5 : 0.0;
    }
  }
  EXPECT_DOUBLE_EQ(duel.first_win_rate, won / (kEpisodes * kEpisodes));
  EXPECT_NE(duel.first_returns, duel.second_returns);

  const DuelResult swapped = Duel(early, trained, judge, kEpisodes, 7);
  EXPECT_DOUBLE_EQ(duel.first_win_rate + swapped.first_win_rate, 1.0);
  EXPECT_DOUBLE_EQ(duel.same_start_win_rate + swapped.same_start_win_rate, 1.0);
  EXPECT_DOUBLE_EQ(Duel(trained, trained, judge, kEpisodes, 7).first_win_rate,
                   0.5);
}

// Both are checked before any policy is loaded: no trained run is needed.
TEST(DuelTest, OtherTasksAndJudgesWithoutPreferencesAreClearErrors) {
  TestDir dir;
  const RunTarget trained{dir.File("run"), dir.File("run/checkpoints/best.pt"),
                          SmallExperiment(dir, {})};
  RunTarget other = trained;
  other.config.task = "pendulum-swingup";
  try {
    Duel(trained, other, ReturnJudge(), 1, 0);
    FAIL() << "expected an error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("different tasks"), std::string::npos)
        << e.what();
  }
  try {
    Duel(trained, trained, trained.config, 1, 0);
    FAIL() << "expected an error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("no preference section"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace prefctl
