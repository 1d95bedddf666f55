// The `external` preference source: every question is appended to a queries
// JSONL file, and the answer is read back from an answers JSONL file that a
// person or another program appends to (formats in
// docs/preference_labels.md). Training waits for each answer up to a
// timeout, then either counts the pair as a tie and goes on, or stops (the
// last checkpoint stays; --resume asks again).
//
//   source: external
//   queries: queries.jsonl    # both relative to the experiment file
//   answers: answers.jsonl
//   timeout_s: 600
//   on_timeout: tie           # tie | fail
#ifndef PREFCTL_ALGORITHMS_EXTERNAL_SOURCE_H_
#define PREFCTL_ALGORITHMS_EXTERNAL_SOURCE_H_

#include <cstdint>
#include <map>
#include <string>

#include "algorithms/preference_sources.h"
#include "core/config.h"

namespace prefctl {

struct ExternalSourceConfig {
  std::string queries;
  std::string answers;
  // Ten minutes: time for a person to watch two episodes and answer.
  double timeout_s = 600.0;
  std::string on_timeout = "tie";
};
// Reads the source's keys of a `preference:` section; file names resolved.
void ReadConfig(const ConfigNode& node, ExternalSourceConfig* config);

class ExternalSource : public PreferenceSource {
 public:
  ExternalSource(const ExternalSourceConfig& config, std::string task);

  // Appends query `next id`, then waits for its answer. Throws
  // std::runtime_error on a malformed answers line (naming the file and line;
  // the answers read before it are kept) or, with on_timeout: fail, when no
  // answer came in time.
  double Prefer(const Trajectory& a, const Trajectory& b) override;

  // The next query id. A run resumed from a checkpoint asks again, with the
  // same ids, the questions asked after that checkpoint; resuming is
  // bit-identical on CPU, so they are the same pairs, and answers already in
  // the answers file are used without asking the person twice.
  std::vector<uint64_t> SavedState() const override { return {next_id_}; }
  void RestoreState(const std::vector<uint64_t>& state) override;

  int64_t timeouts() const { return timeouts_; }

 private:
  // Parses the complete lines appended since the last read.
  void ReadNewAnswers();

  ExternalSourceConfig config_;
  std::string task_;
  uint64_t next_id_ = 0;
  std::map<int64_t, double> answers_;
  int64_t read_offset_ = 0;  // bytes of the answers file consumed
  int lines_read_ = 0;
  int64_t timeouts_ = 0;
};

}  // namespace prefctl

#endif  // PREFCTL_ALGORITHMS_EXTERNAL_SOURCE_H_
