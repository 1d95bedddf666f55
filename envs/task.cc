#include "envs/task.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <mutex>
#include <stdexcept>

#include "core/logging.h"

namespace prefctl {
namespace {

// MuJoCo's default warning handler appends to MUJOCO_LOG.TXT in the working
// directory. Divergence is already handled (and counted) per step, so its
// warnings go to the project's log at debug level instead.
void RouteMujocoWarningsToLog() {
  static std::once_flag once;
  std::call_once(once, [] {
    mju_user_warning = [](const char* message) {
      Log().debug("MuJoCo: {}", message);
    };
  });
}

}  // namespace

Task::Task(const std::string& path, const std::string& name)
    : path_(path), name_(name) {
  RouteMujocoWarningsToLog();
  const ConfigNode root = ConfigNode::LoadFile(path);
  std::string model_file;
  root.ReadRequired("model", &model_file);
  root.ResolvePath("model", &model_file);
  char error[1024] = "";
  model_ = mj_loadXML(model_file.c_str(), nullptr, error, sizeof(error));
  if (!model_) {
    root.Fail("model", "cannot load MJCF file " + model_file +
                           ": MuJoCo says: " + error);
  }
  data_ = mj_makeData(model_);

  double control_timestep = model_->opt.timestep;
  root.Read("control_timestep", &control_timestep, Range::Positive());
  const double ratio = control_timestep / model_->opt.timestep;
  physics_substeps_ = static_cast<int>(std::lround(ratio));
  if (physics_substeps_ < 1 || std::abs(ratio - physics_substeps_) > 1e-6) {
    root.Fail("control_timestep",
              "must be a whole multiple of the model's timestep " +
                  std::to_string(model_->opt.timestep));
  }
  root.Read("episode_length", &episode_length_, Range::Positive());
  ReadInitialState(root.Child("initial_state"));
  for (const ConfigNode& term : root.Items("observation")) {
    observation_.emplace_back(term, model_);
    observation_size_ += observation_.back().size();
  }
  if (observation_.empty()) root.Fail("observation", "must list quantities");
  observation_scratch_.resize(observation_size_);
  if (!root.Has("reward")) root.Fail("reward", "is required but missing");
  reward_ = std::make_unique<RewardTerm>(root.Child("reward"), model_);
  for (const ConfigNode& condition : root.Items("termination")) {
    termination_.emplace_back(condition, model_);
  }
  std::string unused_name;
  root.Read("name", &unused_name);  // Documentation only: the registry names.
  root.CheckNoUnknownKeys();
}

Task::~Task() {
  if (data_) mj_deleteData(data_);
  if (model_) mj_deleteModel(model_);
}

void Task::ReadInitialState(const ConfigNode& node) {
  node.ReadChoice("randomize_joints", &randomize_joints_,
                  {"none", "limited", "limited_and_rotational"});
  auto joint_id = [&](const ConfigNode& item, const std::string& key,
                      const std::string& joint) {
    const int id = mj_name2id(model_, mjOBJ_JOINT, joint.c_str());
    if (id < 0) {
      std::string names;
      for (int j = 0; j < model_->njnt; ++j) {
        names +=
            (j ? ", " : "") + std::string(mj_id2name(model_, mjOBJ_JOINT, j));
      }
      item.Fail(key,
                "names joint '" + joint +
                    "', which the model does not have; its joints: " + names);
    }
    if (model_->jnt_type[id] != mjJNT_HINGE &&
        model_->jnt_type[id] != mjJNT_SLIDE) {
      item.Fail(key,
                "names '" + joint + "', which is not a hinge or slide joint");
    }
    return id;
  };
  for (const ConfigNode& item : node.Items("joints")) {
    std::string joint;
    item.ReadRequired("joint", &joint);
    JointInit init{joint_id(item, "joint", joint)};
    item.Read("value", &init.value);
    std::vector<double> uniform = {0.0, 0.0};
    item.Read("uniform", &uniform);
    if (uniform.size() != 2 || uniform[0] > uniform[1]) {
      item.Fail("uniform", "must be [low, high] with low <= high");
    }
    init.low = uniform[0];
    init.high = uniform[1];
    item.Read("normal", &init.normal, Range::AtLeast(0.0));
    item.CheckNoUnknownKeys();
    joint_inits_.push_back(init);
  }
  node.Read("qvel_normal", &qvel_normal_, Range::AtLeast(0.0));
  if (node.Has("disc")) {
    const ConfigNode disc = node.Child("disc");
    std::vector<std::string> joints;
    disc.ReadRequired("joints", &joints);
    if (joints.size() != 2)
      disc.Fail("joints", "must name two slide joints (x, y)");
    for (const std::string& joint : joints) {
      disc_joints_.push_back(joint_id(disc, "joints", joint));
    }
    std::vector<double> radius;
    disc.ReadRequired("radius", &radius, Range::AtLeast(0.0));
    if (radius.size() != 2 || radius[0] > radius[1]) {
      disc.Fail("radius", "must be [min, max] with min <= max");
    }
    disc_min_radius_ = radius[0];
    disc_max_radius_ = radius[1];
    disc.CheckNoUnknownKeys();
  }
  node.Read("settle_steps", &settle_steps_, Range::AtLeast(0));
  node.CheckNoUnknownKeys();
}

void Task::SampleInitialState(Rng* rng) {
  if (randomize_joints_ != "none") {
    // Limited hinges and slides uniform in their range. With
    // limited_and_rotational (dm_control's randomize_limited_and_rotational_
    // joints) also unlimited hinges uniform in [-pi, pi] and free and ball
    // joints a uniformly random orientation.
    const bool rotational = randomize_joints_ == "limited_and_rotational";
    for (int j = 0; j < model_->njnt; ++j) {
      const int address = model_->jnt_qposadr[j];
      const bool limited = model_->jnt_limited[j];
      const double* range = model_->jnt_range + 2 * j;
      switch (model_->jnt_type[j]) {
        case mjJNT_HINGE:
          if (limited) {
            data_->qpos[address] = rng->Uniform(range[0], range[1]);
          } else if (rotational) {
            data_->qpos[address] = rng->Uniform(-M_PI, M_PI);
          }
          break;
        case mjJNT_SLIDE:
          if (limited) data_->qpos[address] = rng->Uniform(range[0], range[1]);
          break;
        case mjJNT_BALL:
        case mjJNT_FREE: {
          if (!rotational) break;
          double* quaternion = data_->qpos + address +
                               (model_->jnt_type[j] == mjJNT_FREE ? 3 : 0);
          for (int k = 0; k < 4; ++k) quaternion[k] = rng->Normal();
          mju_normalize4(quaternion);
          break;
        }
      }
    }
  }
  for (const JointInit& init : joint_inits_) {
    double value = init.value;
    if (init.high > init.low) value += rng->Uniform(init.low, init.high);
    if (init.normal > 0) value += rng->Normal(0.0, init.normal);
    data_->qpos[model_->jnt_qposadr[init.joint]] = value;
  }
  if (qvel_normal_ > 0) {
    for (int i = 0; i < model_->nv; ++i)
      data_->qvel[i] = rng->Normal(0.0, qvel_normal_);
  }
  if (!disc_joints_.empty()) {
    const double angle = rng->Uniform(0.0, 2.0 * M_PI);
    const double radius = rng->Uniform(disc_min_radius_, disc_max_radius_);
    data_->qpos[model_->jnt_qposadr[disc_joints_[0]]] =
        radius * std::sin(angle);
    data_->qpos[model_->jnt_qposadr[disc_joints_[1]]] =
        radius * std::cos(angle);
  }
}

void Task::Reset(Rng* rng) {
  mj_resetData(model_, data_);
  SampleInitialState(rng);
  mj_forward(model_, data_);
  if (settle_steps_ > 0) {
    for (int i = 0; i < settle_steps_; ++i) mj_step(model_, data_);
    mj_forward(model_, data_);
  }
  data_->time = 0.0;
  for (mjWarningStat& warning : data_->warning) warning.number = 0;
  step_count_ = 0;
}

bool Task::Diverged() const {
  // MuJoCo resets the state itself when it meets a non-finite or huge
  // position, velocity or acceleration, and counts a warning.
  if (data_->warning[mjWARN_BADQPOS].number > 0 ||
      data_->warning[mjWARN_BADQVEL].number > 0 ||
      data_->warning[mjWARN_BADQACC].number > 0) {
    return true;
  }
  for (int i = 0; i < model_->nq; ++i) {
    if (!std::isfinite(data_->qpos[i])) return true;
  }
  for (int i = 0; i < model_->nv; ++i) {
    if (!std::isfinite(data_->qvel[i])) return true;
  }
  return false;
}

void Task::set_action_repeat(int action_repeat) {
  if (action_repeat < 1) {
    throw std::invalid_argument("task '" + name_ + "': action repeat " +
                                std::to_string(action_repeat) +
                                " must be at least 1");
  }
  action_repeat_ = action_repeat;
}

StepOutcome Task::Step(const double* action) {
  for (int i = 0; i < model_->nu; ++i) {
    double control = action[i];
    if (model_->actuator_ctrllimited[i]) {
      control = std::clamp(control, model_->actuator_ctrlrange[2 * i],
                           model_->actuator_ctrlrange[2 * i + 1]);
    }
    data_->ctrl[i] = control;
  }
  StepOutcome total;
  while (total.control_steps < action_repeat_) {
    const StepOutcome step = StepControl();
    total.reward += step.reward;
    total.terminated = step.terminated;
    total.truncated = step.truncated;
    total.diverged = step.diverged;
    ++total.control_steps;
    if (step.terminated || step.truncated) break;
  }
  return total;
}

StepOutcome Task::StepControl() {
  StepOutcome outcome;
  // Observation and reward must see positions and sensors of the new state,
  // which plain mj_step leaves at the old one. As dm_control does, step as
  // mj_step2 (integrate the already computed forward pass) then mj_step1
  // (position and velocity stages of the new state): the cost of mj_step.
  // RK4 has no split form: mj_step, then one mj_forward per control step.
  const bool split = model_->opt.integrator != mjINT_RK4;
  for (int i = 0; i < physics_substeps_ && !outcome.diverged; ++i) {
    if (split) {
      mj_step2(model_, data_);
      mj_step1(model_, data_);
    } else {
      mj_step(model_, data_);
    }
    outcome.diverged = Diverged();
  }
  ++step_count_;
  if (outcome.diverged) {
    outcome.truncated = true;  // The state is meaningless: no reward.
    return outcome;
  }
  if (!split) mj_forward(model_, data_);
  outcome.reward = Reward();
  outcome.terminated = Terminated();
  outcome.truncated = !outcome.terminated && step_count_ >= episode_length_;
  return outcome;
}

void Task::Observe(float* out) const {
  int offset = 0;
  for (const Quantity& quantity : observation_) {
    quantity.Evaluate(model_, data_, observation_scratch_.data() + offset);
    offset += quantity.size();
  }
  for (int i = 0; i < observation_size_; ++i) {
    out[i] = static_cast<float>(observation_scratch_[i]);
  }
}

double Task::Reward() const { return reward_->Evaluate(model_, data_); }

bool Task::Terminated() const {
  for (const TerminationCondition& condition : termination_) {
    if (condition.Holds(model_, data_)) return true;
  }
  return false;
}

void Task::SaveState(std::vector<double>* out) const {
  out->push_back(data_->time);
  out->push_back(step_count_);
  // The whole mjData buffer, bit for bit, with the constraint counts that
  // index into it: besides qpos and qvel, the next (split) step depends on
  // the constraints of the last position stage, the solver's warm start and
  // the lagging acceleration-stage sensors. Recomputing them with mj_forward
  // drifted from the uninterrupted run after a few hundred hopper steps.
  for (int count : {data_->ne, data_->nf, data_->nefc, data_->ncon}) {
    out->push_back(count);
  }
  const size_t words = (static_cast<size_t>(data_->nbuffer) + 7) / 8;
  const size_t offset = out->size();
  out->resize(offset + words, 0.0);
  std::memcpy(out->data() + offset, data_->buffer, data_->nbuffer);
}

const double* Task::LoadState(const double* in) {
  data_->time = *in++;
  step_count_ = static_cast<int>(*in++);
  for (int* count : {&data_->ne, &data_->nf, &data_->nefc, &data_->ncon}) {
    *count = static_cast<int>(*in++);
  }
  std::memcpy(data_->buffer, in, data_->nbuffer);
  return in + (static_cast<size_t>(data_->nbuffer) + 7) / 8;
}

}  // namespace prefctl
