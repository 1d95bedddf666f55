// `prefctl train`: actors step a VecEnv, n-step transitions fill the replay,
// the learner updates at a fixed replay ratio, and the run directory receives
// config.yaml, metrics.csv (one row per evaluation), summary.json and
// checkpoints/. A resumed run continues from the newest checkpoint; on CPU it
// is bit-identical to a run that was never interrupted.
#ifndef PREFCTL_EXPERIMENTS_TRAINER_H_
#define PREFCTL_EXPERIMENTS_TRAINER_H_

#include <cstdint>
#include <string>

#include "experiments/experiment_config.h"

namespace prefctl {

struct TrainSummary {
  double final_eval_return = 0.0;
  double best_eval_return = 0.0;
  int64_t env_steps = 0;
  int64_t updates = 0;
  double wall_s = 0.0;
};

// One line for the terminal: final and best eval return, or "no evaluation
// yet" for a run stopped before its first evaluation, then the counters.
std::string Describe(const TrainSummary& summary);

// Trains into `run_dir`. With `resume`, continues from the newest checkpoint
// there (an error if there is none). Throws NonFiniteError if training
// diverges; the newest checkpoint is then the last good state.
TrainSummary Train(const ExperimentConfig& config, const std::string& run_dir,
                   bool resume);

// A fresh run directory runs/<task>-<loss>-<date>-<time> under `root`.
std::string NewRunDirectory(const std::string& root,
                            const ExperimentConfig& config);

}  // namespace prefctl

#endif  // PREFCTL_EXPERIMENTS_TRAINER_H_
