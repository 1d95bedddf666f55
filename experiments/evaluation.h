// Deterministic evaluation: the policy's mean action on `episodes` fresh
// episodes, run side by side in one VecEnv (one batched forward per step).
#ifndef PREFCTL_EXPERIMENTS_EVALUATION_H_
#define PREFCTL_EXPERIMENTS_EVALUATION_H_

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "envs/trajectory.h"
#include "experiments/run_directory.h"
#include "policies/gaussian_policy.h"

namespace prefctl {

struct EvaluationResult {
  double mean_return = 0.0;
  double stddev_return = 0.0;
  std::vector<double> returns;
  std::vector<Trajectory> episodes;  // whole, for preference comparisons
  // The policy's entropy (nats, summed over action dimensions) averaged over
  // the states the episodes visited: how much the policy still explores
  // where it now goes. The learner's `entropy` statistic averages over replay
  // states, most of them visited by older policies.
  double visited_entropy = 0.0;
};

// The policy network of `target`'s checkpoint, on the run's device.
GaussianPolicy LoadTargetPolicy(const RunTarget& target);

// On `config`'s task, action repeat and device.
EvaluationResult EvaluatePolicy(GaussianPolicy& policy,
                                const ExperimentConfig& config, int episodes,
                                uint64_t seed);

}  // namespace prefctl

#endif  // PREFCTL_EXPERIMENTS_EVALUATION_H_
