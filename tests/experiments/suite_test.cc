#include "experiments/suite.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/config.h"
#include "core/metrics_writer.h"
#include "experiments/run_directory.h"
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

// --only: values of one axis are alternatives, different axes all hold.
TEST(SuiteTest, SelectsPartOfTheGrid) {
  TestDir dir;
  const SuiteConfig suite =
      WriteSuite(dir,
                 "grid:\n  task: [cartpole-balance, pendulum-swingup]\n"
                 "  algorithm.loss: [pmpo, dpo, nca]\n");
  const std::vector<SuiteRun> runs = ExpandSuite(suite);
  auto dirs = [&](const std::vector<std::string>& filters) {
    std::vector<std::string> names;
    for (const SuiteRun& run : SelectRuns(suite, runs, filters))
      names.push_back(run.relative_dir);
    return names;
  };
  EXPECT_EQ(dirs({}).size(), runs.size());
  EXPECT_EQ(dirs({"task=pendulum-swingup", "seed=4"}),
            (std::vector<std::string>{"pendulum-swingup/pmpo/seed_4",
                                      "pendulum-swingup/dpo/seed_4",
                                      "pendulum-swingup/nca/seed_4"}));
  EXPECT_EQ(dirs({"algorithm.loss=nca", "algorithm.loss=pmpo", "seed=3",
                  "task=cartpole-balance"}),
            (std::vector<std::string>{"cartpole-balance/pmpo/seed_3",
                                      "cartpole-balance/nca/seed_3"}));
  std::string error = ErrorOf([&] { dirs({"loss=pmpo"}); });
  EXPECT_NE(error.find("'loss' is not an axis"), std::string::npos) << error;
  EXPECT_NE(error.find("seed, task, algorithm.loss"), std::string::npos)
      << error;
  error = ErrorOf([&] { dirs({"seed=5"}); });
  EXPECT_NE(error.find("no value '5' in this suite (3, 4)"), std::string::npos)
      << error;
  error = ErrorOf([&] { dirs({"task"}); });
  EXPECT_NE(error.find("no value ''"), std::string::npos) << error;
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

  // A run stopped by a signal leaves "completed": false: it is neither
  // summarized nor skipped, but resumed.
  std::ifstream summary_in(summary);
  std::string text((std::istreambuf_iterator<char>(summary_in)),
                   std::istreambuf_iterator<char>());
  summary_in.close();
  const std::string completed = "\"completed\": true";
  const size_t at = text.find(completed);
  ASSERT_NE(at, std::string::npos) << text;
  text.replace(at, completed.size(), "\"completed\": false");
  std::ofstream(summary) << text;
  const std::string unfinished = SummarizeSuite(suite, runs, out);
  EXPECT_EQ(ReadMetrics(out + "/results.csv").rows.size(), 1u);
  EXPECT_NE(unfinished.find("| ipo | 0 | no finished run |"), std::string::npos)
      << unfinished;
  ASSERT_EQ(RunSuite(suite, runs, out, 2, PREFCTL_BINARY), 0);
  SummarizeSuite(suite, runs, out);
  EXPECT_EQ(ReadMetrics(out + "/results.csv").rows.size(), 2u);
}

// A finished run as the trainer leaves it: summary.json and one metrics row
// per evaluation.
void WriteFinishedRun(const fs::path& run_dir,
                      const std::vector<double>& eval_returns) {
  fs::create_directories(run_dir);
  std::ofstream metrics(run_dir / "metrics.csv");
  metrics << "env_steps,eval_return\n";
  for (size_t i = 0; i < eval_returns.size(); ++i) {
    metrics << 1000 * (i + 1) << "," << eval_returns[i] << "\n";
  }
  std::ofstream(run_dir / "summary.json")
      << "{\"completed\": true, \"final_eval_return\": " << eval_returns.back()
      << ", \"best_eval_return\": "
      << *std::max_element(eval_returns.begin(), eval_returns.end())
      << ", \"env_steps\": " << 1000 * eval_returns.size()
      << ", \"wall_s\": 1}";
}

// The summary (into `markdown`) of a two-seed suite whose runs finished with
// these evaluations, written under `out`.
void SummarizeTwoFinishedRuns(const TestDir& dir, const std::string& out,
                              const std::vector<double>& seed_a,
                              const std::vector<double>& seed_b,
                              std::string* markdown) {
  const SuiteConfig suite = WriteSuite(dir, "");
  const std::vector<SuiteRun> runs = ExpandSuite(suite);
  ASSERT_EQ(runs.size(), 2u);
  WriteFinishedRun(fs::path(out) / runs[0].relative_dir, seed_a);
  WriteFinishedRun(fs::path(out) / runs[1].relative_dir, seed_b);
  *markdown = SummarizeSuite(suite, runs, out);
}

