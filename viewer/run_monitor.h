// Watches a run directory that `prefctl train` may still be writing, with
// read-only access: its checkpoints/ (new step files, a replaced best.pt) and
// its metrics.csv as rows are appended. The viewer polls it about once a
// second from its frame loop; a poll lists one directory and re-reads
// metrics.csv only when it changed, so training is never waited on.
#ifndef PREFCTL_VIEWER_RUN_MONITOR_H_
#define PREFCTL_VIEWER_RUN_MONITOR_H_

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/metrics_writer.h"

namespace prefctl {

struct CheckpointEntry {
  std::string path;
  std::string name;   // "step 2000" or "best"
  int64_t step = -1;  // -1 for best.pt
  // Identify one version of the file: the trainer replaces files by rename.
  std::filesystem::file_time_type modified;
  uintmax_t size = 0;

  bool SameVersion(const CheckpointEntry& other) const {
    return path == other.path && modified == other.modified &&
           size == other.size;
  }
};

class RunMonitor {
 public:
  using Clock = std::chrono::steady_clock;

  explicit RunMonitor(std::string run_dir);

  // Re-lists the checkpoints and re-reads metrics.csv if it changed.
  // Returns true when either changed.
  bool Poll();
  // Poll() when `interval` has passed since the last poll.
  bool PollIfDue(Clock::time_point now,
                 Clock::duration interval = std::chrono::seconds(1));

  // Step checkpoints oldest first, then best.pt when present.
  const std::vector<CheckpointEntry>& checkpoints() const {
    return checkpoints_;
  }
  std::optional<CheckpointEntry> Find(const std::string& path) const;

  // The newest step checkpoint while it differs from the version last marked
  // loaded; so a load that failed (a file replaced mid-read) is offered
  // again at the next poll.
  std::optional<CheckpointEntry> NewestToFollow() const;
  void MarkLoaded(const CheckpointEntry& entry) { loaded_ = entry; }

  // How many polls ran: a failed load is retried once per poll.
  int64_t polls() const { return polls_; }
  const MetricsTable& metrics() const { return metrics_; }
  const std::string& run_dir() const { return run_dir_; }
  const std::string& checkpoint_dir() const { return checkpoint_dir_; }

 private:
  bool ReadMetricsIfChanged();

  std::string run_dir_, checkpoint_dir_, metrics_path_;
  std::vector<CheckpointEntry> checkpoints_;
  std::optional<CheckpointEntry> loaded_;
  MetricsTable metrics_;
  std::filesystem::file_time_type metrics_modified_;
  uintmax_t metrics_size_ = 0;
  std::optional<Clock::time_point> last_poll_;
  int64_t polls_ = 0;
};

}  // namespace prefctl

#endif  // PREFCTL_VIEWER_RUN_MONITOR_H_
