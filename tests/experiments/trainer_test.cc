#include "experiments/trainer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "core/checkpoint.h"
#include "core/metrics_writer.h"
#include "core/rng.h"
#include "envs/vec_env.h"
#include "experiments/run_directory.h"
#include "tests/core/archive_copy.h"
#include "tests/core/test_dir.h"
#include "tests/experiments/small_experiment.h"

namespace prefctl {
namespace {

// The policy's parameters in a checkpoint, flattened into one tensor.
torch::Tensor PolicyWeights(const std::string& checkpoint,
                            const ExperimentConfig& config) {
  GaussianPolicy policy(config.policy, /*observation_size=*/5,
                        /*action_size=*/1);
  OffPolicyLearner::LoadPolicy(checkpoint, policy);
  std::vector<torch::Tensor> flat;
  for (const torch::Tensor& p : policy->parameters())
    flat.push_back(p.flatten());
  return torch::cat(flat);
}

TEST(TrainerTest, WritesTheRunDirectory) {
  TestDir dir;
  const std::string run = dir.File("run");
  const TrainSummary summary = Train(SmallExperiment(dir, {}), run, false);
  EXPECT_EQ(summary.env_steps, 1200);
  EXPECT_GT(summary.updates, 0);
  for (const char* file :
       {"config.yaml", "metrics.csv", "summary.json", "checkpoints/best.pt"}) {
    EXPECT_TRUE(std::filesystem::exists(run + "/" + file)) << file;
  }
  const MetricsTable metrics = ReadMetrics(run + "/metrics.csv");
  ASSERT_EQ(metrics.rows.size(), 3u);  // 400, 800, 1200
  for (const char* column :
       {"env_steps", "updates", "wall_s", "eval_return", "eval_return_std",
        "policy_loss", "critic_loss", "log_prob_best", "log_prob_worst", "kl",
        "entropy"}) {
    EXPECT_GE(metrics.ColumnIndex(column), 0) << column;
  }
  EXPECT_EQ(CheckpointStore::List(run + "/checkpoints").size(), 2u);  // keep 2
}

// Env steps are control steps: an action repeat of 4 with 2 environments
// adds 8 per step, and updates follow env steps from warmup (400) on.
TEST(TrainerTest, ActionRepeatCountsControlSteps) {
  TestDir dir;
  const TrainSummary summary = Train(
      SmallExperiment(dir, {"env.action_repeat=4"}), dir.File("run"), false);
  EXPECT_EQ(summary.env_steps, 1200);
  EXPECT_EQ(summary.updates, (1200 - 400) + 8);  // credited at 400 too
}

TEST(TrainerTest, DescribeSaysWhenThereIsNoEvaluationYet) {
  TrainSummary summary{std::nan(""), -INFINITY, 3000, 1000, 12.5};
  EXPECT_EQ(Describe(summary),
            "no evaluation yet after 3000 env steps, 1000 updates, 12.5 s");
  summary.final_eval_return = 210.5;
  summary.best_eval_return = 234.25;
  EXPECT_EQ(Describe(summary),
            "final eval return 210.5, best 234.25 after 3000 env steps, "
            "1000 updates, 12.5 s");
}

// Interrupted at 800 steps and resumed, a run of SmallExperiment(overrides)
// ends bit-identical to one that was never interrupted. Sets `metrics` to the
// uninterrupted run's.
void ExpectResumeBitIdentical(const std::vector<std::string>& overrides,
                              MetricsTable* metrics) {
  TestDir dir;
  const std::string straight = dir.File("straight"),
                    resumed = dir.File("resumed");
  std::vector<std::string> stopped = overrides;
  stopped.push_back("train.env_steps=800");
  Train(SmallExperiment(dir, overrides), straight, false);
  Train(SmallExperiment(dir, stopped), resumed, false);
  Train(SmallExperiment(dir, overrides), resumed, true);

  const std::string a = *CheckpointStore::Latest(straight + "/checkpoints");
  const std::string b = *CheckpointStore::Latest(resumed + "/checkpoints");
  const ExperimentConfig config = SmallExperiment(dir, overrides);
  EXPECT_TRUE(torch::equal(PolicyWeights(a, config), PolicyWeights(b, config)));
  // The resumed run writes no checkpoint of its own at its first step.
  auto names = [](const std::string& run) {
    std::vector<std::string> files;
    for (const std::string& path :
         CheckpointStore::List(run + "/checkpoints")) {
      files.push_back(std::filesystem::path(path).filename().string());
    }
    return files;
  };
  EXPECT_EQ(names(straight), names(resumed));
  *metrics = ReadMetrics(straight + "/metrics.csv");
  const MetricsTable resumed_metrics = ReadMetrics(resumed + "/metrics.csv");
  ASSERT_EQ(metrics->rows.size(), resumed_metrics.rows.size());
  const int eval = metrics->ColumnIndex("eval_return");
  for (size_t i = 0; i < metrics->rows.size(); ++i) {
    EXPECT_EQ(metrics->rows[i][eval], resumed_metrics.rows[i][eval])
        << "row " << i;
  }
}

TEST(TrainerTest, ResumeIsBitIdenticalOnCpu) {
  MetricsTable metrics;
  ExpectResumeBitIdentical({}, &metrics);
}

// With PMPO's entropy bound above the initial policy's entropy (1.06 nats
// at the initial stddev 0.7) the multiplier rises from the first update (a
// faster dual rate lifts it off its floor within this short run), so its
// value and its optimizer's state must come back from the checkpoint.
TEST(TrainerTest, ResumeWithTheEntropyBoundIsBitIdenticalOnCpu) {
  MetricsTable metrics;
  ExpectResumeBitIdentical({"algorithm.pmpo.min_entropy_per_dim=3",
                            "learner.dual_learning_rate=0.1"},
                           &metrics);
  const int multiplier = metrics.ColumnIndex("entropy_multiplier");
  ASSERT_GE(multiplier, 0);
  EXPECT_GT(metrics.rows.back()[multiplier], 0.1);
}

// Mean return of uniform random actions on `task` over `episodes` episodes.
double RandomReturn(const std::string& task, int episodes) {
  VecEnv env(task, episodes, 1, 123);
  Rng rng(5);
  double total = 0.0;
  for (double r : RunEpisodes(env, [&](const float*, float* actions) {
         for (int i = 0; i < episodes * env.action_size(); ++i) {
           actions[i] = static_cast<float>(rng.Uniform(-1.0, 1.0));
         }
       })) {
    total += r;
  }
  return total / episodes;
}

// A short PMPO run (fixed seed, small networks, 6000 env steps, ~2000
// updates) learns cartpole swing-up far beyond random actions.
TEST(TrainerTest, ShortPmpoRunBeatsRandomClearly) {
  TestDir dir;
  const std::string path = dir.File("learn.yaml");
  std::ofstream(path) << R"(task: cartpole-swingup
seed: 0
env: {num_envs: 4, threads: 1}
train: {env_steps: 6000, warmup_steps: 2000, updates_per_env_step: 0.5,
        eval_every: 2000, eval_episodes: 5, checkpoint_every: 6000}
learner: {batch_size: 128, num_samples: 10, target_samples: 10}
policy: {hidden: [64, 64]}
critic: {hidden: [64, 64]}
algorithm: {loss: pmpo}
)";
  const TrainSummary summary =
      Train(LoadExperiment(path, {}), dir.File("run"), false);
  const double random = RandomReturn("cartpole-swingup", 5);
  EXPECT_GT(summary.best_eval_return, random + 100.0)
      << "random " << random << ", best " << summary.best_eval_return;
}

TEST(TrainerTest, ResumeWithoutCheckpointIsAClearError) {
  TestDir dir;
  try {
    Train(SmallExperiment(dir, {}), dir.File("empty"), true);
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("holds no checkpoint"),
              std::string::npos)
        << e.what();
  }
}

