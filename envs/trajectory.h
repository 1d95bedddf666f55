// One whole episode (or a window of one) as plain arrays: what preference
// sources compare, preference models embed and the label files store.
#ifndef PREFCTL_ENVS_TRAJECTORY_H_
#define PREFCTL_ENVS_TRAJECTORY_H_

#include <cstddef>
#include <vector>

#include "core/preference_labels.h"

namespace prefctl {

struct Trajectory {
  int observation_size = 0;
  int action_size = 0;
  // Row-major [steps + 1, observation_size]: the last row is the final
  // observation.
  std::vector<float> observations;
  std::vector<float> actions;  // [steps, action_size]
  std::vector<float> rewards;  // [steps], the task's (hidden) reward

  int steps() const { return static_cast<int>(rewards.size()); }
  const float* observation(int t) const {
    return observations.data() + static_cast<size_t>(t) * observation_size;
  }
  const float* action(int t) const {
    return actions.data() + static_cast<size_t>(t) * action_size;
  }
  // Appends step t: the observation the action was taken in, the action and
  // its reward.
  void Append(const float* observation, const float* action, float reward);
  // Closes the trajectory with its final observation.
  void Finish(const float* final_observation);
  double Return() const;
  // Steps [begin, end) of a finished trajectory, with the observation after
  // the last of them; 0 <= begin <= end <= steps().
  Trajectory Window(int begin, int end) const;
};

// Between the label files' row-per-step form (core/preference_labels.h) and
// this one. The label's rows must all have the same length; throws
// std::invalid_argument saying which row does not.
Trajectory FromLabelTrajectory(const PreferenceTrajectory& labelled);
PreferenceTrajectory ToLabelTrajectory(const Trajectory& trajectory);

}  // namespace prefctl

#endif  // PREFCTL_ENVS_TRAJECTORY_H_
