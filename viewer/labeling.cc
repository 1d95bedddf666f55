#include "viewer/labeling.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "core/rng.h"

namespace prefctl {
namespace {

std::vector<double> CaptureState(const Task& task) {
  const mjModel* model = task.model();
  const mjData* data = task.data();
  std::vector<double> state;
  state.reserve(1 + model->nq + model->nv + model->na);
  state.push_back(data->time);
  state.insert(state.end(), data->qpos, data->qpos + model->nq);
  state.insert(state.end(), data->qvel, data->qvel + model->nv);
  state.insert(state.end(), data->act, data->act + model->na);
  return state;
}

std::vector<float> Observe(const Task& task) {
  std::vector<float> observation(task.observation_size());
  task.Observe(observation.data());
  return observation;
}

}  // namespace

RecordedRollout RecordRollout(Task* task, uint64_t seed, int steps,
                              const ActFunction& act,
                              const std::string& source) {
  RecordedRollout rollout;
  rollout.trajectory.source = source;
  rollout.trajectory.seed = seed;
  Rng rng(seed);
  task->Reset(&rng);
  rollout.trajectory.observations.push_back(Observe(*task));
  rollout.states.push_back(CaptureState(*task));
  std::vector<float> action(task->action_size());
  std::vector<double> command(task->action_size());
  for (int t = 0; t < steps; ++t) {
    act(rollout.trajectory.observations.back().data(), action.data());
    std::copy(action.begin(), action.end(), command.begin());
    const StepOutcome outcome = task->Step(command.data());
    rollout.trajectory.actions.push_back(action);
    rollout.trajectory.rewards.push_back(outcome.reward);
    rollout.trajectory.observations.push_back(Observe(*task));
    rollout.states.push_back(CaptureState(*task));
    if (outcome.terminated || outcome.truncated) break;
  }
  return rollout;
}

void ShowState(Task* task, const std::vector<double>& state) {
  const mjModel* model = task->model();
  mjData* data = task->data();
  const double* in = state.data();
  data->time = *in++;
  std::copy_n(in, model->nq, data->qpos);
  std::copy_n(in + model->nq, model->nv, data->qvel);
  std::copy_n(in + model->nq + model->nv, model->na, data->act);
  mj_forward(model, data);
}

LabelingSession::LabelingSession(std::string task_name, std::string labels_path)
    : task_name_(std::move(task_name)), labels_path_(std::move(labels_path)) {}

void LabelingSession::Start(RecordedRollout left, RecordedRollout right) {
  left_ = std::move(left);
  right_ = std::move(right);
  Replay();
}

void LabelingSession::Replay() {
  phase_ = Phase::kPlayingLeft;
  frame_ = 0;
}

const RecordedRollout& LabelingSession::showing() const {
  return phase_ == Phase::kPlayingLeft ? left_ : right_;
}

void LabelingSession::Advance(int frames) {
  if (phase_ != Phase::kPlayingLeft && phase_ != Phase::kPlayingRight) return;
  frame_ += frames;
  const int last = static_cast<int>(showing().states.size()) - 1;
  if (frame_ <= last) return;
  if (phase_ == Phase::kPlayingLeft) {
    phase_ = Phase::kPlayingRight;
    frame_ = 0;
  } else {
    phase_ = Phase::kAwaitingLabel;
    frame_ = last;  // The right rollout's last frame stays on screen.
  }
}

void LabelingSession::Label(const std::string& label) {
  if (!active()) throw std::logic_error("no pair of rollouts to label");
  PreferenceLabel record;
  record.task = task_name_;
  record.label = label;
  record.preference = PreferenceOfLabel(label);
  record.left = left_.trajectory;
  record.right = right_.trajectory;
  record.time = UtcTimestamp(std::chrono::system_clock::now());
  record.annotator = "viewer";
  AppendPreferenceLabel(labels_path_, record);
  ++written_;
  phase_ = Phase::kIdle;
}

void LabelingSession::Skip() { phase_ = Phase::kIdle; }

}  // namespace prefctl
