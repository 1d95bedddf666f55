// The policy-improvement step as a loss on sampled action sets (DESIGN.md
// 2.1): for B states the learner draws N actions from the reference policy,
// scores them with the critic, and hands everything to an ImprovementLoss,
// which returns a scalar loss to minimize and named statistics. Losses are
// functions of tensors in, loss and statistics out, like Acme's loss modules;
// learnable dual variables (MPO's temperature and multipliers) are the only
// state a loss keeps, exposed through DualParameters().
//
// Adding a loss: one file with a config struct, its ReadConfig and a class
// implementing Compute, plus one line in improvement_loss.cc's registry.
#ifndef PREFCTL_ALGORITHMS_IMPROVEMENT_LOSS_H_
#define PREFCTL_ALGORITHMS_IMPROVEMENT_LOSS_H_

#include <torch/torch.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/config.h"
#include "policies/diag_gaussian.h"

namespace prefctl {

struct ActionSetBatch {
  torch::Tensor actions;             // [N, B, A] sampled from the reference
  torch::Tensor log_prob_policy;     // [N, B] under pi_theta (with gradient)
  torch::Tensor log_prob_reference;  // [N, B] under pi_ref
  torch::Tensor q_values;            // [N, B] heads aggregated, no gradient
  torch::Tensor q_values_per_head;   // [K, N, B]
  DiagGaussian policy;               // pi_theta(.|s), [B, A], with gradient
  DiagGaussian reference;            // pi_ref(.|s), [B, A]
  // Optional [N, B] boolean labels from outside (a preference oracle, a
  // dataset, a person); undefined tensors when absent.
  torch::Tensor accepted, rejected;
};

using LossStats = std::vector<std::pair<std::string, torch::Tensor>>;

struct LossOutput {
  torch::Tensor loss;  // scalar, minimized
  LossStats stats;     // 0-dim tensors (no device sync until reported)
};

class ImprovementLoss {
 public:
  virtual ~ImprovementLoss() = default;
  // Called once by the learner before anything else: creates any state that
  // depends on the action size, on `device`.
  virtual void Prepare(int64_t /*action_size*/, torch::Device /*device*/) {}
  virtual LossOutput Compute(const ActionSetBatch& batch) = 0;
  // Learnable dual variables, optimized at the dual learning rate.
  virtual std::vector<torch::Tensor> DualParameters() { return {}; }
};

// Names accepted by MakeImprovementLoss.
std::vector<std::string> ImprovementLossNames();

// Builds loss `name` from its config section (validated, unknown keys
// rejected). An unknown name is a ConfigError listing the known ones.
std::unique_ptr<ImprovementLoss> MakeImprovementLoss(const std::string& name,
                                                     const ConfigNode& node);

// How far each sampled action lies outside the action box [-1, 1]^A:
// ||a - clip(a)||, [N, B] for actions [N, B, A]. The environment and the
// critic see clipped actions, so samples past a bound look alike to the
// critic; multi-objective MPO's action penalty (Abdolmaleki et al. 2020)
// ranks them by this instead.
torch::Tensor ActionExcess(const torch::Tensor& actions);

// Learnable dual variables (Lagrange multipliers, temperatures) are kept raw
// and used as PositiveDual(raw) = softplus(raw) + 1e-8, with the raw value
// clipped below at kMinRawDual before each use, as Acme's MPO does, so they
// stay positive and can recover from near zero.
constexpr double kMinRawDual = -18.0;  // Acme's _MIN_LOG_TEMPERATURE/ALPHA.
torch::Tensor PositiveDual(const torch::Tensor& raw);
// A raw dual of `size` entries set to `value`, requiring gradient.
torch::Tensor NewRawDual(double value, int64_t size, torch::Device device);
// Clips each raw dual below at kMinRawDual, in place.
void ClampRawDuals(std::vector<torch::Tensor> raw_duals);

// MPO's decoupled policy (Abdolmaleki et al. 2018; Acme's MPO loss): the
// policy's mean with the reference's stddev, and the reference's mean with
// the policy's stddev. Fitting samples by LogProb moves the mean at the
// reference's stddev and the stddev at the reference's mean, so neither
// step is scaled by how far the other has already moved.
struct DecoupledPolicy {
  DiagGaussian mean_part;
  DiagGaussian stddev_part;
  // log N(a; mu_theta, sigma_ref) + log N(a; mu_ref, sigma_theta), [N, B].
  torch::Tensor LogProb(const torch::Tensor& actions) const;
};
DecoupledPolicy Decouple(const ActionSetBatch& batch);

// Statistics every loss reports: KL(pi_ref || pi_theta) whole and its mean and
// stddev parts, policy entropy, and the policy's log-likelihood of the best
// and the worst sample of each state by Q (the likelihood-displacement effect
// NCA addresses shows in the latter pair).
void AddCommonStats(const ActionSetBatch& batch, LossStats* stats);

}  // namespace prefctl

#endif  // PREFCTL_ALGORITHMS_IMPROVEMENT_LOSS_H_
