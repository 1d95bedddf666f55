#include "envs/trajectory.h"

namespace prefctl {

void Trajectory::Append(const float* observation, const float* action,
                        float reward) {
  observations.insert(observations.end(), observation,
                      observation + observation_size);
  actions.insert(actions.end(), action, action + action_size);
  rewards.push_back(reward);
}

void Trajectory::Finish(const float* final_observation) {
  observations.insert(observations.end(), final_observation,
                      final_observation + observation_size);
}

double Trajectory::Return() const {
  double sum = 0.0;
  for (float reward : rewards) sum += reward;
  return sum;
}

}  // namespace prefctl
