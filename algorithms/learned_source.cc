#include "algorithms/learned_source.h"

#include <stdexcept>

#include "core/preference_labels.h"

namespace prefctl {
namespace {

// Checks one side of a label against the task's sizes.
void CheckSizes(const Trajectory& trajectory, const PreferenceTask& task,
                const std::string& where) {
  if (trajectory.observation_size != task.observation_size ||
      trajectory.action_size != task.action_size) {
    throw ConfigError(
        where + " has observations of " +
        std::to_string(trajectory.observation_size) + " and actions of " +
        std::to_string(trajectory.action_size) + " numbers; " + task.name +
        " has " + std::to_string(task.observation_size) + " and " +
        std::to_string(task.action_size));
  }
}

}  // namespace

LearnedSource::LearnedSource(const std::string& labels_path,
                             const PreferenceModelConfig& model,
                             const PreferenceTask& task, uint64_t seed)
    : config_(model), task_(task), seed_(seed) {
  std::vector<int> lines;
  std::vector<PreferenceLabel> labels;
  try {
    labels = ReadPreferenceLabels(labels_path, &lines);
  } catch (const std::runtime_error& e) {
    throw ConfigError(e.what());
  }
  if (labels.empty()) {
    throw ConfigError(labels_path + ": holds no preference labels");
  }
  for (size_t i = 0; i < labels.size(); ++i) {
    const std::string where = labels_path + ":" + std::to_string(lines[i]);
    const int first = static_cast<int>(dataset_.trajectories.size());
    for (const PreferenceTrajectory* side :
         {&labels[i].left, &labels[i].right}) {
      dataset_.trajectories.push_back(FromLabelTrajectory(*side));
      CheckSizes(dataset_.trajectories.back(), task_,
                 where + (side == &labels[i].left ? ": left" : ": right"));
    }
    dataset_.comparisons.push_back({first, first + 1, labels[i].preference});
  }
}

void LearnedSource::Fit() {
  // The model's initialization draws from LibTorch's global generator: seed
  // it for the fit alone, so that a resumed run fits the same model.
  auto global = at::detail::getDefaultCPUGenerator();
  const torch::Tensor saved = global.get_state();
  torch::manual_seed(seed_);
  model_ = PreferenceModel(config_, task_.observation_size, task_.action_size);
  torch::Generator generator = at::detail::createCPUGenerator(seed_);
  FitPreferenceModel(model_, dataset_, generator);
  global.set_state(saved);
}

double LearnedSource::Prefer(const Trajectory& a, const Trajectory& b) {
  if (!model_) Fit();
  return model_->Probability(a, b);
}

}  // namespace prefctl
