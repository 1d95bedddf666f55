// `prefctl export RUN_DIR_OR_CHECKPOINT --out FILE [--seed S]`: the policy's
// mean action as a file for DeployedPolicy (Eigen only, no LibTorch) in a
// control stack (docs/deploying.md), checked against the checkpoint; one
// JSON line.
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "experiments/commands.h"
#include "experiments/policy_export.h"
#include "experiments/run_directory.h"

namespace prefctl {

void RegisterExportCommand(CLI::App* app) {
  struct Options {
    std::string target;
    std::string out;
    int64_t seed = 12345;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app->add_subcommand(
      "export",
      "Write a run's policy for a control stack (DeployedPolicy, Eigen only)");
  command
      ->add_option("target", options->target,
                   "run directory or checkpoint file")
      ->required();
  command->add_option("--out", options->out, "policy file to write")
      ->required();
  command->add_option("--seed", options->seed,
                      "seed of the episode that checks the file");
  command->callback([options] {
    const RunTarget target = ResolveRunTarget(options->target);
    const PolicyExport result = ExportPolicy(
        target, options->out, static_cast<uint64_t>(options->seed));
    nlohmann::json json = {
        {"checkpoint", target.checkpoint},
        {"out", options->out},
        {"task", target.config.task},
        {"action_repeat", target.config.env.action_repeat},
        {"observation_size", result.observation_size},
        {"action_size", result.action_size},
        {"checked_steps", result.checked_steps},
        {"max_action_difference", result.max_action_difference}};
    std::cout << json.dump() << "\n";
  });
}

}  // namespace prefctl
