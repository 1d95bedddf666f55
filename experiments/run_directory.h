// Finding what a run directory or checkpoint path holds, for `prefctl eval`
// and the viewer: the run's resolved config and the checkpoint to load; and
// the check that a resumed run continues the same experiment; and the lock
// that keeps two trainings out of one run directory.
#ifndef PREFCTL_EXPERIMENTS_RUN_DIRECTORY_H_
#define PREFCTL_EXPERIMENTS_RUN_DIRECTORY_H_

#include <string>
#include <vector>

#include "experiments/experiment_config.h"

namespace prefctl {

struct RunTarget {
  std::string run_dir;
  std::string checkpoint;  // best.pt when present, else the newest step_*.pt
  ExperimentConfig config;
};

// `path` is a run directory or a checkpoint file inside one. Throws
// ConfigError with a clear message when the directory has no config.yaml or
// no checkpoint yet, or the file does not exist.
RunTarget ResolveRunTarget(const std::string& path);

// One setting that differs between two resolved experiments.
struct SettingChange {
  std::string key;     // e.g. "learner.critic_learning_rate"
  std::string before;  // as YAML, "absent" when missing
  std::string after;
};

// The settings that differ between two resolved experiment documents
// (config.yaml text), in document order. Numbers compare by value, so 1e-3
// and 0.001 are the same setting.
std::vector<SettingChange> ChangedSettings(const std::string& before_yaml,
                                           const std::string& after_yaml);

// `--resume` continues the experiment in `run_dir`/config.yaml, so `config`
// may differ from it only where the experiment stays the same: the budget
// (train.env_steps), train.keep_checkpoints, device, torch_threads and
// env.threads. Otherwise throws ConfigError listing each changed key with
// both values and how to resume as the run was. Does nothing when the run
// has no config.yaml.
void CheckResumesTheSameExperiment(const std::string& run_dir,
                                   const ExperimentConfig& config);

// Held while a training writes into `run_dir`: an exclusive flock on
// run_dir/train.lock, so a second `prefctl train` into the same directory (a
// suite restarted while its old runs still train) fails with a clear error
// instead of interleaving checkpoints and metrics. The kernel releases it
// when the process ends, however it ends, so no stale lock survives a kill.
class RunDirectoryLock {
 public:
  // Throws ConfigError naming the directory when another process holds it.
  explicit RunDirectoryLock(const std::string& run_dir);
  ~RunDirectoryLock();
  RunDirectoryLock(const RunDirectoryLock&) = delete;
  RunDirectoryLock& operator=(const RunDirectoryLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace prefctl

#endif  // PREFCTL_EXPERIMENTS_RUN_DIRECTORY_H_
