#include "experiments/evaluation.h"

#include <cmath>

#include "envs/vec_env.h"

namespace prefctl {

EvaluationResult EvaluatePolicy(GaussianPolicy& policy, const std::string& task,
                                int episodes, uint64_t seed,
                                torch::Device device) {
  torch::NoGradGuard no_grad;
  VecEnv env(task, episodes, /*num_threads=*/1, seed);
  std::vector<double> returns(episodes, 0.0);
  std::vector<bool> finished(episodes, false);
  int remaining = episodes;
  while (remaining > 0) {
    const torch::Tensor observations =
        torch::from_blob(const_cast<float*>(env.observations()),
                         {episodes, env.observation_size()}, torch::kFloat32)
            .to(device);
    const torch::Tensor actions = policy->forward(observations)
                                      .mean.clamp(-1.0, 1.0)
                                      .to(torch::kCPU)
                                      .contiguous();
    env.Step(actions.data_ptr<float>());
    for (int i = 0; i < episodes; ++i) {
      if (finished[i]) continue;
      returns[i] += env.rewards()[i];
      if (env.terminated()[i] || env.truncated()[i]) {
        finished[i] = true;
        --remaining;
      }
    }
  }
  EvaluationResult result;
  result.returns = returns;
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
