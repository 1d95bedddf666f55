// The critic's n-step target (DESIGN.md 2.1), expected-SARSA style:
//   y = R + d * mean_{a' ~ pi_target(s')} agg_k Qtarget_k(s', a')
// with R the n-step discounted reward sum and d = gamma^k, or 0 after a
// terminal (core/nstep_adder.h). The M next actions of all B states are
// scored in one batched critic forward over M * B pairs.
#ifndef PREFCTL_CRITICS_TD_TARGET_H_
#define PREFCTL_CRITICS_TD_TARGET_H_

#include <torch/torch.h>

#include "critics/q_ensemble.h"
#include "policies/gaussian_policy.h"

namespace prefctl {

// rewards, discounts [B]; next_observations [B, O]; returns y [B] (no grad).
torch::Tensor NStepTarget(const torch::Tensor& rewards,
                          const torch::Tensor& discounts,
                          const torch::Tensor& next_observations,
                          GaussianPolicy& target_policy,
                          QEnsemble& target_critic, int num_action_samples,
                          torch::Generator& generator);

}  // namespace prefctl

#endif  // PREFCTL_CRITICS_TD_TARGET_H_
