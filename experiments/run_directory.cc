#include "experiments/run_directory.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/checkpoint.h"

namespace prefctl {
namespace fs = std::filesystem;

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
