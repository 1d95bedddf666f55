#include "core/nstep_adder.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace prefctl {

NStepAdder::NStepAdder(int num_envs, int observation_size, int action_size,
                       int n_step, double discount)
    : num_envs_(num_envs),
      observation_size_(observation_size),
      action_size_(action_size),
      n_step_(n_step),
      discount_(discount),
      windows_(num_envs) {
  if (n_step < 1) throw std::invalid_argument("n_step must be >= 1");
  for (Window& window : windows_) {
    window.observations.reserve(n_step * observation_size);
    window.actions.reserve(n_step * action_size);
    window.rewards.reserve(n_step);
  }
  // At most every env flushes a whole window in one step.
  const int max_rows = num_envs * n_step;
  out_.observation_size = observation_size;
  out_.action_size = action_size;
  out_.observations.resize(max_rows * observation_size);
  out_.actions.resize(max_rows * action_size);
  out_.rewards.resize(max_rows);
  out_.discounts.resize(max_rows);
  out_.next_observations.resize(max_rows * observation_size);
}

void NStepAdder::Push(int env, const float* observation, const float* action,
                      float reward) {
  Window& window = windows_[env];
  window.observations.insert(window.observations.end(), observation,
                             observation + observation_size_);
  window.actions.insert(window.actions.end(), action, action + action_size_);
  window.rewards.push_back(reward);
}

void NStepAdder::PopFront(int env) {
  Window& window = windows_[env];
  window.observations.erase(window.observations.begin(),
                            window.observations.begin() + observation_size_);
  window.actions.erase(window.actions.begin(),
                       window.actions.begin() + action_size_);
  window.rewards.erase(window.rewards.begin());
}

void NStepAdder::Emit(int env, int first, const float* next_observation,
                      bool terminated) {
  const Window& window = windows_[env];
  const int length = static_cast<int>(window.rewards.size()) - first;
  double total = 0.0, weight = 1.0;
  for (int i = 0; i < length; ++i) {
    total += weight * window.rewards[first + i];
    weight *= discount_;
  }
  const int row = out_.count++;
  std::copy_n(window.observations.begin() + first * observation_size_,
              observation_size_,
              out_.observations.begin() + row * observation_size_);
  std::copy_n(window.actions.begin() + first * action_size_, action_size_,
              out_.actions.begin() + row * action_size_);
  out_.rewards[row] = static_cast<float>(total);
  out_.discounts[row] = terminated ? 0.0f : static_cast<float>(weight);
  std::copy_n(next_observation, observation_size_,
              out_.next_observations.begin() + row * observation_size_);
}

const TransitionBatch& NStepAdder::Add(const EnvStepView& step) {
  out_.count = 0;
  for (int env = 0; env < num_envs_; ++env) {
    Push(env, step.observations + env * observation_size_,
         step.actions + env * action_size_, step.rewards[env]);
    const float* next = step.next_observations + env * observation_size_;
    const bool terminated = step.terminated[env] != 0;
    if (terminated || step.truncated[env] != 0) {
      const int pending = static_cast<int>(windows_[env].rewards.size());
      for (int first = 0; first < pending; ++first) {
        Emit(env, first, next, terminated);
      }
      windows_[env].observations.clear();
      windows_[env].actions.clear();
      windows_[env].rewards.clear();
    } else if (static_cast<int>(windows_[env].rewards.size()) == n_step_) {
      Emit(env, 0, next, false);
      PopFront(env);
    }
  }
  return out_;
}

void NStepAdder::set_windows(const std::vector<Window>& windows) {
  if (static_cast<int>(windows.size()) != num_envs_) {
    throw std::invalid_argument("n-step windows do not match the env count");
  }
  windows_ = windows;
}

}  // namespace prefctl
