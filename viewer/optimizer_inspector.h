// What the policy improvement step sees at one state (DESIGN.md 2.1, 2.2):
// N actions drawn from the policy, scored by the critic ensemble (heads
// aggregated as in training), and split into accepted and rejected samples by
// PMPO's SelectSamples with the run's settings.
#ifndef PREFCTL_VIEWER_OPTIMIZER_INSPECTOR_H_
#define PREFCTL_VIEWER_OPTIMIZER_INSPECTOR_H_

#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "algorithms/pmpo_loss.h"
#include "critics/q_ensemble.h"
#include "policies/gaussian_policy.h"

namespace prefctl {

struct OptimizerInspection {
  int num_samples = 0;
  int action_size = 0;
  std::vector<float> actions;  // [N, A], clipped as the critic scores them
  std::vector<float> q;        // [N]
  std::vector<uint8_t> accepted, rejected;  // [N], 0 or 1
  int accepted_count = 0;
  int rejected_count = 0;
  float executed_q = 0.0f;  // Q of the action the viewer executes here
};

OptimizerInspection InspectOptimizer(GaussianPolicy& policy, QEnsemble& critic,
                                     const PmpoConfig& pmpo,
                                     const float* observation,
                                     int observation_size,
                                     const float* executed_action,
                                     int action_size, int num_samples,
                                     torch::Generator& generator);

}  // namespace prefctl

#endif  // PREFCTL_VIEWER_OPTIMIZER_INSPECTOR_H_
