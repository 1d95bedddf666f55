// PMPO: EM preference optimization from accepted and rejected samples
// (Abdolmaleki et al. 2024, "Preference Optimization as Probabilistic
// Inference", arXiv 2410.04166; DESIGN.md 2.2). Maximizes
//   J = alpha * E_accepted[log pi(a|s)] - (1 - alpha) * E_rejected[log pi(a|s)]
//       - beta * KL(pi_ref(.|s) || pi(.|s))
// with unpaired accepted and rejected sets. alpha = 1 is accept-only (a
// weighted maximum likelihood M-step, MPO with hard weights), alpha = 0
// reject-only. The analytic KL is what makes negatives usable: the paper
// reports reject-only needs beta > 1 and collapses without it, both kinds
// need beta > 0.5, accept-only is insensitive to beta.
#ifndef PREFCTL_ALGORITHMS_PMPO_LOSS_H_
#define PREFCTL_ALGORITHMS_PMPO_LOSS_H_

#include <limits>
#include <string>

#include "algorithms/improvement_loss.h"

namespace prefctl {

struct PmpoConfig {
  double alpha = 0.5;  // Both kinds, weighted equally (the paper's default).
  double beta = 1.0;   // Above the 0.5 the paper needs with both kinds.
  // How the critic labels samples per state: "top_fraction" (top / bottom
  // fraction of the N samples by Q), "advantage_sign" (Q above / below the
  // state's mean Q) or "threshold" (fixed Q levels). External labels in the
  // batch take precedence.
  std::string selection = "top_fraction";
  double accept_fraction = 0.5;  // DESIGN.md 2.2 default split.
  double reject_fraction = 0.5;
  double accept_threshold = 0.0;  // Q >= this is accepted ("threshold").
  double reject_threshold = 0.0;  // Q <= this is rejected ("threshold").
  // "whole": beta * KL; "decoupled": beta_mean * KL_mean + beta_stddev *
  // KL_stddev (MPO's split, DESIGN.md 2.3).
  std::string kl = "whole";
  double beta_mean = 1.0;
  double beta_stddev = 1.0;
  // The log-likelihood in the preference terms: "joint", log pi(a|s) of the
  // whole policy (the paper's form), or "decoupled", DecoupledPolicy's, as
  // MPO's M-step. Under "joint" the pull of the two sets on the mean scales
  // as 1 / sigma^2, and the mean it moves widens the rejected samples' spread
  // about it, which pays for a smaller sigma: with KL "decoupled" one target
  // period's objective grows without bound as sigma -> 0
  // (docs/benchmarks.md, session 42).
  std::string log_prob = "joint";
  // A Gaussian's log-likelihood of a rejected sample is unbounded below;
  // rejected log-probabilities are clamped at this floor (no gradient past
  // it). Off (-inf) by default: the KL and the stddev floor bound it within
  // a target period, except as "log_prob" says.
  double rejected_log_prob_floor = -std::numeric_limits<double>::infinity();
  // Multi-objective MPO's action penalty (Abdolmaleki et al. 2020; on in
  // Acme's MPO loss) as a second PMPO objective with this weight: per state,
  // samples whose ActionExcess is below the state's mean excess are accepted,
  // those above it rejected. The critic cannot rank samples past a bound, so
  // without it nothing pulls a mean that has left the box back. 0 = off.
  double action_penalty_weight = 0.0;
  // A lower bound on the policy's entropy, in nats per action dimension,
  // held on the batch's mean by a learned multiplier as SAC holds its
  // temperature's target (Haarnoja et al. 2018, "Soft Actor-Critic
  // Algorithms and Applications", target -|A|, i.e. -1 here). PMPO's
  // preference terms narrow the stddev every target period and nothing in
  // one period's objective stops it across periods (docs/benchmarks.md,
  // sessions 42 to 44); the multiplier starts at ~0 and grows only while
  // the entropy is below the bound. Off (-inf) here, the paper's PMPO;
  // experiments/cartpole_swingup_pmpo.yaml sets -1 (session 47).
  double min_entropy_per_dim = -std::numeric_limits<double>::infinity();
};
void ReadConfig(const ConfigNode& node, PmpoConfig* config);

// Per-state accepted / rejected masks [N, B] (float 0/1) for `q` [N, B].
struct SampleLabels {
  torch::Tensor accepted, rejected;
};
SampleLabels SelectSamples(const PmpoConfig& config, const torch::Tensor& q);

// Samples scoring above / below their state's mean score [N, B] (ties with
// the mean in neither set).
SampleLabels AboveAndBelowMean(const torch::Tensor& score);

class PmpoLoss : public ImprovementLoss {
 public:
  explicit PmpoLoss(const PmpoConfig& config) : config_(config) {}
  // Creates the entropy multiplier when min_entropy_per_dim is set.
  void Prepare(int64_t action_size, torch::Device device) override;
  LossOutput Compute(const ActionSetBatch& batch) override;
  std::vector<torch::Tensor> DualParameters() override;
  const PmpoConfig& config() const { return config_; }

 private:
  bool HasEntropyBound() const;

  PmpoConfig config_;
  torch::Tensor raw_entropy_multiplier_;  // [1], before PositiveDual
};

}  // namespace prefctl

#endif  // PREFCTL_ALGORITHMS_PMPO_LOSS_H_
