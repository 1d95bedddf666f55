// The policy acting in the viewer: a checkpoint's networks, or a random or
// zero policy when there is none. Checkpoints load on a background thread so
// the window keeps drawing while a large one (with its replay buffer) is read;
// the current policy acts until the new one is ready.
#ifndef PREFCTL_VIEWER_POLICY_SOURCE_H_
#define PREFCTL_VIEWER_POLICY_SOURCE_H_

#include <torch/torch.h>

#include <future>
#include <optional>
#include <string>

#include "core/rng.h"
#include "critics/q_ensemble.h"
#include "policies/gaussian_policy.h"

namespace prefctl {

// A checkpoint's online policy and critic.
struct CheckpointNetworks {
  std::string path;
  GaussianPolicy policy{nullptr};
  QEnsemble critic{nullptr};
};

// Loads the networks of a checkpoint written by `prefctl train` (full or
// best). Throws std::runtime_error naming the path when the file is missing,
// unreadable, or holds networks of other sizes than the run's config.
CheckpointNetworks LoadCheckpointNetworks(const std::string& path,
                                          const PolicyNetworkConfig& policy,
                                          const CriticConfig& critic,
                                          int observation_size,
                                          int action_size);

class PolicySource {
 public:
  // `fallback` ("random" or "zero") acts until a checkpoint is installed.
  PolicySource(const PolicyNetworkConfig& policy, const CriticConfig& critic,
               int observation_size, int action_size,
               const std::string& fallback, uint64_t seed);
  ~PolicySource();

  // Loads `path` now; throws like LoadCheckpointNetworks.
  void LoadNow(const std::string& path);
  // Starts loading `path` in the background unless a load is in flight.
  void LoadInBackground(const std::string& path);
  bool loading() const { return pending_.valid(); }

  struct LoadResult {
    std::string path;
    std::string error;  // "" on success
  };
  // Installs a finished background load; the result, once per load.
  std::optional<LoadResult> Poll();

  // The checkpoint acting, or the fallback's name.
  const std::string& name() const { return name_; }
  bool has_networks() const { return !networks_.policy.is_empty(); }
  GaussianPolicy& policy() { return networks_.policy; }
  QEnsemble& critic() { return networks_.critic; }
  torch::Generator& generator() { return generator_; }

  // Writes action_size actions for one observation: the policy's mean when
  // `deterministic`, else a sample, clipped to [-1, 1]; without networks,
  // uniform in [-1, 1] or zeros.
  void Act(const float* observation, bool deterministic, float* action);

 private:
  PolicyNetworkConfig policy_config_;
  CriticConfig critic_config_;
  int observation_size_, action_size_;
  std::string fallback_, name_;
  CheckpointNetworks networks_;
  std::future<CheckpointNetworks> pending_;
  std::string pending_path_;
  Rng rng_;
  torch::Generator generator_;
};

}  // namespace prefctl

#endif  // PREFCTL_VIEWER_POLICY_SOURCE_H_
