// `prefctl bench-env --task NAME --envs E --threads T [--steps S]`: VecEnv
// against raw mj_step in one run; one JSON line.
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "envs/env_benchmark.h"
#include "experiments/commands.h"

namespace prefctl {

void RegisterBenchEnvCommand(CLI::App* app) {
  struct Options {
    std::string task = "cheetah-run";
    int envs = 16, threads = 1, steps = 2000, rounds = 3;
    int64_t seed = 0;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app->add_subcommand(
      "bench-env", "Time VecEnv stepping against a raw mj_step loop");
  command->add_option("--task", options->task, "task name or task file");
  command->add_option("--envs", options->envs, "environments")
      ->check(CLI::Range(1, 4096));
  command->add_option("--threads", options->threads, "VecEnv threads")
      ->check(CLI::Range(1, 256));
  command->add_option("--steps", options->steps, "VecEnv steps per round")
      ->check(CLI::Range(1, 100000000));
  command
      ->add_option("--rounds", options->rounds,
                   "alternating rounds; the best rate of each is kept")
      ->check(CLI::Range(1, 100));
  command->add_option("--seed", options->seed, "seed");
  command->callback([options] {
    const EnvBenchmarkResult r = BenchmarkVecEnv(
        options->task, options->envs, options->threads, options->steps,
        options->rounds, static_cast<uint64_t>(options->seed));
    nlohmann::json json = {{"task", r.task},
                           {"envs", r.num_envs},
                           {"threads", r.threads},
                           {"substeps", r.substeps},
                           {"unit", "physics steps"},
                           {"vecenv_steps_per_s", r.vecenv_steps_per_s},
                           {"raw_steps_per_s", r.raw_steps_per_s},
                           {"ratio", r.ratio}};
    std::cout << json.dump() << std::endl;
  });
}

}  // namespace prefctl
