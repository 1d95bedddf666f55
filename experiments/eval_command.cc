// `prefctl eval RUN_DIR_OR_CHECKPOINT [--episodes K] [--seed S]`: the
// deterministic policy's return, as one JSON line.
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "experiments/commands.h"
#include "experiments/evaluation.h"
#include "experiments/run_directory.h"

namespace prefctl {

void RegisterEvalCommand(CLI::App* app) {
  struct Options {
    std::string target;
    int episodes = 10;
    int64_t seed = 12345;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app->add_subcommand(
      "eval", "Evaluate the deterministic policy of a run or checkpoint");
  command
      ->add_option("target", options->target,
                   "run directory or checkpoint file")
      ->required();
  command->add_option("--episodes", options->episodes, "episodes to average")
      ->check(CLI::Range(1, 10000));
  command->add_option("--seed", options->seed, "seed of the episodes");
  command->callback([options] {
    const RunTarget target = ResolveRunTarget(options->target);
    const ExperimentConfig& config = target.config;
    GaussianPolicy policy = LoadTargetPolicy(target);
    const EvaluationResult result =
        EvaluatePolicy(policy, config, options->episodes,
                       static_cast<uint64_t>(options->seed));
    nlohmann::json json = {{"checkpoint", target.checkpoint},
                           {"task", config.task},
                           {"episodes", options->episodes},
                           {"mean_return", result.mean_return},
                           {"stddev_return", result.stddev_return},
                           {"returns", result.returns}};
    std::cout << json.dump() << "\n";
  });
}

}  // namespace prefctl
