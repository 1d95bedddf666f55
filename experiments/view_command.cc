// `prefctl view TARGET`: the live viewer (docs/viewer.md) on a task name
// (random or zero actions), a checkpoint file, or a run directory, which it
// follows while `prefctl train` writes to it. This file turns the run's
// config.yaml into the viewer's plain ViewerSetup.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>

#include "core/checkpoint.h"
#include "core/compute_setup.h"
#include "core/logging.h"
#include "envs/task_registry.h"
#include "experiments/commands.h"
#include "experiments/experiment_config.h"
#include "experiments/run_directory.h"
#include "viewer/app.h"

namespace prefctl {
namespace fs = std::filesystem;
namespace {

void FillFromExperiment(const ExperimentConfig& config, ViewerSetup* setup) {
  setup->task = config.task;
  setup->policy = config.policy;
  setup->critic = config.critic;
  setup->loss = config.loss;
  // The inspector shows PMPO's selection; other losses get its defaults.
  if (config.algorithm.Has("pmpo")) {
    ReadConfig(config.algorithm.Child("pmpo"), &setup->pmpo);
  }
  setup->num_samples = config.learner.num_samples;
  setup->action_repeat = config.env.action_repeat;
  setup->seed = config.seed;
}

bool IsTaskFile(const fs::path& path) {
  return path.extension() == ".yaml" || path.extension() == ".yml";
}

// What TARGET names, with the run's settings; throws ConfigError naming the
// path when it is neither a task, a checkpoint nor a run directory.
ViewerSetup ResolveViewTarget(const std::string& target, bool wait) {
  ViewerSetup setup;
  if (fs::is_directory(target)) {
    const fs::path config = fs::path(target) / "config.yaml";
    if (!fs::exists(config)) {
      throw ConfigError(target +
                        ": not a run directory (config.yaml is missing)");
    }
    FillFromExperiment(LoadExperiment(config.string(), {}), &setup);
    setup.run_dir = target;
    const std::string checkpoints = (fs::path(target) / "checkpoints").string();
    const fs::path best = fs::path(checkpoints) / "best.pt";
    // Newest first: a live run is followed from its latest state.
    if (auto latest = CheckpointStore::Latest(checkpoints)) {
      setup.checkpoint = *latest;
    } else if (fs::exists(best)) {
      setup.checkpoint = best.string();
    } else if (!wait) {
      throw ConfigError(target +
                        ": this run directory holds no checkpoint yet (" +
                        checkpoints +
                        " has no step_*.pt or best.pt); pass --wait to watch "
                        "it until `prefctl train` writes one");
    }
    return setup;
  }
  if (fs::is_regular_file(target) && !IsTaskFile(target)) {
    const RunTarget run = ResolveRunTarget(target);
    FillFromExperiment(run.config, &setup);
    setup.run_dir = run.run_dir;
    setup.checkpoint = run.checkpoint;
    setup.follow_latest = false;  // This checkpoint was asked for.
    return setup;
  }
  if (!fs::exists(target) && (target.find('/') != std::string::npos ||
                              fs::path(target).extension() == ".pt")) {
    throw ConfigError(target + ": no such run directory or checkpoint file");
  }
  MakeTask(target);  // An unknown name is a ConfigError listing the tasks.
  setup.task = target;
  return setup;
}

}  // namespace

void RegisterViewCommand(CLI::App* app) {
  struct Options {
    std::string target;
    std::string policy = "random";
    bool sampled = false;
    bool wait = false;
    bool no_follow = false;
    std::string camera = "track";
    int64_t seed = -1;
    std::string labels = "preference_labels.jsonl";
    std::string screenshot, record;
    int steps = 200;
    bool screenshot_ui = false;
    int width = 1280, height = 800;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app->add_subcommand(
      "view", "Watch, inspect and label a policy in a window (or headless)");
  command
      ->add_option("target", options->target,
                   "task name, checkpoint file or run directory")
      ->required();
  command
      ->add_option("--policy", options->policy,
                   "actions without a checkpoint: random or zero")
      ->check(CLI::IsMember({"random", "zero"}));
  command->add_flag("--sampled", options->sampled,
                    "sample actions instead of the policy's mean");
  command->add_flag("--wait", options->wait,
                    "accept a run directory with no checkpoint yet");
  command->add_flag("--no-follow", options->no_follow,
                    "do not load new checkpoints of the run as they appear");
  command->add_option("--camera", options->camera, "free or track")
      ->check(CLI::IsMember({"free", "track"}));
  command->add_option("--seed", options->seed,
                      "episode seed (default: the run's seed, or 0)");
  command->add_option("--labels", options->labels,
                      "JSONL file preference labels are appended to");
  command->add_option("--screenshot", options->screenshot,
                      "headless: write the last frame to this PNG");
  command->add_option("--record", options->record,
                      "headless: record the rollout (ffmpeg video, or PNG "
                      "frames without ffmpeg)");
  command
      ->add_option(
          "--steps", options->steps,
          "headless: steps (policy actions) to run before the screenshot")
      ->check(CLI::Range(0, 10000000));
  command->add_flag("--screenshot-ui", options->screenshot_ui,
                    "headless: draw the panels into the screenshot");
  command->add_option("--width", options->width, "window or image width")
      ->check(CLI::Range(64, 8192));
  command->add_option("--height", options->height, "window or image height")
      ->check(CLI::Range(64, 8192));
  command->callback([options] {
    ViewerSetup setup = ResolveViewTarget(options->target, options->wait);
    setup.fallback_policy = options->policy;
    setup.deterministic = !options->sampled;
    if (options->no_follow) setup.follow_latest = false;
    setup.track_camera = options->camera == "track";
    if (options->seed >= 0) setup.seed = static_cast<uint64_t>(options->seed);
    setup.labels_path = options->labels;
    setup.screenshot = options->screenshot;
    setup.record = options->record;
    setup.steps = options->steps;
    setup.screenshot_ui = options->screenshot_ui;
    setup.width = options->width;
    setup.height = options->height;
    // The viewer must not slow a training run beside it: a lower priority
    // (before any thread starts, so renderer threads inherit it) and one
    // torch thread.
    if (::nice(10) == -1) Log().debug("could not lower the viewer's priority");
    SetUpCompute(1);
    RunViewer(setup);
  });
}

}  // namespace prefctl