// `--resume` continues the run's own experiment: other settings (here the
// critic's rate and the action repeat) are named with both values before
// anything is trained, and the run's config.yaml stays as it was.
TEST(TrainerTest, ResumeWithOtherSettingsNamesThem) {
  TestDir dir;
  const std::string run = dir.File("run");
  Train(SmallExperiment(dir, {"train.env_steps=800"}), run, false);
  const std::string written = ReadText(run + "/config.yaml");
  const std::optional<std::string> latest =
      CheckpointStore::Latest(run + "/checkpoints");
  try {
    Train(SmallExperiment(dir, {"learner.critic_learning_rate=5e-4",
                                "env.action_repeat=2", "torch_threads=2"}),
          run, true);
    FAIL();
  } catch (const ConfigError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(run + "/config.yaml: --resume"), std::string::npos)
        << message;
    EXPECT_NE(message.find("learner.critic_learning_rate: "), std::string::npos)
        << message;
    EXPECT_NE(message.find("env.action_repeat: 1 in the run, 2 now"),
              std::string::npos)
        << message;
    // Threads change how fast a run computes, not what it is.
    EXPECT_EQ(message.find("torch_threads: "), std::string::npos) << message;
    EXPECT_NE(message.find("prefctl train " + run + "/config.yaml --run-dir"),
              std::string::npos)
        << message;
  }
  EXPECT_EQ(ReadText(run + "/config.yaml"), written);
  EXPECT_EQ(CheckpointStore::Latest(run + "/checkpoints"), latest);
  // The run's own file, with a longer budget, resumes it.
  EXPECT_EQ(
      Train(LoadExperiment(run + "/config.yaml", {"train.env_steps=1200"}), run,
            true)
          .env_steps,
      1200);
}

