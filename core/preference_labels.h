// Preference labels between two trajectories, stored as JSON Lines: one
// label per line, appended by the viewer and read by preference sources
// (docs/preference_labels.md has the format and an example).
//
//   {"version":1,"task":"cartpole-swingup","label":"left","preference":1.0,
//    "left":TRAJ,"right":TRAJ,"time":"2026-11-22T12:00:00Z",
//    "annotator":"viewer"}
//   TRAJ = {"observations":[[...],...],"actions":[[...],...],
//           "rewards":[...],"source":"<checkpoint path> or random","seed":N}
//
// `preference` is the probability that the left trajectory is preferred:
// 1 for "left", 0 for "right", 0.5 for "tie". Observations have one more row
// than actions (the final observation is included).
#ifndef PREFCTL_CORE_PREFERENCE_LABELS_H_
#define PREFCTL_CORE_PREFERENCE_LABELS_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace prefctl {

struct PreferenceTrajectory {
  std::vector<std::vector<float>> observations;  // T + 1 rows
  std::vector<std::vector<float>> actions;       // T rows
  std::vector<double> rewards;                   // T
  std::string source;  // the checkpoint's path, or "random"
  uint64_t seed = 0;   // the episode's seed (its initial state)
};

struct PreferenceLabel {
  int version = 1;
  std::string task;
  std::string label;        // "left", "right" or "tie"
  double preference = 0.5;  // P(left preferred): 1, 0 or 0.5
  PreferenceTrajectory left, right;
  std::string time;  // UTC, ISO 8601: 2026-11-22T12:00:00Z
  std::string annotator = "viewer";
};

// The preference value of "left", "right" or "tie"; throws
// std::invalid_argument for anything else.
double PreferenceOfLabel(const std::string& label);

// "2026-11-22T12:00:00Z" for `time`.
std::string UtcTimestamp(std::chrono::system_clock::time_point time);

// One label as a JSON object on one line (no newline), and back. Parsing
// throws std::runtime_error saying what is wrong with the object.
std::string ToJsonLine(const PreferenceLabel& label);
PreferenceLabel ParsePreferenceLabel(const std::string& line);

// Appends `label` as one line, written with a single write() on a file
// opened in append mode, so earlier lines are never touched and concurrent
// appenders do not interleave within a line. Creates the file if needed.
void AppendPreferenceLabel(const std::string& path,
                           const PreferenceLabel& label);

// The `external` preference source's exchange (docs/preference_labels.md):
// prefctl appends queries to one JSONL file, and a person or program appends
// answers to another.
//   {"version":1,"id":7,"task":"cartpole-swingup","left":TRAJ,"right":TRAJ}
//   {"id":7,"label":"left"}   or   {"id":7,"preference":0.8}
struct PreferenceQuery {
  int64_t id = 0;
  std::string task;
  PreferenceTrajectory left, right;
};
struct PreferenceAnswer {
  int64_t id = 0;
  double preference = 0.5;  // P(left preferred), in [0, 1]
};
std::string ToJsonLine(const PreferenceQuery& query);
// Throws std::runtime_error saying what is wrong with the object.
PreferenceAnswer ParsePreferenceAnswer(const std::string& line);

// Appends `line` and a newline with a single write() in append mode (see
// AppendPreferenceLabel). `what` names the content in errors.
void AppendJsonLine(const std::string& path, const std::string& line,
                    const std::string& what);

// Every label in `path`; blank lines are skipped. A malformed line throws
// std::runtime_error naming the file and the line number. `line_numbers`,
// if given, receives each label's line number.
std::vector<PreferenceLabel> ReadPreferenceLabels(
    const std::string& path, std::vector<int>* line_numbers = nullptr);

}  // namespace prefctl

#endif  // PREFCTL_CORE_PREFERENCE_LABELS_H_
