// MPO's policy improvement (Abdolmaleki et al. 2018, "Maximum a Posteriori
// Policy Optimisation" and "Relative Entropy Regularized Policy Iteration";
// DESIGN.md 2.3), with Acme's defaults:
//   E-step: weights q_ij = softmax_i(Q_ij / eta); the temperature eta
//     minimizes g(eta) = eta * eps + eta * mean_j log mean_i exp(Q_ij / eta).
//   M-step, decoupled: maximize sum_i q_ij log N(a_ij; mu_theta, sigma_ref)
//     + sum_i q_ij log N(a_ij; mu_ref, sigma_theta) subject to
//     KL_mean < eps_mean and KL_stddev < eps_stddev, enforced by Lagrange
//     multipliers learned with their own losses (stop-gradients on the
//     other side, as Acme does).
//   Optional action penalty (multi-objective MPO, Abdolmaleki et al. 2020):
//     a second objective -||a - clip(a)|| with its own temperature.
// Dual variables are PositiveDual(raw), as Acme's (improvement_loss.h).
#ifndef PREFCTL_ALGORITHMS_MPO_LOSS_H_
#define PREFCTL_ALGORITHMS_MPO_LOSS_H_

#include "algorithms/improvement_loss.h"

namespace prefctl {

struct MpoConfig {
  double epsilon = 0.1;                 // Acme MPO.
  double epsilon_mean = 0.0025;         // Acme MPO.
  double epsilon_stddev = 1e-6;         // Acme MPO.
  bool per_dim_constraining = true;     // Acme MPO: one multiplier per action.
  double init_log_temperature = 1.0;    // Acme MPO (before softplus).
  double init_log_alpha_mean = 1.0;     // Acme MPO.
  double init_log_alpha_stddev = 10.0;  // Acme MPO.
  // Acme's action_penalization, on by default in Acme's MPO loss; off here:
  // cheetah-run, seed 0, 100k env steps: 130.5 with it, 487.6 without
  // (docs/benchmarks.md, session 31).
  bool action_penalty = false;
  double epsilon_penalty = 0.001;  // Acme's MO-MPO default.
};
void ReadConfig(const ConfigNode& node, MpoConfig* config);

// The dual variables, raw (before softplus).
struct MpoDuals {
  torch::Tensor log_temperature;          // scalar
  torch::Tensor log_penalty_temperature;  // scalar
  torch::Tensor log_alpha_mean;           // [A] per dimension, or [1]
  torch::Tensor log_alpha_stddev;         // [A] per dimension, or [1]
};

class MpoLoss : public ImprovementLoss {
 public:
  explicit MpoLoss(const MpoConfig& config) : config_(config) {}
  // Creates the duals, one multiplier per action dimension when
  // per_dim_constraining.
  void Prepare(int64_t action_size, torch::Device device) override;
  LossOutput Compute(const ActionSetBatch& batch) override;
  std::vector<torch::Tensor> DualParameters() override;
  const MpoDuals& duals() const { return duals_; }

 private:
  MpoConfig config_;
  MpoDuals duals_;
};

}  // namespace prefctl

#endif  // PREFCTL_ALGORITHMS_MPO_LOSS_H_
