#include "experiments/policy_export.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "experiments/evaluation.h"
#include "policies/deployed_policy.h"

namespace prefctl {
namespace {

// Float32 sums in another order (Eigen's gemv against torch's gemm) differ
// by ~1e-6 per action; a wrong layer or layout differs by far more.
constexpr double kAgreementTolerance = 1e-4;

// The largest difference between the deployed policy's actions and the
// actions recorded in `episode`, on the episode's observations.
double MaxActionDifference(DeployedPolicy& deployed,
                           const Trajectory& episode) {
  std::vector<float> action(deployed.action_size());
  double largest = 0.0;
  for (size_t step = 0; step < episode.rewards.size(); ++step) {
    deployed.Act(&episode.observations[step * episode.observation_size],
                 action.data());
    for (int j = 0; j < deployed.action_size(); ++j) {
      largest = std::max(
          largest, std::fabs(static_cast<double>(action[j]) -
                             episode.actions[step * episode.action_size + j]));
    }
  }
  return largest;
}

}  // namespace

PolicyExport ExportPolicy(const RunTarget& target, const std::string& path,
                          uint64_t seed) {
  const ExperimentConfig& config = target.config;
  GaussianPolicy policy = LoadTargetPolicy(target);
  SaveDeployedPolicy(policy->ToDeployed(config.task), path);
  DeployedPolicy deployed = DeployedPolicy::Load(path);
  const EvaluationResult check =
      EvaluatePolicy(policy, config, /*episodes=*/1, seed);
  const Trajectory& episode = check.episodes.front();
  PolicyExport result;
  result.observation_size = deployed.observation_size();
  result.action_size = deployed.action_size();
  result.checked_steps = static_cast<int>(episode.rewards.size());
  result.max_action_difference = MaxActionDifference(deployed, episode);
  if (!(result.max_action_difference <= kAgreementTolerance)) {
    throw std::runtime_error(
        path +
        ": the exported policy's actions differ from the checkpoint's "
        "by " +
        std::to_string(result.max_action_difference));
  }
  return result;
}

}  // namespace prefctl
