// The shipped tasks are the YAML files in envs/tasks/, named by file stem
// (cartpole-swingup.yaml is "cartpole-swingup"). A path ending in .yaml or
// .yml names a user task file instead.
#ifndef PREFCTL_ENVS_TASK_REGISTRY_H_
#define PREFCTL_ENVS_TASK_REGISTRY_H_

#include <memory>
#include <string>
#include <vector>

#include "envs/task.h"

namespace prefctl {

// The directory of shipped task files: $PREFCTL_TASKS_DIR if set, else the
// source tree's envs/tasks.
std::string TasksDirectory();

// Registered task names, sorted.
std::vector<std::string> TaskNames();

// Whether `name_or_path` names a task file (.yaml or .yml) rather than a
// registered task.
bool IsTaskFile(const std::string& name_or_path);

// A registered task by name, or a user task by file path. An unknown name is
// a ConfigError listing the known ones.
std::unique_ptr<Task> MakeTask(const std::string& name_or_path);

}  // namespace prefctl

#endif  // PREFCTL_ENVS_TASK_REGISTRY_H_
