// The off-policy learner shared by every improvement loss (DESIGN.md 2.1).
//
// One Update() is a critic step and a policy step on a replay batch of B
// states:
//   critic: y = R + d * mean_{a'~pi_ref(s')} agg_k Qtarget_k(s', a')  (M a')
//           minimize mean_k (Q_k(s, a) - y)^2
//   policy: a_ij ~ pi_ref(.|s_j), i < N, scored in one batched forward of the
//           target critic over the [N*B] pairs, then handed with their
//           log-probabilities under pi_theta and pi_ref to the ImprovementLoss.
// Target networks follow by hard copy every `target_period` updates or by
// Polyak averaging. Everything is whole-tensor work on the configured device.
#ifndef PREFCTL_ALGORITHMS_LEARNER_H_
#define PREFCTL_ALGORITHMS_LEARNER_H_

#include <torch/torch.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "algorithms/improvement_loss.h"
#include "core/config.h"
#include "core/replay_buffer.h"
#include "critics/q_ensemble.h"
#include "policies/gaussian_policy.h"

namespace prefctl {

struct LearnerConfig {
  int batch_size = 256;     // Acme MPO.
  int num_samples = 20;     // N actions per state for the loss; Acme MPO.
  int target_samples = 20;  // M actions for the critic's expectation; Acme.
  double discount = 0.99;   // Acme.
  int n_step = 5;           // Acme MPO control agents.
  double policy_learning_rate = 3e-4;    // Acme control baselines (1e-4 core).
  double critic_learning_rate = 3e-4;    // Acme control baselines.
  double dual_learning_rate = 1e-2;      // Acme MPO.
  std::string target_update = "period";  // "period" (Acme) or "polyak".
  int target_period = 100;               // Acme MPO.
  double polyak_tau = 0.005;             // SAC's tau, for "polyak".
  double max_gradient_norm = 40.0;       // Acme MPO.
};
void ReadConfig(const ConfigNode& node, LearnerConfig* config);

// Raised when a loss, gradient or parameter stops being finite.
class NonFiniteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Statistics of one update as 0-dim tensors (read without a device sync
// per value only when they are reported).
using LearnerStats = std::vector<std::pair<std::string, torch::Tensor>>;

class OffPolicyLearner {
 public:
  OffPolicyLearner(const LearnerConfig& config,
                   const PolicyNetworkConfig& policy_config,
                   const CriticConfig& critic_config,
                   std::unique_ptr<ImprovementLoss> loss, int observation_size,
                   int action_size, torch::Device device, uint64_t seed);

  // One critic step and one policy step. Throws NonFiniteError naming the
  // quantity and the update number if anything became NaN or infinite; the
  // networks are then left as they were before the offending step.
  LearnerStats Update(const ReplayBatch& batch);

  // Actions for observations [E, O] (on any device): sampled from the online
  // policy, or its mean when `deterministic`; clipped to [-1, 1].
  torch::Tensor Act(const torch::Tensor& observations, bool deterministic,
                    torch::Generator& generator);

  int64_t updates() const { return updates_; }
  GaussianPolicy& policy() { return policy_; }
  QEnsemble& critic() { return critic_; }
  const ImprovementLoss& loss() const { return *loss_; }

  // Networks, target networks, optimizers, duals and the update counter.
  void Save(torch::serialize::OutputArchive& archive) const;
  void Load(torch::serialize::InputArchive& archive);

  // Loads only the online policy's weights from a checkpoint file written by
  // the trainer (a full or a best checkpoint).
  static void LoadPolicy(const std::string& checkpoint, GaussianPolicy& policy);

 private:
  void CriticStep(const ReplayBatch& batch, LearnerStats* stats);
  void PolicyStep(const ReplayBatch& batch, LearnerStats* stats);
  void UpdateTargets();
  void CheckFinite(const torch::Tensor& value, const std::string& name) const;
  // Clips the gradient norm; a non-finite norm is a NonFiniteError.
  void ClipGradients(const std::vector<torch::Tensor>& parameters,
                     const std::string& name) const;

  LearnerConfig config_;
  torch::Device device_;
  GaussianPolicy policy_, target_policy_;
  QEnsemble critic_, target_critic_;
  std::unique_ptr<ImprovementLoss> loss_;
  std::unique_ptr<torch::optim::Adam> policy_optimizer_, critic_optimizer_,
      dual_optimizer_;
  torch::Generator generator_;
  int64_t updates_ = 0;
};

}  // namespace prefctl

#endif  // PREFCTL_ALGORITHMS_LEARNER_H_
