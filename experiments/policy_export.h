// Exporting a run's policy for a control stack: the file DeployedPolicy
// (policies/deployed_policy.h, Eigen only) loads, checked against the
// checkpoint it came from. `prefctl export` is this function's command.
#ifndef PREFCTL_EXPERIMENTS_POLICY_EXPORT_H_
#define PREFCTL_EXPERIMENTS_POLICY_EXPORT_H_

#include <cstdint>
#include <string>

#include "experiments/run_directory.h"

namespace prefctl {

struct PolicyExport {
  int observation_size = 0;
  int action_size = 0;
  int checked_steps = 0;
  // Largest |deployed action - checkpoint action| over the checked steps.
  double max_action_difference = 0.0;
};

// Writes the policy of `target`'s checkpoint to `path`, then lets both the
// checkpoint's network and the file act on the observations of one
// evaluation episode (seed `seed`). Throws std::runtime_error naming `path`
// when their actions differ by more than float rounding.
PolicyExport ExportPolicy(const RunTarget& target, const std::string& path,
                          uint64_t seed);

}  // namespace prefctl

#endif  // PREFCTL_EXPERIMENTS_POLICY_EXPORT_H_
