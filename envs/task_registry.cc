#include "envs/task_registry.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "core/config.h"

namespace prefctl {
namespace fs = std::filesystem;

bool IsTaskFile(const std::string& name_or_path) {
  const std::string extension = fs::path(name_or_path).extension().string();
  return extension == ".yaml" || extension == ".yml";
}

std::string TasksDirectory() {
  if (const char* directory = std::getenv("PREFCTL_TASKS_DIR"))
    return directory;
  return PREFCTL_TASKS_DIR;
}

std::vector<std::string> TaskNames() {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(TasksDirectory(), error)) {
    if (IsTaskFile(entry.path().string())) {
      names.push_back(entry.path().stem().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::unique_ptr<Task> MakeTask(const std::string& name_or_path) {
  if (IsTaskFile(name_or_path)) {
    if (!fs::exists(name_or_path)) {
      throw ConfigError(name_or_path + ": task file does not exist");
    }
    return std::make_unique<Task>(name_or_path,
                                  fs::path(name_or_path).stem().string());
  }
  const std::vector<std::string> names = TaskNames();
  if (std::find(names.begin(), names.end(), name_or_path) == names.end()) {
    std::string known;
    for (const std::string& name : names)
      known += (known.empty() ? "" : ", ") + name;
    throw ConfigError("unknown task '" + name_or_path + "'; known tasks: " +
                      known + " (or give a path to a task .yaml file)");
  }
  return std::make_unique<Task>(
      (fs::path(TasksDirectory()) / (name_or_path + ".yaml")).string(),
      name_or_path);
}

}  // namespace prefctl
