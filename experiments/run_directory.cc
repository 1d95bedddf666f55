#include "experiments/run_directory.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>

#include "core/checkpoint.h"

namespace prefctl {
namespace fs = std::filesystem;

namespace {

std::optional<double> AsNumber(const std::string& text) {
  try {
    size_t used = 0;
    const double value = std::stod(text, &used);
    if (used == text.size()) return value;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

void CollectChanges(const YAML::Node& before, const YAML::Node& after,
                    const std::string& key,
                    std::vector<SettingChange>* changes);

bool SameValue(const YAML::Node& a, const YAML::Node& b) {
  if (!a || !b) return !a && !b;
  if (a.Type() != b.Type()) return false;
  switch (a.Type()) {
    case YAML::NodeType::Scalar: {
      if (a.Scalar() == b.Scalar()) return true;
      const std::optional<double> x = AsNumber(a.Scalar());
      const std::optional<double> y = AsNumber(b.Scalar());
      return x && y && *x == *y;
    }
    case YAML::NodeType::Sequence:
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i) {
        if (!SameValue(a[i], b[i])) return false;
      }
      return true;
    case YAML::NodeType::Map: {  // a map inside a list
      std::vector<SettingChange> changes;
      CollectChanges(a, b, "", &changes);
      return changes.empty();
    }
    default:
      return true;
  }
}

std::string Inline(const YAML::Node& node) {
  if (!node) return "absent";
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

void CollectChanges(const YAML::Node& before, const YAML::Node& after,
                    const std::string& key,
                    std::vector<SettingChange>* changes) {
  if (before && after && before.IsMap() && after.IsMap()) {
    std::vector<std::string> names;
    for (const auto& item : before)
      names.push_back(item.first.as<std::string>());
    for (const auto& item : after) {
      const std::string name = item.first.as<std::string>();
      if (!before[name]) names.push_back(name);
    }
    for (const std::string& name : names) {
      CollectChanges(before[name], after[name],
                     key.empty() ? name : key + "." + name, changes);
    }
  } else if (!SameValue(before, after)) {
    changes->push_back({key, Inline(before), Inline(after)});
  }
}

}  // namespace

std::vector<SettingChange> ChangedSettings(const std::string& before_yaml,
                                           const std::string& after_yaml) {
  std::vector<SettingChange> changes;
  CollectChanges(YAML::Load(before_yaml), YAML::Load(after_yaml), "", &changes);
  return changes;
}

void CheckResumesTheSameExperiment(const std::string& run_dir,
                                   const ExperimentConfig& config) {
  const std::string path = (fs::path(run_dir) / "config.yaml").string();
  if (!fs::exists(path)) return;
  // Loaded, not compared as text: settings added to prefctl since the run
  // started then take their defaults, which is what the run had.
  const ExperimentConfig run = LoadExperiment(path, {});
  static const std::vector<std::string> kMayChange = {
      "train.env_steps", "train.keep_checkpoints", "device", "torch_threads",
      "env.threads"};
  std::string listed;
  for (const SettingChange& change :
       ChangedSettings(run.resolved_yaml, config.resolved_yaml)) {
    if (std::find(kMayChange.begin(), kMayChange.end(), change.key) !=
        kMayChange.end()) {
      continue;
    }
    listed += "\n  " + change.key + ": " + change.before + " in the run, " +
              change.after + " now";
  }
  if (listed.empty()) return;
  throw ConfigError(
      path +
      ": --resume continues this run's experiment, but these settings "
      "differ from it:" +
      listed +
      "\nTo continue the run as it was, resume from its own file: prefctl "
      "train " +
      path + " --run-dir " + run_dir +
      " --resume [train.env_steps=N]. To train with the new settings, give "
      "another --run-dir. A resume may change only " +
      JoinQuoted(kMayChange) + ".");
}

RunTarget ResolveRunTarget(const std::string& path) {
  RunTarget target;
  if (fs::is_directory(path)) {
    target.run_dir = path;
    const fs::path best = fs::path(path) / "checkpoints" / "best.pt";
    if (fs::exists(best)) {
      target.checkpoint = best.string();
    } else if (auto latest = CheckpointStore::Latest(
                   (fs::path(path) / "checkpoints").string())) {
      target.checkpoint = *latest;
    } else {
      throw ConfigError(path + ": this run directory holds no checkpoint yet");
    }
  } else if (fs::is_regular_file(path)) {
    target.checkpoint = path;
    target.run_dir = fs::path(path).parent_path().parent_path().string();
  } else {
    throw ConfigError(path + ": no such run directory or checkpoint file");
  }
  const std::string config_path =
      (fs::path(target.run_dir) / "config.yaml").string();
  if (!fs::exists(config_path)) {
    throw ConfigError(target.run_dir +
                      ": not a run directory (config.yaml is missing)");
  }
  target.config = LoadExperiment(config_path, {});
  return target;
}

RunDirectoryLock::RunDirectoryLock(const std::string& run_dir) {
  const std::string path = (fs::path(run_dir) / "train.lock").string();
  fd_ = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    throw ConfigError(
        path + ": cannot open the run's lock file: " + std::strerror(errno));
  }
  if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    close(fd_);
    throw ConfigError(run_dir +
                      ": another prefctl process is training into this run "
                      "directory; wait for it to finish or stop it first");
  }
}

RunDirectoryLock::~RunDirectoryLock() { close(fd_); }

}  // namespace prefctl
