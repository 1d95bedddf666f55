#include "tests/algorithms/one_step_game.h"

#include <cmath>

namespace prefctl {

Trajectory OneStep(const std::vector<float>& action, float reward) {
  Trajectory trajectory;
  trajectory.observation_size = 1;
  trajectory.action_size = static_cast<int>(action.size());
  const float zero = 0.0f;
  trajectory.Append(&zero, action.data(), reward);
  trajectory.Finish(&zero);
  return trajectory;
}

Trajectory OneStep(float action, float reward) {
  return OneStep(std::vector<float>{action}, reward);
}

int RingRegion(float action) {
  const int region = static_cast<int>(std::floor(action / kRegionWidth)) % 3;
  return region < 0 ? region + 3 : region;
}

std::array<double, 3> RegionFrequencies(const torch::Tensor& actions) {
  std::array<double, 3> counts = {0, 0, 0};
  const torch::Tensor flat = actions.reshape({-1}).contiguous();
  const float* action = flat.data_ptr<float>();
  for (int64_t i = 0; i < flat.numel(); ++i) counts[RingRegion(action[i])] += 1;
  for (double& count : counts) count /= static_cast<double>(flat.numel());
  return counts;
}

double CyclicRingSource::Prefer(const Trajectory& a, const Trajectory& b) {
  const int ra = RingRegion(a.actions[0]), rb = RingRegion(b.actions[0]);
  if (ra == rb) return 0.5;
  return (ra + 1) % 3 == rb ? 1.0 : 0.0;
}

PmpoConfig CyclicGamePmpo() {
  PmpoConfig config;
  config.selection = "advantage_sign";
  return config;
}

OneStepGameOptions CyclicGameOptions() {
  OneStepGameOptions options;
  options.learning_rate = 3e-2;
  options.initial_mean = torch::tensor({kRegionWidth / 2});
  options.initial_stddev = 0.6;
  return options;
}

torch::Tensor ScoreActions(
    const torch::Tensor& actions,
    const std::function<double(const Trajectory&)>& score) {
  const int64_t size = actions.size(-1);
  const torch::Tensor flat = actions.reshape({-1, size}).contiguous();
  torch::Tensor scores = torch::empty({flat.size(0)});
  const float* action = flat.data_ptr<float>();
  float* out = scores.data_ptr<float>();
  for (int64_t i = 0; i < flat.size(0); ++i) {
    out[i] = static_cast<float>(score(OneStep(
        std::vector<float>(action + i * size, action + (i + 1) * size))));
  }
  return scores.view({actions.size(0), actions.size(1)});
}

}  // namespace prefctl
