#include "envs/trajectory.h"

#include <stdexcept>
#include <string>

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

Trajectory Trajectory::Window(int begin, int end) const {
  Trajectory window;
  window.observation_size = observation_size;
  window.action_size = action_size;
  window.observations.assign(observation(begin), observation(end + 1));
  window.actions.assign(action(begin), action(end));
  window.rewards.assign(rewards.begin() + begin, rewards.begin() + end);
  return window;
}

namespace {

// Appends rows of equal length to `flat`; returns that length.
template <typename Row>
int Flatten(const std::vector<Row>& rows, const char* what,
            std::vector<float>* flat) {
  const int size = rows.empty() ? 0 : static_cast<int>(rows[0].size());
  for (size_t i = 0; i < rows.size(); ++i) {
    if (static_cast<int>(rows[i].size()) != size) {
      throw std::invalid_argument(
          std::string(what) + " row " + std::to_string(i) + " has " +
          std::to_string(rows[i].size()) + " numbers, row 0 has " +
          std::to_string(size));
    }
    flat->insert(flat->end(), rows[i].begin(), rows[i].end());
  }
  return size;
}

template <typename Value>
std::vector<std::vector<Value>> Rows(const std::vector<float>& flat, int size) {
  std::vector<std::vector<Value>> rows;
  for (size_t at = 0; size > 0 && at < flat.size(); at += size) {
    rows.emplace_back(flat.begin() + at, flat.begin() + at + size);
  }
  return rows;
}

}  // namespace

Trajectory FromLabelTrajectory(const PreferenceTrajectory& labelled) {
  Trajectory trajectory;
  trajectory.observation_size =
      Flatten(labelled.observations, "observation", &trajectory.observations);
  trajectory.action_size =
      Flatten(labelled.actions, "action", &trajectory.actions);
  trajectory.rewards.assign(labelled.rewards.begin(), labelled.rewards.end());
  return trajectory;
}

PreferenceTrajectory ToLabelTrajectory(const Trajectory& trajectory) {
  PreferenceTrajectory labelled;
  labelled.observations =
      Rows<float>(trajectory.observations, trajectory.observation_size);
  labelled.actions = Rows<float>(trajectory.actions, trajectory.action_size);
  labelled.rewards.assign(trajectory.rewards.begin(), trajectory.rewards.end());
  return labelled;
}

}  // namespace prefctl
