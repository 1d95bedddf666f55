// `prefctl duel FIRST SECOND [--judge RUN_OR_EXPERIMENT] [--episodes K]`:
// how often the judge prefers FIRST's episodes to SECOND's, as one JSON line.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "experiments/commands.h"
#include "experiments/duel.h"
#include "experiments/run_directory.h"

namespace prefctl {

void RegisterDuelCommand(CLI::App* app) {
  struct Options {
    std::string first;
    std::string second;
    std::string judge;
    int episodes = 10;
    int64_t seed = 12345;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app->add_subcommand(
      "duel",
      "Compare two policies head to head under a preference source: every "
      "evaluation episode of FIRST against every one of SECOND");
  command->add_option("first", options->first, "run directory or checkpoint")
      ->required();
  command->add_option("second", options->second, "run directory or checkpoint")
      ->required();
  command->add_option(
      "--judge", options->judge,
      "experiment file or run directory whose preference: section is the "
      "judge (default: FIRST's, else SECOND's)");
  command->add_option("--episodes", options->episodes, "episodes per policy")
      ->check(CLI::Range(1, 1000));
  command->add_option("--seed", options->seed,
                      "seed of the episodes and of a noisy judge");
  command->callback([options] {
    const RunTarget first = ResolveRunTarget(options->first);
    const RunTarget second = ResolveRunTarget(options->second);
    ExperimentConfig judge =
        first.config.use_preferences ? first.config : second.config;
    if (!options->judge.empty()) {
      // A judge run needs no checkpoint: only its preference: section counts.
      const std::filesystem::path judge_path =
          std::filesystem::is_directory(options->judge)
              ? std::filesystem::path(options->judge) / "config.yaml"
              : std::filesystem::path(options->judge);
      judge = LoadExperiment(judge_path.string(), {});
    }
    const DuelResult result = Duel(first, second, judge, options->episodes,
                                   static_cast<uint64_t>(options->seed));
    nlohmann::json json = {{"first", first.checkpoint},
                           {"second", second.checkpoint},
                           {"task", first.config.task},
                           {"episodes", options->episodes},
                           {"queries", result.queries},
                           {"first_win_rate", result.first_win_rate},
                           {"same_start_win_rate", result.same_start_win_rate},
                           {"first_returns", result.first_returns},
                           {"second_returns", result.second_returns}};
    std::cout << json.dump() << "\n";
  });
}

}  // namespace prefctl
