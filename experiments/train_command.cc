// `prefctl train EXPERIMENT.yaml [key.path=value ...] [--run-dir DIR]
//  [--resume]`
#include <CLI/CLI.hpp>
#include <iostream>

#include "core/config.h"
#include "experiments/commands.h"
#include "experiments/experiment_config.h"
#include "experiments/trainer.h"

namespace prefctl {

void RegisterTrainCommand(CLI::App* app) {
  struct Options {
    std::string experiment;
    std::vector<std::string> overrides;
    std::string run_dir;
    bool resume = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app->add_subcommand(
      "train", "Train a policy from an experiment file into a run directory");
  command->add_option("experiment", options->experiment, "experiment YAML file")
      ->required();
  command->add_option("overrides", options->overrides,
                      "key.path=value overrides, e.g. seed=3 "
                      "algorithm.pmpo.beta=2");
  command->add_option("--run-dir", options->run_dir,
                      "run directory (default: a fresh one under runs/)");
  command->add_flag("--resume", options->resume,
                    "continue from the newest checkpoint in --run-dir");
  command->callback([options] {
    if (options->resume && options->run_dir.empty()) {
      throw ConfigError("--resume needs --run-dir naming the run to continue");
    }
    const ExperimentConfig config =
        LoadExperiment(options->experiment, options->overrides);
    const std::string run_dir = options->run_dir.empty()
                                    ? NewRunDirectory("runs", config)
                                    : options->run_dir;
    const TrainSummary summary = Train(config, run_dir, options->resume);
    std::cout << "run directory: " << run_dir << "\n"
              << Describe(summary) << "\n";
  });
}

}  // namespace prefctl
