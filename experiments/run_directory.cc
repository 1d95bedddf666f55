#include "experiments/run_directory.h"

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

}  // namespace prefctl
