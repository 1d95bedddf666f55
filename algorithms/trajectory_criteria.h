// Trajectory-level scores that preference sources compare (DESIGN.md 2.5).
// Some are sums of per-step terms (the return); others are deliberately
// non-Markovian, functions of the whole sequence that no per-step reward
// expresses:
//   return             sum_t r_t (the task's hidden reward)
//   observation_mean   mean_t o_t[i]
//   action_energy      -mean_t ||a_t||^2
//   longest_stretch    the longest run of consecutive steps with
//                      o_t[i] >= threshold, over the episode length (e.g.
//                      a swing-up held upright without falling once)
//   worst_window_mean  the smallest mean of o_t[i] over any `window`
//                      consecutive steps (e.g. a gait's slowest second)
// Every score is multiplied by `weight` (negative: prefer less).
#ifndef PREFCTL_ALGORITHMS_TRAJECTORY_CRITERIA_H_
#define PREFCTL_ALGORITHMS_TRAJECTORY_CRITERIA_H_

#include <string>

#include "core/config.h"
#include "envs/trajectory.h"

namespace prefctl {

struct CriterionConfig {
  std::string kind = "return";
  int observation = 0;     // index into the observation vector
  double threshold = 0.0;  // longest_stretch
  int window = 100;        // worst_window_mean: 1 s at dm_control's 0.01 s
  double weight = 1.0;
};
// Checks the observation index against the task's `observation_size`.
void ReadConfig(const ConfigNode& node, int observation_size,
                CriterionConfig* config);

double CriterionScore(const CriterionConfig& config,
                      const Trajectory& trajectory);

}  // namespace prefctl

#endif  // PREFCTL_ALGORITHMS_TRAJECTORY_CRITERIA_H_