// A checkpoint that does not fit the experiment (here a wider policy, with
// the run's config.yaml gone, so nothing to compare settings with) is named,
// without LibTorch's backtrace, and no config.yaml is written for it.
TEST(TrainerTest, ResumeFromACheckpointOfOtherShapesNamesTheCheckpoint) {
  TestDir dir;
  const std::string run = dir.File("run");
  Train(SmallExperiment(dir, {"train.env_steps=800"}), run, false);
  std::filesystem::remove(run + "/config.yaml");
  try {
    Train(SmallExperiment(dir, {"policy.hidden=[32]"}), run, true);
    FAIL();
  } catch (const std::runtime_error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(run + "/checkpoints/step_"), std::string::npos)
        << message;
    EXPECT_NE(message.find("does not match this experiment"), std::string::npos)
        << message;
    EXPECT_NE(message.find("policy."), std::string::npos) << message;
    EXPECT_EQ(message.find("frame #"), std::string::npos) << message;
  }
  EXPECT_FALSE(std::filesystem::exists(run + "/config.yaml"));
}

TEST(TrainerTest, SecondTrainingIntoARunDirectoryInUseIsAClearError) {
  TestDir dir;
  const std::string run = dir.File("run");
  std::filesystem::create_directories(run);
  {
    const RunDirectoryLock other_process(run);  // A separate open file.
    try {
      Train(SmallExperiment(dir, {}), run, false);
      FAIL();
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(run + ": another prefctl process"),
                std::string::npos)
          << e.what();
    }
    EXPECT_FALSE(std::filesystem::exists(run + "/metrics.csv"));
  }
  // Released with its holder: the directory can be trained into again.
  EXPECT_EQ(Train(SmallExperiment(dir, {}), run, false).env_steps, 1200);
}

// Cart-pole balance with 60-step episodes (so that a short run sees many),
// written into `dir`; `reward_scale` multiplies the task's reward.
std::string ShortCartpoleTask(const TestDir& dir, const std::string& name,
                              double reward_scale) {
  std::string yaml = ReadText(std::string(PREFCTL_SOURCE_DIR) +
                              "/envs/tasks/cartpole-balance.yaml");
  auto replace = [&](const std::string& from, const std::string& to) {
    const size_t at = yaml.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    yaml.replace(at, from.size(), to);
  };
  replace("model: ../assets/cartpole.xml",
          "model: " + std::string(PREFCTL_SOURCE_DIR) +
              "/envs/assets/cartpole.xml");
  replace("episode_length: 1000", "episode_length: 60");
  // The first reward term, the pole's height, becomes scale * (0.5 + 0.5 zz).
  replace("offset: 0.5\n      scale: 0.5",
          "offset: " + std::to_string(0.5 * reward_scale) +
              "\n      scale: " + std::to_string(0.5 * reward_scale));
  const std::string path = dir.File(name + ".yaml");
  std::ofstream(path) << yaml;
  return path;
}

// SmallExperiment learning from preferences on a short-episode task: 1200
// env steps in 2 environments are 20 episodes of 60 steps.
ExperimentConfig PreferenceExperiment(const TestDir& dir,
                                      const std::string& task,
                                      std::vector<std::string> overrides) {
  overrides.insert(
      overrides.begin(),
      {"task=" + task, "preference={method: spo, source: return}"});
  return SmallExperiment(dir, overrides);
}

nlohmann::json ReadSummary(const std::string& run) {
  std::ifstream in(run + "/summary.json");
  return nlohmann::json::parse(in);
}

double LastMetric(const std::string& run, const std::string& column) {
  const MetricsTable metrics = ReadMetrics(run + "/metrics.csv");
  return metrics.rows.back()[metrics.ColumnIndex(column)];
}

// The last checkpoints of runs `a` and `b` hold the same policy, bit for
// bit, after as many preference queries.
void ExpectSameLastPolicyAndQueries(const TestDir& dir, const std::string& a,
                                    const std::string& b) {
  const ExperimentConfig config = SmallExperiment(dir, {});
  EXPECT_TRUE(torch::equal(
      PolicyWeights(*CheckpointStore::Latest(a + "/checkpoints"), config),
      PolicyWeights(*CheckpointStore::Latest(b + "/checkpoints"), config)));
  EXPECT_EQ(LastMetric(a, "preference_queries"),
            LastMetric(b, "preference_queries"));
}

