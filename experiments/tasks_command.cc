// `prefctl tasks [--random-returns EPISODES]`: the registered tasks with
// their sizes and timing; optionally the mean return of uniform random
// actions (a first check that rewards are on dm_control's scale) and the
// control steps per second of that rollout.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>

#include "core/rng.h"
#include "envs/task_registry.h"
#include "envs/vec_env.h"
#include "experiments/commands.h"

namespace prefctl {
namespace {

struct RandomRollout {
  double mean_return = 0.0;
  double steps_per_s = 0.0;  // Control steps, all episodes together.
};

RandomRollout RollOutRandomPolicy(const std::string& task, int episodes) {
  VecEnv env(task, episodes, /*num_threads=*/1, /*seed=*/0);
  Rng rng(1);
  long steps = 0;
  const auto start = std::chrono::steady_clock::now();
  const std::vector<double> returns =
      RunEpisodes(env, [&](const float*, float* actions) {
        for (int i = 0; i < episodes * env.action_size(); ++i) {
          actions[i] = static_cast<float>(rng.Uniform(-1.0, 1.0));
        }
        steps += episodes;
      });
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  double sum = 0.0;
  for (double r : returns) sum += r;
  return {sum / episodes, steps / seconds};
}

}  // namespace

void RegisterTasksCommand(CLI::App* app) {
  auto episodes = std::make_shared<int>(0);
  CLI::App* command = app->add_subcommand("tasks", "List the registered tasks");
  command
      ->add_option("--random-returns", *episodes,
                   "also print the mean return of random actions over "
                   "this many episodes")
      ->check(CLI::Range(0, 1000));
  command->callback([episodes] {
    std::printf("%-18s %5s %5s %9s %8s %8s%s\n", "task", "obs", "act",
                "control_s", "substeps", "episode",
                *episodes > 0 ? "  random_return  steps_per_s" : "");
    for (const std::string& name : TaskNames()) {
      const std::unique_ptr<Task> task = MakeTask(name);
      std::printf("%-18s %5d %5d %9.4g %8d %8d", name.c_str(),
                  task->observation_size(), task->action_size(),
                  task->control_timestep(), task->physics_substeps(),
                  task->episode_length());
      if (*episodes > 0) {
        const RandomRollout rollout = RollOutRandomPolicy(name, *episodes);
        std::printf("  %13.1f  %11.0f", rollout.mean_return,
                    rollout.steps_per_s);
      }
      std::printf("\n");
    }
  });
}

}  // namespace prefctl
