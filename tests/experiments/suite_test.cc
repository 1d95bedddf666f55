#include "experiments/suite.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/config.h"
#include "core/metrics_writer.h"
#include "tests/core/test_dir.h"

namespace prefctl {
namespace {
namespace fs = std::filesystem;

// A tiny PMPO experiment on cartpole-balance (seconds per run).
void WriteExperiment(const TestDir& dir) {
  std::ofstream(dir.File("exp.yaml")) << R"(task: cartpole-balance
env: {num_envs: 2, threads: 1}
train:
  env_steps: 800
  warmup_steps: 400
  eval_every: 400
  eval_episodes: 1
  checkpoint_every: 400
learner: {batch_size: 16, num_samples: 4, target_samples: 2}
policy: {hidden: [8]}
critic: {hidden: [8]}
algorithm: {loss: pmpo}
)";
}

SuiteConfig WriteSuite(const TestDir& dir, const std::string& grid) {
  WriteExperiment(dir);
  std::ofstream(dir.File("suite.yaml"))
      << "experiment: exp.yaml\n"
         "seeds: [3, 4]\n"
         "overrides: {train.eval_episodes: 1}\n"
      << grid;
  return LoadSuite(dir.File("suite.yaml"));
}

std::string ErrorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(SuiteTest, ExpandsTheGridTimesSeeds) {
  TestDir dir;
  const SuiteConfig suite =
      WriteSuite(dir,
                 "grid:\n  task: [cartpole-balance, pendulum-swingup]\n"
                 "  algorithm.loss: [pmpo, dpo, nca]\n");
  EXPECT_EQ(suite.experiment, fs::path(dir.File("exp.yaml")).string());
  const std::vector<SuiteRun> runs = ExpandSuite(suite);
  ASSERT_EQ(runs.size(), 2u * 3u * 2u);
  EXPECT_EQ(runs[0].relative_dir, "cartpole-balance/pmpo/seed_3");
  EXPECT_EQ(runs[1].relative_dir, "cartpole-balance/pmpo/seed_4");
  EXPECT_EQ(runs[2].relative_dir, "cartpole-balance/dpo/seed_3");
  EXPECT_EQ(runs.back().relative_dir, "pendulum-swingup/nca/seed_4");
  EXPECT_EQ(runs[2].overrides,
            (std::vector<std::string>{"train.eval_episodes=1",
                                      "task=cartpole-balance",
                                      "algorithm.loss=dpo", "seed=3"}));
  ValidateSuite(suite, runs);  // every combination is a valid experiment
}

// Every suite under experiments/suites expands and validates: a typo in a
// shipped benchmark fails here, not hours into it.
TEST(SuiteTest, EveryShippedSuiteValidates) {
  int suites = 0;
  for (const auto& entry : fs::directory_iterator(
           std::string(PREFCTL_SOURCE_DIR) + "/experiments/suites")) {
    if (entry.path().extension() != ".yaml") continue;
    ++suites;
    EXPECT_NO_THROW({
      const SuiteConfig suite = LoadSuite(entry.path().string());
      const std::vector<SuiteRun> runs = ExpandSuite(suite);
      EXPECT_GE(runs.size(), 2u);
      ValidateSuite(suite, runs);
    }) << entry.path();
  }
  EXPECT_GE(suites, 5);
}

TEST(SuiteTest, BadSuitesAreClearErrors) {
  TestDir dir;
  std::string error = ErrorOf([&] { WriteSuite(dir, "grid:\n  task: []\n"); });
  EXPECT_NE(error.find("suite.yaml"), std::string::npos) << error;
  EXPECT_NE(error.find("at least one value"), std::string::npos) << error;
  error = ErrorOf([&] { WriteSuite(dir, "jobs: 3\n"); });
  EXPECT_NE(error.find("jobs"), std::string::npos) << error;
  // A bad grid value is caught before anything runs, naming the run.
  const SuiteConfig suite =
      WriteSuite(dir, "grid:\n  algorithm.loss: [pmpo, dpoo]\n");
  error = ErrorOf([&] { ValidateSuite(suite, ExpandSuite(suite)); });
  EXPECT_NE(error.find("suite run dpoo/seed_3"), std::string::npos) << error;
  EXPECT_NE(error.find("'sppo'"), std::string::npos) << error;
}

TEST(SuiteTest, RunsSummarizesAndSkipsFinishedRuns) {
  TestDir dir;
  SuiteConfig suite = WriteSuite(dir, "grid:\n  algorithm.loss: [pmpo, ipo]\n");
  suite.seeds = {5};
  const std::vector<SuiteRun> runs = ExpandSuite(suite);
  const std::string out = dir.File("out");
  ASSERT_EQ(RunSuite(suite, runs, out, /*jobs=*/2, PREFCTL_BINARY), 0);
  const std::string summary = out + "/ipo/seed_5/summary.json";
  ASSERT_TRUE(fs::exists(summary));
  const auto written = fs::last_write_time(summary);

  const std::string markdown = SummarizeSuite(suite, runs, out);
  EXPECT_NE(markdown.find("| pmpo | 1 |"), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("| ipo | 1 |"), std::string::npos) << markdown;
  // One seed: no interval claimed.
  EXPECT_NE(markdown.find("(one seed)"), std::string::npos) << markdown;
  EXPECT_EQ(markdown.find("±"), std::string::npos) << markdown;
  const MetricsTable results = ReadMetrics(out + "/results.csv");
  EXPECT_EQ(results.rows.size(), 2u);
  const MetricsTable curves = ReadMetrics(out + "/curves.csv");
  EXPECT_EQ(curves.rows.size(), 2u * 2u);  // evaluations at 400 and 800

  // Running again finds every run finished and starts nothing.
  ASSERT_EQ(RunSuite(suite, runs, out, 2, PREFCTL_BINARY), 0);
  EXPECT_EQ(fs::last_write_time(summary), written);
}

}  // namespace
}  // namespace prefctl