// Self-play compares each finished episode with the whole queue (16 by
// default): 0 + 1 + ... + 15 + 16 * 4 queries for 20 episodes.
TEST(TrainerTest, SelfPlayCountsItsQueries) {
  TestDir dir;
  const std::string task = ShortCartpoleTask(dir, "short", 1.0);
  const std::string run = dir.File("run");
  const TrainSummary summary =
      Train(PreferenceExperiment(dir, task, {}), run, false);
  EXPECT_GT(summary.updates, 0);
  EXPECT_EQ(LastMetric(run, "preference_queries"), 120 + 64);
  // Win rates spread over 60 steps: an episode's reward is in [0, 1].
  const double reward = LastMetric(run, "preference_reward");
  EXPECT_GE(reward, 0.0);
  EXPECT_LE(reward, 1.0);
}

// Relabelling every 4 episodes rejudges the stored episodes against the
// present queue of 16, asking only about pairs that never met: every pair
// less than 17 episodes apart met when the newer one joined, so in 20
// episodes the only new pairs come at the last relabelling, episodes 0-2
// against 17-19: (0, 17), (0, 18), (0, 19), (1, 18), (1, 19), (2, 19).
TEST(TrainerTest, SelfPlayRelabellingAsksOnlyNewPairs) {
  TestDir dir;
  const std::string task = ShortCartpoleTask(dir, "short", 1.0);
  const std::string run = dir.File("run");
  Train(PreferenceExperiment(dir, task, {"preference.relabel_every=4"}), run,
        false);
  EXPECT_EQ(LastMetric(run, "preference_queries"), 120 + 64 + 6);
}

// The reward model is refitted every `refit_every` episodes on half as many
// fresh pairs: 20 episodes give 2 refits of 4 queries.
TEST(TrainerTest, RewardModelBaselineRefitsOnFreshPairs) {
  TestDir dir;
  const std::string task = ShortCartpoleTask(dir, "short", 1.0);
  const std::string run = dir.File("run");
  Train(PreferenceExperiment(
            dir, task,
            {"preference.method=rm_rlhf", "preference.refit_every=8",
             "preference.reward_model={hidden: [16], fit_steps: 20}"}),
        run, false);
  EXPECT_EQ(LastMetric(run, "preference_queries"), 8);
  // Three pairs per episode: the first round has 28 pairs to choose from,
  // the second also pairs with the first round's episodes.
  const std::string matched = dir.File("matched");
  Train(PreferenceExperiment(
            dir, task,
            {"preference.method=rm_rlhf", "preference.refit_every=8",
             "preference.queries_per_episode=3",
             "preference.reward_model={hidden: [16], fit_steps: 20}"}),
        matched, false);
  EXPECT_EQ(LastMetric(matched, "preference_queries"), 2 * 24);
}

// The learner never sees the task's reward: with preferences that do not
// depend on it (the pole's mean height, a non-Markovian source), a task
// whose reward is scaled by 3 trains the very same policy, bit for bit,
// while its reported eval return changes.
TEST(TrainerTest, PreferenceRunsNeverSeeTheTaskReward) {
  TestDir dir;
  const std::vector<std::string> height_preferences = {
      "preference.source=non_markovian",
      "preference.criterion={kind: observation_mean, observation: 1}"};
  const std::string plain = dir.File("plain"), scaled = dir.File("scaled");
  Train(PreferenceExperiment(dir, ShortCartpoleTask(dir, "plain", 1.0),
                             height_preferences),
        plain, false);
  Train(PreferenceExperiment(dir, ShortCartpoleTask(dir, "scaled", 3.0),
                             height_preferences),
        scaled, false);
  const ExperimentConfig config = SmallExperiment(dir, {});
  EXPECT_TRUE(torch::equal(
      PolicyWeights(*CheckpointStore::Latest(plain + "/checkpoints"), config),
      PolicyWeights(*CheckpointStore::Latest(scaled + "/checkpoints"),
                    config)));
  EXPECT_NE(LastMetric(plain, "eval_return"),
            LastMetric(scaled, "eval_return"));
}

