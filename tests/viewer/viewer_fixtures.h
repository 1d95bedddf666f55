// Shared test fixtures for the viewer: small networks for cartpole and
// checkpoints written the way `prefctl train` writes them.
#ifndef PREFCTL_TESTS_VIEWER_VIEWER_FIXTURES_H_
#define PREFCTL_TESTS_VIEWER_VIEWER_FIXTURES_H_

#include <cstdlib>
#include <optional>
#include <string>

#include "algorithms/learner.h"
#include "core/checkpoint.h"
#include "viewer/viewer_setup.h"

namespace prefctl {

// cartpole-swingup's sizes.
constexpr int kCartpoleObservations = 5;
constexpr int kCartpoleActions = 1;

inline PolicyNetworkConfig SmallPolicy() {
  PolicyNetworkConfig config;
  config.hidden = {16};
  return config;
}

inline CriticConfig SmallCritic() {
  CriticConfig config;
  config.hidden = {16};
  return config;
}

inline OffPolicyLearner SmallLearner(uint64_t seed) {
  return OffPolicyLearner(
      LearnerConfig{}, SmallPolicy(), SmallCritic(),
      MakeImprovementLoss("pmpo", ConfigNode::LoadString("", "<test>")),
      kCartpoleObservations, kCartpoleActions, torch::kCPU, seed);
}

// Writes checkpoints/step_<step>.pt under `run_dir` with the trainer's
// layout (the learner under "learner"); returns its path.
inline std::string WriteCheckpoint(const std::string& run_dir, int64_t step,
                                   const OffPolicyLearner& learner) {
  CheckpointStore store(run_dir + "/checkpoints", 10);
  return store.Save(step, [&](torch::serialize::OutputArchive& archive) {
    torch::serialize::OutputArchive inner;
    learner.Save(inner);
    archive.write("learner", inner);
  });
}

inline std::string WriteCheckpoint(const std::string& run_dir, int64_t step) {
  return WriteCheckpoint(run_dir, step, SmallLearner(0));
}

// A cartpole setup with the small networks, headless-ready.
inline ViewerSetup SmallSetup() {
  ViewerSetup setup;
  setup.task = "cartpole-swingup";
  setup.policy = SmallPolicy();
  setup.critic = SmallCritic();
  return setup;
}

// Sets (or with nullopt unsets) an environment variable for one scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      setenv(name, value->c_str(), 1);
    } else {
      unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

}  // namespace prefctl

#endif  // PREFCTL_TESTS_VIEWER_VIEWER_FIXTURES_H_
