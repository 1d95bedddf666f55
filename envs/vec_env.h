// E environments of one task stepped together by a thread pool, with
// contiguous batch buffers that a learner can wrap as tensors.
//
// After Step(): rewards(), terminated() and truncated() describe the step;
// where an episode ended, the environment has already been reset, so
// observations() holds the new episode's first observation and
// final_observations() the true last observation of the ended one (needed to
// bootstrap a truncated episode). Elsewhere final_observations() equals
// observations(). Each environment has its own random stream,
// Rng::Stream(seed, index), so results do not depend on the thread count.
// With an action repeat of k each Step() holds the actions for k control
// steps (Task::Step) and rewards() holds their sums. Stepping allocates
// nothing.
#ifndef PREFCTL_ENVS_VEC_ENV_H_
#define PREFCTL_ENVS_VEC_ENV_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/rng.h"
#include "core/thread_pool.h"
#include "envs/task.h"
#include "envs/trajectory.h"

namespace prefctl {

class VecEnv {
 public:
  // `task` is a registered name or a task file path.
  VecEnv(const std::string& task, int num_envs, int num_threads, uint64_t seed,
         int action_repeat = 1);

  int num_envs() const { return static_cast<int>(tasks_.size()); }
  int observation_size() const { return observation_size_; }
  int action_size() const { return action_size_; }
  const Task& task(int index) const { return *tasks_[index]; }

  // Steps every environment with actions [E, A] (row-major). Throws
  // std::invalid_argument naming the environment for a NaN or infinite
  // action, before anything is stepped.
  void Step(const float* actions);
  // Same, checking that `count` == E * A first.
  void Step(const float* actions, size_t count);

  const float* observations() const { return observations_.data(); }
  const float* final_observations() const { return final_observations_.data(); }
  const float* rewards() const { return rewards_.data(); }
  const uint8_t* terminated() const { return terminated_.data(); }
  const uint8_t* truncated() const { return truncated_.data(); }
  // Control steps the last Step() ran, over all environments: E x the
  // action repeat, less where an episode ended inside a repeat.
  int64_t last_control_steps() const;

  // Episodes ended by physics divergence so far.
  int64_t divergences() const;
  // Mean return of each environment's most recent completed episode (NaN
  // before any episode completed).
  double mean_completed_return() const;

  // Exact state of every environment and its random stream, for checkpoints.
  std::vector<double> SaveState() const;
  void LoadState(const std::vector<double>& state);

 private:
  void StepRange(int begin, int end);

  std::vector<std::unique_ptr<Task>> tasks_;
  std::vector<Rng> rngs_;
  ThreadPool pool_;
  int observation_size_ = 0, action_size_ = 0;
  std::vector<float> observations_, final_observations_, rewards_;
  std::vector<uint8_t> terminated_, truncated_;
  std::vector<int> control_steps_;
  std::vector<double> episode_returns_, last_returns_;
  std::vector<int64_t> divergences_;
  std::vector<double> action_scratch_;  // [E, A] in double for MuJoCo
};

// Runs every environment of `env` until its current episode ends and returns
// each episode's return. `act(observations, actions)` fills the [E, A] actions
// from the [E, O] observations at each step. Environments whose episode has
// ended keep stepping (auto-reset) until all have finished; their later
// rewards are not counted. With `episodes`, the E episodes are also recorded
// whole. Used for evaluation and random-policy baselines.
template <typename Act>
std::vector<double> RunEpisodes(VecEnv& env, Act act,
                                std::vector<Trajectory>* episodes = nullptr) {
  const int n = env.num_envs();
  const int observation_size = env.observation_size();
  const int action_size = env.action_size();
  std::vector<float> actions(static_cast<size_t>(n) * action_size);
  std::vector<float> observations_before;
  if (episodes) {
    episodes->assign(n, Trajectory{});
    for (Trajectory& episode : *episodes) {
      episode.observation_size = observation_size;
      episode.action_size = action_size;
    }
  }
  std::vector<double> returns(n, 0.0);
  std::vector<bool> finished(n, false);
  for (int remaining = n; remaining > 0;) {
    act(env.observations(), actions.data());
    if (episodes) {
      observations_before.assign(env.observations(),
                                 env.observations() + n * observation_size);
    }
    env.Step(actions.data());
    for (int i = 0; i < n; ++i) {
      if (finished[i]) continue;
      returns[i] += env.rewards()[i];
      const bool ended = env.terminated()[i] || env.truncated()[i];
      if (episodes) {
        Trajectory& episode = (*episodes)[i];
        episode.Append(observations_before.data() + i * observation_size,
                       actions.data() + i * action_size, env.rewards()[i]);
        if (ended) {
          episode.Finish(env.final_observations() + i * observation_size);
        }
      }
      if (ended) {
        finished[i] = true;
        --remaining;
      }
    }
  }
  return returns;
}

}  // namespace prefctl

#endif  // PREFCTL_ENVS_VEC_ENV_H_