TEST(SuiteTest, SummarizesTheMeanOfTheLastFiveEvaluations) {
  TestDir dir;
  // Seven evaluations: the first two are left out. Three: all count.
  const std::string out = dir.File("out");
  std::string markdown;
  ASSERT_NO_FATAL_FAILURE(SummarizeTwoFinishedRuns(
      dir, out, {900, 800, 10, 20, 30, 40, 50}, {100, 200, 600}, &markdown));
  const MetricsTable results = ReadMetrics(out + "/results.csv");
  ASSERT_EQ(results.rows.size(), 2u);
  const int tail = results.ColumnIndex("tail_eval_return");
  const int final_return = results.ColumnIndex("final_eval_return");
  ASSERT_GE(tail, 0);
  EXPECT_DOUBLE_EQ(results.rows[0][tail], 30.0);
  EXPECT_DOUBLE_EQ(results.rows[1][tail], 300.0);
  EXPECT_DOUBLE_EQ(results.rows[0][final_return], 50.0);
  // Over the two seeds: finals (50 + 600) / 2, tails (30 + 300) / 2.
  EXPECT_NE(markdown.find("| 2 | 325.0 ± "), std::string::npos) << markdown;
  EXPECT_NE(markdown.find(" | 165.0 ± "), std::string::npos) << markdown;
}

TEST(SuiteTest, ShowsAtMostTenCurveStepsAndWritesThemAll) {
  TestDir dir;
  // Twenty evaluations (1k to 20k env steps) and three.
  const std::string out = dir.File("out");
  std::string markdown;
  ASSERT_NO_FATAL_FAILURE(SummarizeTwoFinishedRuns(
      dir, out, std::vector<double>(20, 10.0), {30, 30, 30}, &markdown));
  // Every second step, counted back from the last.
  EXPECT_NE(markdown.find(
                "| 2k | 4k | 6k | 8k | 10k | 12k | 14k | 16k | 18k | 20k |\n"),
            std::string::npos)
      << markdown;
  EXPECT_EQ(markdown.find("| 1k "), std::string::npos) << markdown;
  EXPECT_EQ(markdown.find("| 3k "), std::string::npos) << markdown;
  // 2k is the mean of both seeds, 20k of the one that got there.
  EXPECT_NE(
      markdown.find("| 20 | 10 | 10 | 10 | 10 | 10 | 10 | 10 | 10 | 10 |"),
      std::string::npos)
      << markdown;
  EXPECT_EQ(ReadMetrics(out + "/curves.csv").rows.size(), 20u);
}

// --summarize-only tables every finished run, so an --only beside it would
// be ignored: the command refuses the pair before it reads anything.
TEST(SuiteTest, SummarizeOnlyRefusesOnly) {
  TestDir dir;
  WriteSuite(dir, "");
  const std::string command =
      std::string(PREFCTL_BINARY) + " suite " + dir.File("suite.yaml") +
      " --out " + dir.File("out") + " --summarize-only --only seed=3 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[256];
  while (fgets(buffer, sizeof(buffer), pipe) != nullptr) output += buffer;
  const int status = pclose(pipe);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) != 0) << output;
  EXPECT_NE(output.find("--only excludes --summarize-only"), std::string::npos)
      << output;
}

// SIGTERM to the suite reaches its runs: they save a checkpoint and stop
// rather than train on without it, and the suite exits with an error.
TEST(SuiteTest, StoppingTheSuiteStopsItsRuns) {
  TestDir dir;
  WriteExperiment(dir);
  std::ofstream(dir.File("suite.yaml"))
      << "experiment: exp.yaml\nseeds: [0]\n"
         "overrides: {train.env_steps: 1000000}\n";
  const std::string out = dir.File("out");
  const std::string log = out + "/seed_0/train.log";
  const std::vector<std::string> args = {PREFCTL_BINARY, "suite",
                                         dir.File("suite.yaml"), "--out", out};
  std::vector<char*> argv;
  for (const std::string& arg : args)
    argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  pid_t suite_pid = 0;
  ASSERT_EQ(posix_spawn(&suite_pid, PREFCTL_BINARY, nullptr, nullptr,
                        argv.data(), environ),
            0);
  // Until the run has its signal handlers (it logs "training" after them).
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(120);
  auto run_has_started = [&] {
    std::ifstream in(log);
    std::string line;
    while (std::getline(in, line)) {
      if (line.find("training cartpole-balance") != std::string::npos)
        return true;
    }
    return false;
  };
  while (!run_has_started() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(run_has_started());
  kill(suite_pid, SIGTERM);
  int status = 0;
  ASSERT_EQ(waitpid(suite_pid, &status, 0), suite_pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) != 0);
  // The run no longer trains: its directory lock is free.
  EXPECT_NO_THROW(RunDirectoryLock(out + "/seed_0"));
  std::ifstream summary(out + "/seed_0/summary.json");
  std::string text((std::istreambuf_iterator<char>(summary)),
                   std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("\"completed\": false"), std::string::npos) << text;
  bool has_checkpoint = false;
  for (const auto& entry : fs::directory_iterator(out + "/seed_0/checkpoints"))
    has_checkpoint |= entry.path().filename().string().rfind("step_", 0) == 0;
  EXPECT_TRUE(has_checkpoint);
}

}  // namespace
}  // namespace prefctl
