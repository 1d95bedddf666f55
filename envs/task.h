// A Task is an MJCF model plus an observation, a reward, termination, an
// initial-state distribution, a control timestep and an episode length, all
// declared in a YAML task file (MuJoCo MPC's "tasks as data", with the reward
// as a small tree of dm_control tolerance terms: envs/reward_term.h).
//
//   model: ../assets/cartpole.xml      # relative to the task file
//   control_timestep: 0.01             # a multiple of the model's timestep
//   episode_length: 1000               # control steps (dm_control: 1000),
//                                      # whatever the action repeat
//   initial_state:
//     randomize_joints: none           # none | limited (uniform in range) |
//                                      #   limited_and_rotational (dm_control's
//                                      #
//                                      randomize_limited_and_rotational_joints)
//     joints: [{joint: hinge_1, value: 3.14159, normal: 0.01}]
//                                      # value + uniform: [lo, hi] + normal
//     qvel_normal: 0.01                # N(0, s) on every joint velocity
//     disc: {joints: [target_x, target_y], radius: [0.05, 0.2]}
//     settle_steps: 0                  # zero-control physics steps after
//   observation: [<quantity>, ...]     # envs/quantity.h
//   reward: <reward term>              # envs/reward_term.h
//   termination: [<condition>, ...]    # optional
//
// A step that makes the physics diverge (non-finite state, or MuJoCo's
// bad-acceleration warning) ends the episode as truncated and is counted;
// it never throws.
#ifndef PREFCTL_ENVS_TASK_H_
#define PREFCTL_ENVS_TASK_H_

#include <mujoco/mujoco.h>

#include <memory>
#include <string>
#include <vector>

#include "core/rng.h"
#include "envs/quantity.h"
#include "envs/reward_term.h"

namespace prefctl {

struct StepOutcome {
  double reward = 0.0;
  bool terminated = false;  // The task's termination: no bootstrapping.
  bool truncated = false;   // Time limit or divergence: bootstrap.
  bool diverged = false;
  int control_steps = 0;  // Control steps run (fewer than the action repeat
                          // where the episode ended inside it).
};

class Task {
 public:
  // Loads the task file at `path`; `name` is what the task is called (the
  // registry's name, or the file's stem). Errors name the file, line and key.
  Task(const std::string& path, const std::string& name);
  ~Task();
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;

  const std::string& name() const { return name_; }
  const std::string& path() const { return path_; }
  int observation_size() const { return observation_size_; }
  int action_size() const { return model_->nu; }
  double control_timestep() const {
    return physics_substeps_ * model_->opt.timestep;
  }
  int physics_substeps() const { return physics_substeps_; }
  // Control steps each Step() holds its action for, summing their rewards
  // (the PlaNet benchmark's action repeat; 1 unless set).
  int action_repeat() const { return action_repeat_; }
  // Throws std::invalid_argument for a repeat below 1.
  void set_action_repeat(int action_repeat);
  // Simulated seconds one Step() covers.
  double action_period() const { return action_repeat_ * control_timestep(); }
  int episode_length() const { return episode_length_; }
  int step_count() const { return step_count_; }
  // Zero-control physics steps run at each reset.
  int settle_steps() const { return settle_steps_; }

  // Samples an initial state and starts a new episode.
  void Reset(Rng* rng);
  // Applies `action` (clipped to the actuators' control ranges) for
  // action_repeat() control steps, or until the episode ends, and returns
  // the sum of their rewards.
  StepOutcome Step(const double* action);
  void Observe(float* out) const;
  double Reward() const;
  bool Terminated() const;

  const mjModel* model() const { return model_; }
  mjData* data() { return data_; }
  const mjData* data() const { return data_; }

  // The exact simulation state (time, step count and MuJoCo's whole data
  // buffer), appended to / read from a flat vector, for checkpoints.
  void SaveState(std::vector<double>* out) const;
  const double* LoadState(const double* in);

 private:
  void ReadInitialState(const ConfigNode& node);
  void SampleInitialState(Rng* rng);
  bool Diverged() const;
  StepOutcome StepControl();

  struct JointInit {
    int joint;
    double value = 0.0, low = 0.0, high = 0.0, normal = 0.0;
  };

  std::string path_, name_;
  mjModel* model_ = nullptr;
  mjData* data_ = nullptr;
  int physics_substeps_ = 1;
  int action_repeat_ = 1;
  int episode_length_ = 1000;
  int step_count_ = 0;
  int observation_size_ = 0;
  std::vector<Quantity> observation_;
  std::unique_ptr<RewardTerm> reward_;
  std::vector<TerminationCondition> termination_;
  mutable std::vector<double> observation_scratch_;
  // Initial state.
  std::string randomize_joints_ = "none";
  std::vector<JointInit> joint_inits_;
  double qvel_normal_ = 0.0;
  std::vector<int> disc_joints_;
  double disc_min_radius_ = 0.0, disc_max_radius_ = 0.0;
  int settle_steps_ = 0;
};

}  // namespace prefctl

#endif  // PREFCTL_ENVS_TASK_H_
