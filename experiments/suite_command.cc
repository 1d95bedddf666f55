// `prefctl suite SUITE.yaml [--out DIR] [--jobs J] [--only KEY=VALUE ...]
//  [--summarize-only]`
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "core/config.h"
#include "experiments/commands.h"
#include "experiments/suite.h"

namespace prefctl {

void RegisterSuiteCommand(CLI::App* app) {
  struct Options {
    std::string suite;
    std::string out_dir;
    int jobs = 2;
    bool summarize_only = false;
    std::vector<std::string> only;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app->add_subcommand(
      "suite",
      "Run a benchmark suite (an experiment over a grid of overrides and "
      "seeds) and summarize it");
  command->add_option("suite", options->suite, "suite YAML file")->required();
  command->add_option("--out", options->out_dir,
                      "output directory (default: runs/suites/<suite name>); "
                      "finished runs there are kept, interrupted ones resume");
  command
      ->add_option("--jobs", options->jobs,
                   "training processes at a time (each uses about one "
                   "core with torch_threads 1)")
      ->check(CLI::PositiveNumber);
  CLI::Option* only = command->add_option(
      "--only", options->only,
      "run only the runs with this grid value or seed (e.g. "
      "task=reacher-easy, seed=1; repeatable); the tables still cover every "
      "finished run");
  // The tables cover every finished run, so --only would be silently ignored.
  command
      ->add_flag("--summarize-only", options->summarize_only,
                 "only rewrite the tables from the runs already there")
      ->excludes(only);
  command->callback([options] {
    const SuiteConfig suite = LoadSuite(options->suite);
    const std::vector<SuiteRun> runs = ExpandSuite(suite);
    ValidateSuite(suite, runs);
    const std::string out_dir =
        options->out_dir.empty()
            ? "runs/suites/" +
                  std::filesystem::path(options->suite).stem().string()
            : options->out_dir;
    if (options->summarize_only && !std::filesystem::is_directory(out_dir)) {
      throw ConfigError(out_dir +
                        ": no such suite output directory to summarize (run "
                        "the suite first, or name it with --out)");
    }
    int failures = 0;
    if (!options->summarize_only) {
      failures = RunSuite(suite, SelectRuns(suite, runs, options->only),
                          out_dir, options->jobs, "/proc/self/exe");
    }
    std::cout << SummarizeSuite(suite, runs, out_dir) << "\nresults in "
              << out_dir << "/results.md, results.csv, curves.csv\n";
    if (failures > 0) {
      throw std::runtime_error(std::to_string(failures) +
                               " suite runs failed; their train.log files "
                               "say why");
    }
  });
}

}  // namespace prefctl
