#include "experiments/trainer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/checkpoint.h"
#include "core/metrics_writer.h"
#include "core/rng.h"
#include "envs/vec_env.h"
#include "tests/core/test_dir.h"

namespace prefctl {
namespace {

// A small, fast PMPO experiment on cartpole-balance.
ExperimentConfig SmallExperiment(const TestDir& dir,
                                 const std::vector<std::string>& overrides) {
  const std::string path = dir.File("exp.yaml");
  std::ofstream(path) << R"(task: cartpole-balance
seed: 7
env: {num_envs: 2, threads: 1}
train:
  env_steps: 1200
  warmup_steps: 400
  eval_every: 400
  eval_episodes: 2
  checkpoint_every: 400
learner: {batch_size: 32, num_samples: 4, target_samples: 2, target_period: 10}
policy: {hidden: [16]}
critic: {hidden: [16]}
algorithm: {loss: pmpo}
)";
  return LoadExperiment(path, overrides);
}

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

// Interrupted at 800 steps and resumed, a run ends bit-identical to one that
// was never interrupted.
TEST(TrainerTest, ResumeIsBitIdenticalOnCpu) {
  TestDir dir;
  const std::string straight = dir.File("straight"),
                    resumed = dir.File("resumed");
  Train(SmallExperiment(dir, {}), straight, false);
  Train(SmallExperiment(dir, {"train.env_steps=800"}), resumed, false);
  Train(SmallExperiment(dir, {}), resumed, true);

  const std::string a = *CheckpointStore::Latest(straight + "/checkpoints");
  const std::string b = *CheckpointStore::Latest(resumed + "/checkpoints");
  const ExperimentConfig config = SmallExperiment(dir, {});
  EXPECT_TRUE(torch::equal(PolicyWeights(a, config), PolicyWeights(b, config)));
  const MetricsTable ma = ReadMetrics(straight + "/metrics.csv");
  const MetricsTable mb = ReadMetrics(resumed + "/metrics.csv");
  ASSERT_EQ(ma.rows.size(), mb.rows.size());
  const int eval = ma.ColumnIndex("eval_return");
  for (size_t i = 0; i < ma.rows.size(); ++i) {
    EXPECT_EQ(ma.rows[i][eval], mb.rows[i][eval]) << "row " << i;
  }
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

}  // namespace
}  // namespace prefctl