// Interrupted mid-episode (800 steps are 6 2/3 episodes per environment) with
// noisy answers, a preference run resumes bit-identical: the episodes under
// way, the self-play queue, the noise stream and the episodes kept for
// relabelling (fewer than all: the replay holds 8 1/3 episodes) are in the
// checkpoint.
TEST(TrainerTest, PreferenceResumeIsBitIdenticalOnCpu) {
  TestDir dir;
  const std::string task = ShortCartpoleTask(dir, "short", 1.0);
  const std::vector<std::string> noisy = {
      "preference.flip_rate=0.2", "preference.self_play.comparisons=4",
      "preference.report=best", "preference.relabel_every=3",
      "train.replay_capacity=500"};
  auto with = [&](std::vector<std::string> extra) {
    extra.insert(extra.begin(), noisy.begin(), noisy.end());
    return PreferenceExperiment(dir, task, extra);
  };
  const std::string straight = dir.File("straight"),
                    resumed = dir.File("resumed");
  Train(with({}), straight, false);
  Train(with({"train.env_steps=800"}), resumed, false);
  Train(with({}), resumed, true);
  ExpectSameLastPolicyAndQueries(dir, straight, resumed);
  EXPECT_EQ(LastMetric(straight, "preference_reward"),
            LastMetric(resumed, "preference_reward"));
  EXPECT_EQ(LastMetric(straight, "validation_win_rate"),
            LastMetric(resumed, "validation_win_rate"));
  EXPECT_EQ(ReadSummary(straight)["reported_env_steps"],
            ReadSummary(resumed)["reported_env_steps"]);
}

// Checkpoints written before relabelling existed have no kept episodes; a
// run that does not relabel resumes from one as if never interrupted.
TEST(TrainerTest, PreferenceResumesACheckpointFromBeforeRelabelling) {
  TestDir dir;
  const std::string task = ShortCartpoleTask(dir, "short", 1.0);
  const std::string straight = dir.File("straight"),
                    resumed = dir.File("resumed");
  Train(PreferenceExperiment(dir, task, {}), straight, false);
  Train(PreferenceExperiment(dir, task, {"train.env_steps=800"}), resumed,
        false);
  const std::string latest = *CheckpointStore::Latest(resumed + "/checkpoints");
  {
    torch::serialize::InputArchive current;
    LoadArchive(latest, &current);
    torch::serialize::OutputArchive older;
    CopyArchiveWithout(current, older, {"preference/replay_episodes"});
    older.save_to(latest);
  }
  {
    torch::serialize::InputArchive older, preference, episodes;
    LoadArchive(latest, &older);
    older.read("preference", preference);
    ASSERT_FALSE(preference.try_read("replay_episodes", episodes));
  }
  Train(PreferenceExperiment(dir, task, {}), resumed, true);
  ExpectSameLastPolicyAndQueries(dir, straight, resumed);
}

// A preference run reports its last policy (no best.pt, which would need the
// hidden reward to choose) or, with report: best, the winner of validation
// comparisons between evaluation episodes: 2 x 2 queries at each of the
// evaluations after the first.
TEST(TrainerTest, PreferenceRunReportsLastOrValidationWinner) {
  TestDir dir;
  const std::string task = ShortCartpoleTask(dir, "short", 1.0);
  const std::string last = dir.File("last"), best = dir.File("best");
  Train(PreferenceExperiment(dir, task, {}), last, false);
  EXPECT_FALSE(std::filesystem::exists(last + "/checkpoints/best.pt"));
  EXPECT_EQ(ReadSummary(last)["reported_policy"], "last");
  EXPECT_FALSE(ReadSummary(last).contains("reported_env_steps"));

  Train(PreferenceExperiment(dir, task, {"preference.report=best"}), best,
        false);
  EXPECT_TRUE(std::filesystem::exists(best + "/checkpoints/best.pt"));
  const nlohmann::json summary = ReadSummary(best);
  EXPECT_EQ(summary["reported_policy"], "best");
  EXPECT_EQ(summary["validation_queries"], 2 * 4);
  EXPECT_EQ(LastMetric(best, "validation_queries"), 2 * 4);
  // Self-play's own queries are not changed by validation.
  EXPECT_EQ(LastMetric(best, "preference_queries"),
            LastMetric(last, "preference_queries"));
  // The reported policy is one that was evaluated, and its eval return is
  // the one metrics.csv has at that step.
  const MetricsTable metrics = ReadMetrics(best + "/metrics.csv");
  bool found = false;
  for (const auto& row : metrics.rows) {
    if (row[metrics.ColumnIndex("env_steps")] ==
        summary["reported_env_steps"]) {
      found = true;
      // metrics.csv holds 10 significant digits.
      EXPECT_NEAR(row[metrics.ColumnIndex("eval_return")],
                  summary["reported_eval_return"].get<double>(), 1e-6);
    }
  }
  EXPECT_TRUE(found) << summary.dump();
}

}  // namespace
}  // namespace prefctl
