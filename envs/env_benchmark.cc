#include "envs/env_benchmark.h"

#include <mujoco/mujoco.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "core/rng.h"
#include "envs/vec_env.h"

namespace prefctl {
namespace {

double Now() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

EnvBenchmarkResult BenchmarkVecEnv(const std::string& task, int num_envs,
                                   int threads, int control_steps, int rounds,
                                   uint64_t seed) {
  VecEnv env(task, num_envs, threads, seed);
  const Task& prototype = env.task(0);
  const int substeps = prototype.physics_substeps();
  const int action_size = env.action_size();
  Rng rng(seed);

  // Random actions drawn up front so neither loop pays for them.
  std::vector<float> actions(static_cast<size_t>(control_steps) * num_envs *
                             action_size);
  for (float& a : actions) a = static_cast<float>(rng.Uniform(-1.0, 1.0));

  // The raw baseline: one mjData on the same model, mj_step x substeps per
  // control step, ctrl set from the same actions, and the same episode
  // structure: every episode_length steps a reset that runs the task's settle
  // steps (dm_control's cheetah settles for 200 physics steps per reset).
  mjModel* model = mj_copyModel(nullptr, prototype.model());
  mjData* data = mj_makeData(model);
  const int64_t raw_control_steps =
      static_cast<int64_t>(control_steps) * num_envs / std::max(threads, 1);

  EnvBenchmarkResult result;
  result.task = task;
  result.num_envs = num_envs;
  result.threads = threads;
  result.substeps = substeps;
  result.vecenv_physics_steps =
      static_cast<int64_t>(control_steps) * num_envs * substeps;
  result.raw_physics_steps = raw_control_steps * substeps;
  for (int round = 0; round < rounds; ++round) {
    double start = Now();
    for (int step = 0; step < control_steps; ++step) {
      env.Step(&actions[static_cast<size_t>(step) * num_envs * action_size]);
    }
    const double vecenv_seconds = Now() - start;

    mj_resetData(model, data);
    mj_forward(model, data);
    start = Now();
    const size_t action_count = actions.size();
    for (int64_t step = 0; step < raw_control_steps; ++step) {
      const float* action =
          &actions[(static_cast<size_t>(step) * action_size) % action_count];
      for (int i = 0; i < model->nu; ++i) data->ctrl[i] = action[i];
      for (int k = 0; k < substeps; ++k) mj_step(model, data);
      if ((step + 1) % prototype.episode_length() == 0) {
        mj_resetData(model, data);
        for (int k = 0; k < prototype.settle_steps(); ++k) mj_step(model, data);
        mj_forward(model, data);
      }
    }
    const double raw_seconds = Now() - start;
    result.vecenv_steps_per_s =
        std::max(result.vecenv_steps_per_s,
                 result.vecenv_physics_steps / vecenv_seconds);
    result.raw_steps_per_s = std::max(result.raw_steps_per_s,
                                      result.raw_physics_steps / raw_seconds);
  }
  mj_deleteData(data);
  mj_deleteModel(model);
  result.ratio = result.vecenv_steps_per_s / threads / result.raw_steps_per_s;
  return result;
}

}  // namespace prefctl
