// A control loop's use of an installed prefctl: load a policy file, then one
// Act per control step. Given no file, it writes a one-unit policy first
// and checks its actions (the install test, tests/policies/CMakeLists.txt).
#include <cmath>
#include <cstdio>
#include <string>

#include "policies/deployed_policy.h"

int main(int argc, char** argv) {
  std::string path = argc > 1 ? argv[1] : "";
  if (path.empty()) {
    // action = clip(elu(observation)): one unit, unit weights, no LayerNorm.
    prefctl::DeployedPolicyWeights weights;
    weights.task = "identity";
    weights.observation_size = 1;
    weights.action_size = 1;
    weights.layer_norm_first = false;
    weights.torso = {{{1.0f}, {0.0f}}};
    weights.mean = {{1.0f}, {0.0f}};
    path = "identity_policy.bin";
    prefctl::SaveDeployedPolicy(weights, path);
  }
  prefctl::DeployedPolicy policy = prefctl::DeployedPolicy::Load(path);
  float observation[64] = {0.0f}, action[64];
  if (policy.observation_size() > 64 || policy.action_size() > 64) return 2;
  int failures = 0;
  for (float x : {0.5f, -1.0f, 3.0f}) {
    observation[0] = x;
    policy.Act(observation, action);
    std::printf("%s: observation[0] %.3f -> action[0] %.6f\n",
                policy.task().c_str(), x, action[0]);
    if (argc <= 1) {
      const float expected = x > 0 ? std::fmin(x, 1.0f) : std::expm1(x);
      if (std::fabs(action[0] - expected) > 1e-6f) ++failures;
    }
  }
  return failures == 0 ? 0 : 1;
}
