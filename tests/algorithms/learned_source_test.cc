#include "algorithms/learned_source.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/preference_labels.h"
#include "tests/algorithms/one_step_game.h"
#include "tests/core/test_dir.h"

namespace prefctl {
namespace {

const PreferenceTask kGame{"ring", 1, 1};

// Labels of the ring's rock-paper-scissors cycle between one-step
// trajectories, as the viewer would write them: 40 pairs of each region pair.
std::string CycleLabels(const TestDir& dir) {
  const std::string path = dir.File("labels.jsonl");
  Rng rng(2);
  for (int i = 0; i < 120; ++i) {
    const int first = i % 3, second = (first + 1) % 3;
    auto action = [&](int region) {
      return static_cast<float>((region + rng.Uniform(0.1, 0.9)) *
                                kRegionWidth);
    };
    const bool first_left = i % 2 == 0;
    PreferenceLabel label;
    label.task = "ring";
    label.left =
        ToLabelTrajectory(OneStep(action(first_left ? first : second)));
    label.right =
        ToLabelTrajectory(OneStep(action(first_left ? second : first)));
    label.label = first_left ? "left" : "right";  // region r beats r + 1
    label.preference = PreferenceOfLabel(label.label);
    label.time = "2026-11-22T12:00:00Z";
    AppendPreferenceLabel(path, label);
  }
  return path;
}

PreferenceModelConfig Gpm() {
  PreferenceModelConfig config;
  config.type = "gpm";
  config.hidden = {32, 32};
  config.fit_steps = 400;
  config.learning_rate = 3e-3;
  return config;
}

// A GPM fitted to a person's cyclic labels answers the cycle, which no
// scalar reward could: each region is preferred to the next one.
TEST(LearnedSourceTest, GpmFittedToLabelsAnswersTheCycle) {
  TestDir dir;
  LearnedSource source(CycleLabels(dir), Gpm(), kGame, 0);
  EXPECT_EQ(source.dataset().comparisons.size(), 120u);
  for (int region = 0; region < 3; ++region) {
    const Trajectory winner = OneStep((region + 0.5f) * kRegionWidth);
    const Trajectory loser = OneStep(((region + 1) % 3 + 0.5f) * kRegionWidth);
    EXPECT_GT(source.Prefer(winner, loser), 0.8) << "region " << region;
  }
}

// The fit is seeded on its own: the same labels and seed give the same
// answers, and LibTorch's global generator is left where it was.
TEST(LearnedSourceTest, FitIsDeterministicAndLeavesTheGlobalGenerator) {
  TestDir dir;
  const std::string labels = CycleLabels(dir);
  PreferenceModelConfig config = Gpm();
  config.fit_steps = 20;
  const Trajectory a = OneStep(0.3f), b = OneStep(2.5f);
  torch::manual_seed(11);
  const torch::Tensor expected = torch::rand({3});
  torch::manual_seed(11);
  LearnedSource first(labels, config, kGame, 4);
  const double answer = first.Prefer(a, b);
  EXPECT_TRUE(torch::equal(torch::rand({3}), expected));
  LearnedSource second(labels, config, kGame, 4);
  EXPECT_EQ(second.Prefer(a, b), answer);
}

std::string ErrorOf(const std::string& labels, const PreferenceTask& task) {
  try {
    LearnedSource(labels, Gpm(), task, 0);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(LearnedSourceTest, BadLabelFilesNameTheFileAndLine) {
  TestDir dir;
  const std::string labels = CycleLabels(dir);
  // The labels hold one-step trajectories of 1 observation and 1 action.
  const std::string sizes = ErrorOf(labels, {"cartpole-swingup", 5, 1});
  EXPECT_NE(sizes.find("labels.jsonl:1: left has observations of 1"),
            std::string::npos)
      << sizes;
  EXPECT_NE(sizes.find("cartpole-swingup has 5 and 1"), std::string::npos)
      << sizes;
  std::ofstream(labels, std::ios::app) << "\n{\"version\": 1, \"task\": 3}\n";
  const std::string malformed = ErrorOf(labels, kGame);
  EXPECT_NE(malformed.find("labels.jsonl:122: malformed preference label"),
            std::string::npos)
      << malformed;
  std::ofstream(dir.File("empty.jsonl")) << "\n";
  EXPECT_NE(ErrorOf(dir.File("empty.jsonl"), kGame).find("holds no"),
            std::string::npos);
}

}  // namespace
}  // namespace prefctl
