#include "envs/vec_env.h"

#include <cmath>
#include <cstring>
#include <numeric>
#include <stdexcept>

#include "envs/task_registry.h"

namespace prefctl {

VecEnv::VecEnv(const std::string& task, int num_envs, int num_threads,
               uint64_t seed, int action_repeat)
    : pool_(num_threads) {
  if (num_envs < 1) throw std::invalid_argument("VecEnv needs num_envs >= 1");
  for (int i = 0; i < num_envs; ++i) {
    tasks_.push_back(MakeTask(task));
    tasks_.back()->set_action_repeat(action_repeat);
    rngs_.push_back(Rng::Stream(seed, static_cast<uint64_t>(i)));
  }
  observation_size_ = tasks_[0]->observation_size();
  action_size_ = tasks_[0]->action_size();
  observations_.resize(static_cast<size_t>(num_envs) * observation_size_);
  final_observations_.resize(observations_.size());
  rewards_.assign(num_envs, 0.0f);
  terminated_.assign(num_envs, 0);
  truncated_.assign(num_envs, 0);
  control_steps_.assign(num_envs, 0);
  episode_returns_.assign(num_envs, 0.0);
  last_returns_.assign(num_envs, std::nan(""));
  divergences_.assign(num_envs, 0);
  action_scratch_.resize(static_cast<size_t>(num_envs) * action_size_);
  for (int i = 0; i < num_envs; ++i) {
    tasks_[i]->Reset(&rngs_[i]);
    tasks_[i]->Observe(
        &observations_[static_cast<size_t>(i) * observation_size_]);
  }
  final_observations_ = observations_;
}

void VecEnv::Step(const float* actions, size_t count) {
  const size_t expected = static_cast<size_t>(num_envs()) * action_size_;
  if (count != expected) {
    throw std::invalid_argument(
        "VecEnv::Step got " + std::to_string(count) + " action values; task '" +
        tasks_[0]->name() + "' needs " + std::to_string(num_envs()) +
        " environments x " + std::to_string(action_size_) +
        " actions = " + std::to_string(expected));
  }
  Step(actions);
}

void VecEnv::Step(const float* actions) {
  const size_t count = action_scratch_.size();
  for (size_t i = 0; i < count; ++i) {
    if (!std::isfinite(actions[i])) {
      throw std::invalid_argument(
          "VecEnv::Step: action " + std::to_string(i % action_size_) +
          " of environment " + std::to_string(i / action_size_) + " is " +
          std::to_string(actions[i]) + "; actions must be finite");
    }
    action_scratch_[i] = actions[i];
  }
  pool_.ParallelFor(num_envs(),
                    [this](int begin, int end) { StepRange(begin, end); });
}

void VecEnv::StepRange(int begin, int end) {
  for (int i = begin; i < end; ++i) {
    Task& task = *tasks_[i];
    const StepOutcome outcome =
        task.Step(&action_scratch_[static_cast<size_t>(i) * action_size_]);
    float* observation =
        &observations_[static_cast<size_t>(i) * observation_size_];
    float* final_observation =
        &final_observations_[static_cast<size_t>(i) * observation_size_];
    task.Observe(final_observation);
    rewards_[i] = static_cast<float>(outcome.reward);
    terminated_[i] = outcome.terminated;
    truncated_[i] = outcome.truncated;
    control_steps_[i] = outcome.control_steps;
    episode_returns_[i] += outcome.reward;
    if (outcome.diverged) ++divergences_[i];
    if (outcome.terminated || outcome.truncated) {
      last_returns_[i] = episode_returns_[i];
      episode_returns_[i] = 0.0;
      task.Reset(&rngs_[i]);
      task.Observe(observation);
    } else {
      std::memcpy(observation, final_observation,
                  sizeof(float) * observation_size_);
    }
  }
}

int64_t VecEnv::last_control_steps() const {
  return std::accumulate(control_steps_.begin(), control_steps_.end(),
                         int64_t{0});
}

int64_t VecEnv::divergences() const {
  return std::accumulate(divergences_.begin(), divergences_.end(), int64_t{0});
}

double VecEnv::mean_completed_return() const {
  double sum = 0.0;
  int count = 0;
  for (double value : last_returns_) {
    if (std::isnan(value)) continue;
    sum += value;
    ++count;
  }
  return count > 0 ? sum / count : std::nan("");
}

std::vector<double> VecEnv::SaveState() const {
  std::vector<double> state;
  for (int i = 0; i < num_envs(); ++i) {
    tasks_[i]->SaveState(&state);
    // Random state as 32-bit halves: exact in doubles.
    for (uint64_t word : rngs_[i].state()) {
      state.push_back(static_cast<double>(word >> 32));
      state.push_back(static_cast<double>(word & 0xffffffffULL));
    }
    state.push_back(episode_returns_[i]);
    state.push_back(last_returns_[i]);
    state.push_back(static_cast<double>(divergences_[i]));
  }
  return state;
}

void VecEnv::LoadState(const std::vector<double>& state) {
  const double* in = state.data();
  for (int i = 0; i < num_envs(); ++i) {
    in = tasks_[i]->LoadState(in);
    Rng::State words;
    for (uint64_t& word : words) {
      word =
          (static_cast<uint64_t>(in[0]) << 32) | static_cast<uint64_t>(in[1]);
      in += 2;
    }
    rngs_[i].set_state(words);
    episode_returns_[i] = *in++;
    last_returns_[i] = *in++;
    divergences_[i] = static_cast<int64_t>(*in++);
    tasks_[i]->Observe(
        &observations_[static_cast<size_t>(i) * observation_size_]);
  }
  if (in != state.data() + state.size()) {
    throw std::invalid_argument(
        "VecEnv::LoadState: state size does not match "
        "this task and environment count");
  }
  final_observations_ = observations_;
}

}  // namespace prefctl
