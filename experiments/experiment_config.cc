#include "experiments/experiment_config.h"

#include "algorithms/improvement_loss.h"
#include "envs/task_registry.h"

namespace prefctl {

void ReadConfig(const ConfigNode& node, EnvRunnerConfig* config) {
  node.Read("num_envs", &config->num_envs, Range::Closed(1, 4096));
  node.Read("threads", &config->threads, Range::Closed(1, 256));
  node.Read("action_repeat", &config->action_repeat, Range::Closed(1, 1000));
  node.CheckNoUnknownKeys();
}

void ReadConfig(const ConfigNode& node, TrainConfig* config) {
  node.Read("env_steps", &config->env_steps, Range::Positive());
  node.Read("warmup_steps", &config->warmup_steps, Range::AtLeast(0));
  node.Read("updates_per_env_step", &config->updates_per_env_step,
            Range::GreaterThan(0));
  node.Read("replay_capacity", &config->replay_capacity, Range::Positive());
  node.Read("eval_every", &config->eval_every, Range::Positive());
  node.Read("eval_episodes", &config->eval_episodes, Range::Closed(1, 1000));
  node.Read("checkpoint_every", &config->checkpoint_every, Range::Positive());
  node.Read("keep_checkpoints", &config->keep_checkpoints, Range::AtLeast(1));
  node.CheckNoUnknownKeys();
}

ExperimentConfig LoadExperiment(const std::string& path,
                                const std::vector<std::string>& overrides) {
  ConfigNode root = ConfigNode::LoadFile(path);
  for (const std::string& assignment : overrides)
    root.ApplyOverride(assignment);
  root.RecordDefaults();  // config.yaml lists every setting the run used

  ExperimentConfig config;
  root.Read("task", &config.task);
  if (IsTaskFile(config.task)) root.ResolvePath("task", &config.task);
  PreferenceTask task{config.task, 0, 0};
  try {
    // A known name, or a loadable task file.
    const std::unique_ptr<Task> loaded = MakeTask(config.task);
    task.observation_size = loaded->observation_size();
    task.action_size = loaded->action_size();
  } catch (const ConfigError& e) {
    root.Fail("task", std::string("names no usable task: ") + e.what());
  }
  int64_t seed = 0;
  root.Read("seed", &seed, Range::AtLeast(0));
  config.seed = static_cast<uint64_t>(seed);
  root.ReadChoice("device", &config.device, {"cpu", "cuda"});
  if (config.device == "cuda" && !torch::cuda::is_available()) {
    root.Fail("device",
              "is 'cuda', but this LibTorch build has no usable CUDA device; "
              "use 'cpu'");
  }
  root.Read("torch_threads", &config.torch_threads, Range::Closed(1, 256));
  ReadConfig(root.Child("env"), &config.env);
  ReadConfig(root.Child("train"), &config.train);
  ReadConfig(root.Child("learner"), &config.learner);
  ReadConfig(root.Child("policy"), &config.policy);
  ReadConfig(root.Child("critic"), &config.critic);

  // algorithm: {loss: NAME, NAME: {...}, OTHER: {...}}: every section present
  // is validated, so a typo in a loss not chosen today is still caught.
  const ConfigNode algorithm = root.Child("algorithm");
  algorithm.ReadChoice("loss", &config.loss, ImprovementLossNames());
  for (const std::string& name : ImprovementLossNames()) {
    if (algorithm.Has(name) || name == config.loss) {
      MakeImprovementLoss(name, algorithm.Child(name));
    }
  }
  algorithm.CheckNoUnknownKeys();
  if (root.Has("preference")) {
    config.preference_node = root.Child("preference");
    ReadConfig(config.preference_node, task, &config.preference);
    config.use_preferences = config.preference.method != "task_reward";
  }
  root.CheckNoUnknownKeys();
  config.algorithm = algorithm;
  config.resolved_yaml = root.Dump() + "\n";
  return config;
}

}  // namespace prefctl
