// Finding what a run directory or checkpoint path holds, for `prefctl eval`
// and the viewer: the run's resolved config and the checkpoint to load.
#ifndef PREFCTL_EXPERIMENTS_RUN_DIRECTORY_H_
#define PREFCTL_EXPERIMENTS_RUN_DIRECTORY_H_

#include <string>

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

}  // namespace prefctl

#endif  // PREFCTL_EXPERIMENTS_RUN_DIRECTORY_H_
