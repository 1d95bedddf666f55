// A small, fast PMPO experiment on cartpole-balance for tests that need a
// real run: 1200 env steps, evaluations and checkpoints every 400.
#ifndef PREFCTL_TESTS_EXPERIMENTS_SMALL_EXPERIMENT_H_
#define PREFCTL_TESTS_EXPERIMENTS_SMALL_EXPERIMENT_H_

#include <string>
#include <vector>

#include "experiments/experiment_config.h"
#include "tests/core/test_dir.h"

namespace prefctl {

// Written to `dir`/exp.yaml, then loaded with `overrides` (key.path=value).
ExperimentConfig SmallExperiment(const TestDir& dir,
                                 const std::vector<std::string>& overrides);

}  // namespace prefctl

#endif  // PREFCTL_TESTS_EXPERIMENTS_SMALL_EXPERIMENT_H_
