// Measures VecEnv stepping against a plain mj_step loop on the same model and
// substeps, in one process, so the ratio holds on a noisy shared machine.
// Both count physics steps (control steps x substeps).
#ifndef PREFCTL_ENVS_ENV_BENCHMARK_H_
#define PREFCTL_ENVS_ENV_BENCHMARK_H_

#include <cstdint>
#include <string>

namespace prefctl {

struct EnvBenchmarkResult {
  std::string task;
  int num_envs = 0, threads = 0, substeps = 0;
  int64_t vecenv_physics_steps = 0, raw_physics_steps = 0;
  double vecenv_steps_per_s = 0.0;  // physics steps/s, all threads together
  double raw_steps_per_s = 0.0;     // physics steps/s, one thread
  double ratio = 0.0;               // vecenv per thread / raw
};

// Runs `control_steps` VecEnv steps (each steps all environments) with
// uniform random actions, then the raw loop for the same work per thread
// (control_steps x num_envs / threads control steps); repeats `rounds` times,
// alternating, and keeps the best rate of each.
EnvBenchmarkResult BenchmarkVecEnv(const std::string& task, int num_envs,
                                   int threads, int control_steps, int rounds,
                                   uint64_t seed);

}  // namespace prefctl

#endif  // PREFCTL_ENVS_ENV_BENCHMARK_H_
