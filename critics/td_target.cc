#include "critics/td_target.h"

namespace prefctl {

torch::Tensor NStepTarget(const torch::Tensor& rewards,
                          const torch::Tensor& discounts,
                          const torch::Tensor& next_observations,
                          GaussianPolicy& target_policy,
                          QEnsemble& target_critic, int num_action_samples,
                          torch::Generator& generator) {
  torch::NoGradGuard no_grad;
  const int64_t batch = next_observations.size(0);
  const torch::Tensor next_actions =
      target_policy->forward(next_observations)
          .Sample(num_action_samples, generator)
          .clamp(-1.0, 1.0)
          .reshape({num_action_samples * batch, -1});
  const torch::Tensor repeated =
      next_observations.unsqueeze(0)
          .expand({num_action_samples, batch, next_observations.size(1)})
          .reshape({num_action_samples * batch, -1});
  const torch::Tensor values =
      target_critic->Aggregate(target_critic->forward(repeated, next_actions))
          .reshape({num_action_samples, batch})
          .mean(0);
  return rewards + discounts * values;
}

}  // namespace prefctl
