// Benchmark suites: one experiment file run over a grid of overrides and
// seeds, each run a child `prefctl train` process in its own run directory,
// then summarized into tables (mean and 95% interval over seeds) and
// learning curves. A suite file:
//
//   experiment: ../cartpole_swingup_pmpo.yaml   # relative to the suite file
//   seeds: [0, 1, 2]
//   overrides: {train.env_steps: 30000}         # applied to every run
//   grid:                                       # every combination
//     task: [cartpole-swingup, reacher-easy]
//     algorithm.loss: [pmpo, dpo]
//
// Overrides and grid values are command-line overrides of each run: a file
// name in them is relative to the working directory, not the suite file.
// Runs that finished (summary.json says completed) are skipped and stopped
// ones resume from their checkpoint, so a suite can be stopped and re-run.
#ifndef PREFCTL_EXPERIMENTS_SUITE_H_
#define PREFCTL_EXPERIMENTS_SUITE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace prefctl {

struct SuiteConfig {
  std::string experiment;              // path, resolved against the suite file
  std::vector<uint64_t> seeds = {0};   // The issues ask for 3 in benchmarks.
  std::vector<std::string> overrides;  // "key.path=value"
  // Grid axes in file order: key path and its values (as YAML text).
  std::vector<std::pair<std::string, std::vector<std::string>>> grid;
};
SuiteConfig LoadSuite(const std::string& path);

struct SuiteRun {
  std::vector<std::string> grid_values;  // one per grid axis
  uint64_t seed = 0;
  std::string relative_dir;            // e.g. "cartpole-swingup/dpo/seed_0"
  std::vector<std::string> overrides;  // suite's, then the grid's, then seed
};
// Every combination of grid values and seeds, the last axis varying fastest.
std::vector<SuiteRun> ExpandSuite(const SuiteConfig& suite);

// The runs that match the filters "key=value", where key is a grid axis (as
// the suite file spells it) or "seed": filters on one key are alternatives,
// filters on different keys must all hold. So a person can run part of a
// grid now and the rest later or elsewhere. A key that is no axis, or a
// value the axis does not have, is a ConfigError listing the choices.
std::vector<SuiteRun> SelectRuns(const SuiteConfig& suite,
                                 const std::vector<SuiteRun>& runs,
                                 const std::vector<std::string>& filters);

// Checks every run's experiment (all keys and values) before anything runs,
// so a typo fails in a second rather than hours into a suite.
void ValidateSuite(const SuiteConfig& suite, const std::vector<SuiteRun>& runs);

// Runs the unfinished runs under `out_dir`, `jobs` child processes of
// `prefctl_binary` at a time, each logging to its run directory's
// train.log. Returns the number of runs that failed (named in the log).
// On SIGINT or SIGTERM it passes SIGTERM on to the running runs, waits for
// them to save a checkpoint and stop, and throws std::runtime_error.
int RunSuite(const SuiteConfig& suite, const std::vector<SuiteRun>& runs,
             const std::string& out_dir, int jobs,
             const std::string& prefctl_binary);

// Writes results.csv (one row per finished run), curves.csv (mean eval
// return over seeds per evaluation step) and results.md (both as markdown
// tables, the curves at no more than 10 evenly spaced steps) under
// `out_dir`; returns the markdown.
std::string SummarizeSuite(const SuiteConfig& suite,
                           const std::vector<SuiteRun>& runs,
                           const std::string& out_dir);

}  // namespace prefctl

#endif  // PREFCTL_EXPERIMENTS_SUITE_H_
