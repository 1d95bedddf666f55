#include "experiments/evaluation.h"

#include <algorithm>
#include <cmath>

#include "algorithms/learner.h"
#include "envs/vec_env.h"

namespace prefctl {

GaussianPolicy LoadTargetPolicy(const RunTarget& target) {
  const ExperimentConfig& config = target.config;
  const VecEnv probe(config.task, 1, 1, 0);
  GaussianPolicy policy(config.policy, probe.observation_size(),
                        probe.action_size());
  policy->to(torch::Device(config.device));
  OffPolicyLearner::LoadPolicy(target.checkpoint, policy);
  return policy;
}

EvaluationResult EvaluatePolicy(GaussianPolicy& policy,
                                const ExperimentConfig& config, int episodes,
                                uint64_t seed) {
  torch::NoGradGuard no_grad;
  const torch::Device device(config.device);
  VecEnv env(config.task, episodes, /*num_threads=*/1, seed,
             config.env.action_repeat);
  EvaluationResult result;
  const std::vector<double> returns = RunEpisodes(
      env,
      [&](const float* observations, float* actions) {
        const torch::Tensor mean =
            policy
                ->forward(torch::from_blob(const_cast<float*>(observations),
                                           {episodes, env.observation_size()},
                                           torch::kFloat32)
                              .to(device))
                .mean.clamp(-1.0, 1.0)
                .to(torch::kCPU)
                .contiguous();
        std::copy_n(mean.data_ptr<float>(), mean.numel(), actions);
      },
      &result.episodes);
  result.returns = returns;
  std::vector<float> visited;
  for (const Trajectory& episode : result.episodes) {
    visited.insert(visited.end(), episode.observations.begin(),
                   episode.observations.end() - env.observation_size());
  }
  const int64_t visited_states =
      static_cast<int64_t>(visited.size()) / env.observation_size();
  result.visited_entropy =
      policy
          ->forward(torch::from_blob(visited.data(),
                                     {visited_states, env.observation_size()},
                                     torch::kFloat32)
                        .to(device))
          .Entropy()
          .mean()
          .item<double>();
  double sum = 0.0, sum_squares = 0.0;
  for (double r : returns) {
    sum += r;
    sum_squares += r * r;
  }
  result.mean_return = sum / episodes;
  result.stddev_return = std::sqrt(std::max(
      0.0, sum_squares / episodes - result.mean_return * result.mean_return));
  return result;
}

}  // namespace prefctl
