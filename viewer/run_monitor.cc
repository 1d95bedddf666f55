#include "viewer/run_monitor.h"

#include <fstream>

#include "core/checkpoint.h"

namespace prefctl {
namespace fs = std::filesystem;
namespace {

// The entry of a file that may vanish between listing and stat (the trainer
// keeps only the last few checkpoints): nullopt then.
std::optional<CheckpointEntry> Stat(const std::string& path,
                                    const std::string& name, int64_t step) {
  std::error_code error;
  CheckpointEntry entry{path, name, step, fs::last_write_time(path, error), 0};
  if (error) return std::nullopt;
  entry.size = fs::file_size(path, error);
  if (error) return std::nullopt;
  return entry;
}

bool SameList(const std::vector<CheckpointEntry>& a,
              const std::vector<CheckpointEntry>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!a[i].SameVersion(b[i])) return false;
  }
  return true;
}

// True when the file's last byte is a newline: a row being appended
// right now is not complete yet.
bool EndsWithNewline(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in || in.tellg() <= 0) return true;
  in.seekg(-1, std::ios::end);
  return in.get() == '\n';
}

}  // namespace

RunMonitor::RunMonitor(std::string run_dir)
    : run_dir_(std::move(run_dir)),
      checkpoint_dir_((fs::path(run_dir_) / "checkpoints").string()),
      metrics_path_((fs::path(run_dir_) / "metrics.csv").string()) {}

bool RunMonitor::Poll() {
  ++polls_;
  std::vector<CheckpointEntry> found;
  for (const std::string& path : CheckpointStore::List(checkpoint_dir_)) {
    // List() has already parsed step_<digits>.pt names.
    const std::string stem = fs::path(path).stem().string();
    const int64_t step = std::stoll(stem.substr(stem.find('_') + 1));
    if (auto entry = Stat(path, "step " + std::to_string(step), step)) {
      found.push_back(*entry);
    }
  }
  const std::string best = (fs::path(checkpoint_dir_) / "best.pt").string();
  if (auto entry = Stat(best, "best", -1)) found.push_back(*entry);
  const bool checkpoints_changed = !SameList(found, checkpoints_);
  checkpoints_ = std::move(found);
  const bool metrics_changed = ReadMetricsIfChanged();
  return checkpoints_changed || metrics_changed;
}

bool RunMonitor::PollIfDue(Clock::time_point now, Clock::duration interval) {
  if (last_poll_ && now - *last_poll_ < interval) return false;
  last_poll_ = now;
  return Poll();
}

std::optional<CheckpointEntry> RunMonitor::Find(const std::string& path) const {
  for (const CheckpointEntry& entry : checkpoints_) {
    if (entry.path == path) return entry;
  }
  return std::nullopt;
}

std::optional<CheckpointEntry> RunMonitor::NewestToFollow() const {
  const CheckpointEntry* newest = nullptr;
  for (const CheckpointEntry& entry : checkpoints_) {
    if (entry.step >= 0) newest = &entry;
  }
  if (newest == nullptr || (loaded_ && loaded_->SameVersion(*newest))) {
    return std::nullopt;
  }
  return *newest;
}

bool RunMonitor::ReadMetricsIfChanged() {
  std::error_code error;
  const fs::file_time_type modified = fs::last_write_time(metrics_path_, error);
  if (error) return false;
  const uintmax_t size = fs::file_size(metrics_path_, error);
  if (error || (modified == metrics_modified_ && size == metrics_size_)) {
    return false;
  }
  metrics_modified_ = modified;
  metrics_size_ = size;
  MetricsTable table = ReadMetrics(metrics_path_);
  // A last row without its newline may be cut inside a number; it is read
  // whole at the next poll.
  if (!table.rows.empty() && !EndsWithNewline(metrics_path_)) {
    table.rows.pop_back();
  }
  metrics_ = std::move(table);
  return true;
}

}  // namespace prefctl
