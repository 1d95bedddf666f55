// Everything the viewer is told by the `prefctl view` command: the task,
// where the policy comes from, the run's network and PMPO settings, and what
// to do headless. Plain data, so the viewer never depends on experiments
// (experiments/view_command.cc fills it from a run directory's config.yaml).
#ifndef PREFCTL_VIEWER_VIEWER_SETUP_H_
#define PREFCTL_VIEWER_VIEWER_SETUP_H_

#include <cstdint>
#include <string>

#include "algorithms/pmpo_loss.h"
#include "critics/q_ensemble.h"
#include "policies/gaussian_policy.h"

namespace prefctl {

struct ViewerSetup {
  std::string task;     // A registered task name or a task file.
  std::string run_dir;  // "" when viewing a bare task.
  // The checkpoint shown first; "" starts with the fallback policy (a bare
  // task, or a run directory still waiting for its first checkpoint).
  std::string checkpoint;
  std::string fallback_policy = "random";  // "random" or "zero"

  // The run's networks and improvement settings (defaults for a bare task).
  PolicyNetworkConfig policy;
  CriticConfig critic;
  std::string loss = "pmpo";
  PmpoConfig pmpo;       // Defaults when the run's loss is not PMPO.
  int num_samples = 20;  // Actions per state the learner scores.

  int action_repeat = 1;  // The run's env.action_repeat.
  uint64_t seed = 0;
  bool deterministic = true;  // Mean actions; sampled when false.
  bool follow_latest = true;  // Load each new checkpoint of the run.
  bool track_camera = true;   // Camera follows the main body.
  std::string labels_path = "preference_labels.jsonl";

  // Headless: with a screenshot or record path, run `steps` steps (policy
  // actions: control steps times the action repeat) without showing a window,
  // then write the last frame / the recording.
  std::string screenshot;
  std::string record;
  int steps = 0;
  bool screenshot_ui = false;  // Draw the panels into the screenshot.
  int width = 1280;
  int height = 800;

  bool headless() const { return !screenshot.empty() || !record.empty(); }
};

}  // namespace prefctl

#endif  // PREFCTL_VIEWER_VIEWER_SETUP_H_
