#include "algorithms/trajectory_criteria.h"

#include <algorithm>
#include <limits>

namespace prefctl {

void ReadConfig(const ConfigNode& node, int observation_size,
                CriterionConfig* config) {
  node.ReadChoice("kind", &config->kind,
                  {"return", "observation_mean", "action_energy",
                   "longest_stretch", "worst_window_mean"});
  node.Read("observation", &config->observation,
            Range::Closed(0, observation_size - 1));
  node.Read("threshold", &config->threshold);
  node.Read("window", &config->window, Range::AtLeast(1));
  node.Read("weight", &config->weight);
  node.CheckNoUnknownKeys();
}

double CriterionScore(const CriterionConfig& config,
                      const Trajectory& trajectory) {
  const int steps = trajectory.steps();
  if (steps == 0) return 0.0;
  const int index = config.observation;
  double score = 0.0;
  if (config.kind == "return") {
    score = trajectory.Return();
  } else if (config.kind == "observation_mean") {
    for (int t = 0; t < steps; ++t) score += trajectory.observation(t)[index];
    score /= steps;
  } else if (config.kind == "action_energy") {
    for (int t = 0; t < steps; ++t) {
      for (int i = 0; i < trajectory.action_size; ++i) {
        score -= trajectory.action(t)[i] * trajectory.action(t)[i];
      }
    }
    score /= steps;
  } else if (config.kind == "longest_stretch") {
    int run = 0, longest = 0;
    for (int t = 0; t < steps; ++t) {
      run = trajectory.observation(t)[index] >= config.threshold ? run + 1 : 0;
      longest = std::max(longest, run);
    }
    score = static_cast<double>(longest) / steps;
  } else {  // worst_window_mean
    const int window = std::min(config.window, steps);
    double sum = 0.0;
    score = std::numeric_limits<double>::infinity();
    for (int t = 0; t < steps; ++t) {
      sum += trajectory.observation(t)[index];
      if (t >= window) sum -= trajectory.observation(t - window)[index];
      if (t >= window - 1) score = std::min(score, sum / window);
    }
  }
  return config.weight * score;
}

}  // namespace prefctl
