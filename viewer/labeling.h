// Preference labelling in the viewer: two rollouts from the same start are
// recorded, played one after the other (left, then right), and the person's
// answer (left, right, tie) is appended to a JSONL file in the format of
// core/preference_labels.h; skip writes nothing.
#ifndef PREFCTL_VIEWER_LABELING_H_
#define PREFCTL_VIEWER_LABELING_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/preference_labels.h"
#include "envs/task.h"

namespace prefctl {

// A rollout to label and the physics states to replay it: states[t] goes
// with trajectory.observations[t].
struct RecordedRollout {
  PreferenceTrajectory trajectory;
  std::vector<std::vector<double>> states;
};

// Fills `action` (action_size values in [-1, 1]) for `observation`.
using ActFunction =
    std::function<void(const float* observation, float* action)>;

// Runs `task` from the initial state drawn with `seed` for `steps` steps
// (Task::Step calls: control steps times its action repeat), or until the
// episode ends first.
RecordedRollout RecordRollout(Task* task, uint64_t seed, int steps,
                              const ActFunction& act,
                              const std::string& source);

// Puts a recorded state into the task's data (for drawing only).
void ShowState(Task* task, const std::vector<double>& state);

class LabelingSession {
 public:
  enum class Phase { kIdle, kPlayingLeft, kPlayingRight, kAwaitingLabel };

  LabelingSession(std::string task_name, std::string labels_path);

  // Starts playing a new pair from the left rollout's first frame.
  void Start(RecordedRollout left, RecordedRollout right);
  // Moves playback on by `frames` steps: left, then right, then waits.
  void Advance(int frames);
  // Plays the pair again from the start of the left rollout.
  void Replay();
  // Appends the answer ("left", "right" or "tie") and ends the pair. Throws
  // std::runtime_error if the file cannot be written (the pair stays).
  void Label(const std::string& label);
  // Ends the pair without writing anything.
  void Skip();

  Phase phase() const { return phase_; }
  bool active() const { return phase_ != Phase::kIdle; }
  // The rollout on screen and its frame (valid while active).
  const RecordedRollout& showing() const;
  int frame() const { return frame_; }
  const RecordedRollout& left() const { return left_; }
  const RecordedRollout& right() const { return right_; }
  const std::string& labels_path() const { return labels_path_; }
  int written() const { return written_; }

 private:
  std::string task_name_, labels_path_;
  RecordedRollout left_, right_;
  Phase phase_ = Phase::kIdle;
  int frame_ = 0;
  int written_ = 0;
};

}  // namespace prefctl

#endif  // PREFCTL_VIEWER_LABELING_H_
