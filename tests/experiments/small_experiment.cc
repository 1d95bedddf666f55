#include "tests/experiments/small_experiment.h"

#include <fstream>

namespace prefctl {

ExperimentConfig SmallExperiment(const TestDir& dir,
                                 const std::vector<std::string>& overrides) {
  const std::string path = dir.File("exp.yaml");
  std::ofstream(path) << R"(task: cartpole-balance
seed: 7
env: {num_envs: 2, threads: 1}
train:
  env_steps: 1200
  warmup_steps: 400
  eval_every: 400
  eval_episodes: 2
  checkpoint_every: 400
learner: {batch_size: 32, num_samples: 4, target_samples: 2, target_period: 10}
policy: {hidden: [16]}
critic: {hidden: [16]}
algorithm: {loss: pmpo}
)";
  return LoadExperiment(path, overrides);
}

}  // namespace prefctl
