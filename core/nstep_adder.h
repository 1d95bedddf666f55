// Turns a stream of batched environment steps into n-step transitions
// (s_t, a_t, R_t, d_t, s_{t+k}) with
//   R_t = sum_{i<k} gamma^i r_{t+i},   k = min(n, steps left in the episode),
//   d_t = 0 if the episode terminated within those k steps, else gamma^k,
// so the critic's target is R_t + d_t * V(s_{t+k}) (DESIGN.md 2.1). A
// truncated episode (time limit, physics divergence) still bootstraps, from
// the true final observation. This is the role of Acme's NStepTransitionAdder.
//
// Plain C++ over float arrays: it knows neither MuJoCo nor LibTorch.
#ifndef PREFCTL_CORE_NSTEP_ADDER_H_
#define PREFCTL_CORE_NSTEP_ADDER_H_

#include <cstdint>
#include <vector>

namespace prefctl {

// Transitions ready for the replay buffer, row-major.
struct TransitionBatch {
  int observation_size = 0;
  int action_size = 0;
  int count = 0;
  std::vector<float> observations;       // [count, observation_size]
  std::vector<float> actions;            // [count, action_size]
  std::vector<float> rewards;            // [count]
  std::vector<float> discounts;          // [count]
  std::vector<float> next_observations;  // [count, observation_size]
};

// What one batched environment step produced, as the VecEnv lays it out.
struct EnvStepView {
  const float* observations;       // [E, O] observed before the step
  const float* actions;            // [E, A]
  const float* rewards;            // [E]
  const float* next_observations;  // [E, O] true next (final where done)
  const uint8_t* terminated;       // [E]
  const uint8_t* truncated;        // [E]
};

class NStepAdder {
 public:
  NStepAdder(int num_envs, int observation_size, int action_size, int n_step,
             double discount);

  // Consumes one batched step; returns the transitions it completed. The
  // returned batch is reused by the next call (no allocation per step).
  const TransitionBatch& Add(const EnvStepView& step);

  // Pending partial windows, exposed for checkpointing: per environment the
  // last steps not yet emitted, oldest first.
  struct Window {
    std::vector<float> observations;
    std::vector<float> actions;
    std::vector<float> rewards;
  };
  const std::vector<Window>& windows() const { return windows_; }
  void set_windows(const std::vector<Window>& windows);

  int n_step() const { return n_step_; }

 private:
  // Emits window entry `first` of env `env` as a transition ending at
  // next_observation with the given bootstrap flag.
  void Emit(int env, int first, const float* next_observation, bool terminated);
  void Push(int env, const float* observation, const float* action,
            float reward);
  void PopFront(int env);

  int num_envs_, observation_size_, action_size_, n_step_;
  double discount_;
  std::vector<Window> windows_;
  TransitionBatch out_;
};

}  // namespace prefctl

#endif  // PREFCTL_CORE_NSTEP_ADDER_H_
