#include "experiments/experiment_config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "algorithms/preference_sources.h"
#include "tests/core/test_dir.h"

namespace prefctl {
namespace {

std::string ErrorOf(const std::string& yaml,
                    const std::vector<std::string>& overrides = {}) {
  TestDir dir;
  const std::string path = dir.File("exp.yaml");
  std::ofstream(path) << yaml;
  try {
    LoadExperiment(path, overrides);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(ExperimentConfigTest, DefaultExperimentLoads) {
  const ExperimentConfig config =
      LoadExperiment(std::string(PREFCTL_SOURCE_DIR) +
                         "/experiments/cartpole_swingup_pmpo.yaml",
                     {"seed=3", "algorithm.pmpo.beta=2"});
  EXPECT_EQ(config.task, "cartpole-swingup");
  EXPECT_EQ(config.seed, 3u);
  EXPECT_EQ(config.loss, "pmpo");
  EXPECT_NE(config.resolved_yaml.find("beta: 2"), std::string::npos)
      << config.resolved_yaml;
  // Defaults the file leaves out are written too.
  EXPECT_NE(config.resolved_yaml.find("replay_capacity: "), std::string::npos)
      << config.resolved_yaml;
}

TEST(ExperimentConfigTest, UnknownAlgorithmListsLosses) {
  const std::string error = ErrorOf("algorithm:\n  loss: ppo\n");
  EXPECT_NE(
      error.find("exp.yaml:2: algorithm.loss must be one of 'pmpo', 'mpo'"),
      std::string::npos)
      << error;
}

TEST(ExperimentConfigTest, UnknownTaskNamesTheKeyAndKnownTasks) {
  const std::string error = ErrorOf("seed: 1\ntask: cartpole-swingpu\n");
  EXPECT_NE(error.find("exp.yaml:2: task names no usable task"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("cartpole-swingup"), std::string::npos) << error;
}

TEST(ExperimentConfigTest, UnknownKeyListsAllowedKeys) {
  const std::string error =
      ErrorOf("task: cartpole-swingup\ntrian:\n  env_steps: 5\n");
  EXPECT_NE(error.find("exp.yaml:2: trian is not a known key"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("'train'"), std::string::npos) << error;
}

TEST(ExperimentConfigTest, NegativeBetaAndAlphaOutOfRange) {
  std::string error = ErrorOf("algorithm:\n  pmpo:\n    beta: -0.5\n");
  EXPECT_NE(error.find("exp.yaml:3: algorithm.pmpo.beta must be >= 0"),
            std::string::npos)
      << error;
  error = ErrorOf("", {"algorithm.pmpo.alpha=1.2"});
  EXPECT_NE(error.find("command-line override 'algorithm.pmpo.alpha=1.2'"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("must be in [0, 1]"), std::string::npos) << error;
}

TEST(ExperimentConfigTest, ActionRepeatBelowOneNamesTheKey) {
  const std::string error = ErrorOf("", {"env.action_repeat=0"});
  EXPECT_NE(error.find("env.action_repeat"), std::string::npos) << error;
  EXPECT_NE(error.find("must be in [1, 1000]"), std::string::npos) << error;
}

TEST(ExperimentConfigTest, SectionOfAnUnchosenLossIsStillValidated) {
  const std::string error =
      ErrorOf("algorithm:\n  loss: pmpo\n  mpo:\n    epsilonn: 0.1\n");
  EXPECT_NE(error.find("algorithm.mpo.epsilonn is not a known key"),
            std::string::npos)
      << error;
}

TEST(ExperimentConfigTest, CudaWithoutCudaIsAClearError) {
  if (torch::cuda::is_available()) GTEST_SKIP() << "this machine has CUDA";
  const std::string error = ErrorOf("device: cuda\n");
  EXPECT_NE(error.find("no usable CUDA device"), std::string::npos) << error;
}

TEST(ExperimentConfigTest, PreferenceExperimentLoads) {
  const ExperimentConfig config =
      LoadExperiment(std::string(PREFCTL_SOURCE_DIR) +
                         "/experiments/cartpole_swingup_spo.yaml",
                     {"preference.flip_rate=0.2"});
  EXPECT_TRUE(config.use_preferences);
  EXPECT_EQ(config.preference.method, "spo");
  EXPECT_EQ(config.preference.self_play.queue_size, 16);
  const ExperimentConfig baseline =
      LoadExperiment(std::string(PREFCTL_SOURCE_DIR) +
                         "/experiments/cartpole_swingup_spo.yaml",
                     {"preference.method=task_reward"});
  EXPECT_FALSE(baseline.use_preferences);
}

// A round of refit_every episodes has refit_every * (refit_every - 1) / 2
// pairs among itself and refit_every^2 with the round before.
TEST(ExperimentConfigTest, RewardModelQueriesAreBoundedByTheRoundsPairs) {
  const std::string spo = std::string(PREFCTL_SOURCE_DIR) +
                          "/experiments/cartpole_swingup_spo.yaml";
  EXPECT_EQ(LoadExperiment(spo, {"preference.refit_every=4",
                                 "preference.queries_per_episode=5.5"})
                .preference.queries_per_episode,
            5.5);
  std::string error;
  try {
    LoadExperiment(
        spo, {"preference.refit_every=4", "preference.queries_per_episode=6"});
  } catch (const ConfigError& e) {
    error = e.what();
  }
  EXPECT_NE(error.find("preference.queries_per_episode must be at most 5.5 "
                       "with refit_every 4"),
            std::string::npos)
      << error;
}

std::string ShippedExperiment(const std::string& name) {
  return std::string(PREFCTL_SOURCE_DIR) + "/experiments/" + name;
}

TEST(ExperimentConfigTest, EveryShippedExperimentLoads) {
  int experiments = 0;
  for (const auto& entry : std::filesystem::directory_iterator(
           std::string(PREFCTL_SOURCE_DIR) + "/experiments")) {
    if (entry.path().extension() != ".yaml") continue;
    ++experiments;
    // Loading builds the preference source too, which checks its keys.
    ExperimentConfig config;
    ASSERT_NO_THROW(config = LoadExperiment(entry.path().string(), {}))
        << entry.path();
    // Its config.yaml holds every setting: loading it again changes nothing.
    TestDir dir;
    const std::string resolved = dir.File("config.yaml");
    std::ofstream(resolved) << config.resolved_yaml;
    EXPECT_EQ(LoadExperiment(resolved, {}).resolved_yaml, config.resolved_yaml)
        << entry.path();
  }
  EXPECT_GE(experiments, 5);
}

// A user task named relative to the experiment file is found from any
// working directory, and config.yaml names it absolutely so that the run
// directory reloads it from anywhere.
TEST(ExperimentConfigTest, UserTaskIsRelativeToTheExperimentFile) {
  namespace fs = std::filesystem;
  TestDir dir;
  const fs::path task =
      fs::path(PREFCTL_SOURCE_DIR) / "tests/envs/data/cartpole_user.yaml";
  const std::string path = dir.File("exp.yaml");
  std::ofstream(path) << "task: " << fs::relative(task, dir.path()).string()
                      << "\n";
  ASSERT_NE(fs::current_path(), fs::path(dir.path()));
  const ExperimentConfig config = LoadExperiment(path, {});
  EXPECT_EQ(config.task, task.lexically_normal().string());

  const std::string run_dir = dir.File("run");
  fs::create_directories(run_dir);
  const std::string resolved = run_dir + "/config.yaml";
  std::ofstream(resolved) << config.resolved_yaml;
  EXPECT_EQ(LoadExperiment(resolved, {}).task, config.task);
}

// An episode of `steps` cartpole steps with the given return, the pole
// upright (cos 1, observation 1) for its first `upright` steps, and every
// action of size `force`.
Trajectory CartpoleEpisode(double episode_return, int upright, float force) {
  constexpr int kSteps = 4;
  Trajectory episode;
  episode.observation_size = 5;
  episode.action_size = 1;
  for (int t = 0; t < kSteps; ++t) {
    const float observation[5] = {0, t < upright ? 1.0f : -1.0f, 0, 0, 0};
    episode.Append(observation, &force,
                   static_cast<float>(episode_return / kSteps));
  }
  const float hanging[5] = {0, -1, 0, 0, 0};
  episode.Finish(hanging);
  return episode;
}

TEST(ExperimentConfigTest, ShippedIntransitiveExampleCycles) {
  const ExperimentConfig config = LoadExperiment(
      ShippedExperiment("cartpole_swingup_intransitive.yaml"), {});
  auto source =
      MakePreferenceSource(config.preference_node, {config.task, 5, 1}, 0);
  // Ranked a > b > c by return, b > c > a by the upright stretch and
  // c > a > b by force used, the majority prefers a to b, b to c, c to a.
  const Trajectory a = CartpoleEpisode(3, 1, 0.5f);
  const Trajectory b = CartpoleEpisode(2, 3, 0.8f);
  const Trajectory c = CartpoleEpisode(1, 2, 0.2f);
  EXPECT_EQ(source->Prefer(a, b), 1.0);
  EXPECT_EQ(source->Prefer(b, c), 1.0);
  EXPECT_EQ(source->Prefer(c, a), 1.0);
  EXPECT_EQ(source->Prefer(b, a), 0.0);
}

TEST(ExperimentConfigTest, ShippedUprightExamplePrefersTheUnbrokenStretch) {
  const ExperimentConfig config =
      LoadExperiment(ShippedExperiment("cartpole_swingup_upright.yaml"), {});
  auto source =
      MakePreferenceSource(config.preference_node, {config.task, 5, 1}, 0);
  // Less task reward, but held upright longer without falling.
  EXPECT_EQ(source->Prefer(CartpoleEpisode(1, 3, 0), CartpoleEpisode(3, 2, 0)),
            1.0);
}

TEST(ExperimentConfigTest, BadPreferenceSectionsAreClearErrors) {
  EXPECT_NE(ErrorOf("preference:\n  method: dpo\n")
                .find("exp.yaml:2: preference.method must be one of 'spo', "
                      "'rm_rlhf', 'task_reward'"),
            std::string::npos);
  EXPECT_NE(ErrorOf("preference:\n  source: oracle\n")
                .find("exp.yaml:2: preference.source must be one of 'return'"),
            std::string::npos);
  const std::string unknown = ErrorOf("preference:\n  queue_size: 3\n");
  EXPECT_NE(
      unknown.find("exp.yaml:2: preference.queue_size is not a known key"),
      std::string::npos)
      << unknown;
  EXPECT_NE(unknown.find("'self_play'"), std::string::npos) << unknown;
  const std::string gpm =
      ErrorOf("preference:\n  method: rm_rlhf\n  reward_model: {type: gpm}\n");
  EXPECT_NE(gpm.find("preference.reward_model.type must be bradley_terry"),
            std::string::npos)
      << gpm;
  // cartpole-swingup observes 5 numbers.
  const std::string index = ErrorOf(
      "preference:\n  source: non_markovian\n  criterion:\n"
      "    {kind: longest_stretch, observation: 5, threshold: 0.9}\n");
  EXPECT_NE(index.find("preference.criterion.observation"), std::string::npos)
      << index;
  EXPECT_NE(ErrorOf("preference:\n  self_play: {queue_size: 0}\n")
                .find("preference.self_play.queue_size"),
            std::string::npos);
}

}  // namespace
}  // namespace prefctl
