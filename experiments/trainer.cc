#include "experiments/trainer.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "algorithms/episode_replay.h"
#include "algorithms/episode_rewarder.h"
#include "algorithms/improvement_loss.h"
#include "algorithms/validation_champion.h"
#include "core/atomic_file.h"
#include "core/checkpoint.h"
#include "core/compute_setup.h"
#include "core/logging.h"
#include "core/metrics_writer.h"
#include "core/nstep_adder.h"
#include "core/replay_buffer.h"
#include "core/rng.h"
#include "core/stop_signals.h"
#include "envs/vec_env.h"
#include "experiments/evaluation.h"
#include "experiments/run_directory.h"

namespace prefctl {
namespace fs = std::filesystem;
namespace {

// Stream ids under the run seed (core/rng.h): one per consumer.
constexpr uint64_t kTrainEnvStream = 1;
constexpr uint64_t kWarmupActionStream = 2;
constexpr uint64_t kActorStream = 3;
constexpr uint64_t kLearnerStream = 4;
constexpr uint64_t kReplayStream = 5;
constexpr uint64_t kPreferenceSourceStream = 6;
constexpr uint64_t kEpisodeRewarderStream = 7;
constexpr uint64_t kEvaluationStreams = 1000;  // + evaluation index

double Seconds(std::chrono::steady_clock::duration duration) {
  return std::chrono::duration<double>(duration).count();
}

// Running means of the learner's statistics between two evaluations, summed
// as tensors so that no update waits on a device sync.
class StatsAccumulator {
 public:
  void Add(const LearnerStats& stats) {
    if (sums_.empty()) {
      for (const auto& [name, value] : stats) {
        sums_.emplace_back(name, value.detach().to(torch::kFloat64).clone());
      }
    } else {
      for (size_t i = 0; i < stats.size(); ++i) {
        sums_[i].second.add_(stats[i].second.detach());
      }
    }
    ++count_;
  }
  // Appends the means to `row` and starts over.
  void Flush(MetricsRow* row) {
    for (const auto& [name, sum] : sums_) {
      row->emplace_back(
          name, count_ > 0 ? sum.item<double>() / count_ : std::nan(""));
    }
    for (auto& entry : sums_) entry.second.zero_();
    count_ = 0;
  }
  bool empty() const { return sums_.empty(); }

 private:
  std::vector<std::pair<std::string, torch::Tensor>> sums_;
  int64_t count_ = 0;
};

class TrainingRun {
 public:
  TrainingRun(const ExperimentConfig& config, const std::string& run_dir)
      : config_(config),
        run_dir_(run_dir),
        device_(config.device),
        env_(config.task, config.env.num_envs, config.env.threads,
             Rng::Stream(config.seed, kTrainEnvStream).NextU64(),
             config.env.action_repeat),
        adder_(config.env.num_envs, env_.observation_size(), env_.action_size(),
               config.learner.n_step, config.learner.discount),
        replay_(config.train.replay_capacity, env_.observation_size(),
                env_.action_size(), device_),
        learner_(config.learner, config.policy, config.critic,
                 MakeImprovementLoss(config.loss,
                                     config.algorithm.Child(config.loss)),
                 env_.observation_size(), env_.action_size(), device_,
                 Rng::Stream(config.seed, kLearnerStream).NextU64()),
        warmup_rng_(Rng::Stream(config.seed, kWarmupActionStream)),
        actor_generator_(at::detail::createCPUGenerator(
            Rng::Stream(config.seed, kActorStream).NextU64())),
        replay_generator_(at::detail::createCPUGenerator(
            Rng::Stream(config.seed, kReplayStream).NextU64())),
        checkpoints_((fs::path(run_dir) / "checkpoints").string(),
                     config.train.keep_checkpoints),
        actions_(static_cast<size_t>(env_.num_envs()) * env_.action_size()),
        observations_before_(static_cast<size_t>(env_.num_envs()) *
                             env_.observation_size()) {
    if (config.use_preferences) {
      preference_source_ = MakePreferenceSource(
          config.preference_node,
          {config.task, env_.observation_size(), env_.action_size()},
          Rng::Stream(config.seed, kPreferenceSourceStream).NextU64());
      episode_rewarder_ = MakeEpisodeRewarder(
          config.preference, preference_source_.get(), env_.observation_size(),
          env_.action_size(),
          Rng::Stream(config.seed, kEpisodeRewarderStream).NextU64());
      episode_replay_ = std::make_unique<EpisodeReplay>(
          &replay_, episode_rewarder_.get(), env_.observation_size(),
          env_.action_size(), config.learner.n_step, config.learner.discount,
          config.preference.relabel_every);
      episodes_.assign(env_.num_envs(), EmptyEpisode());
      if (config.preference.report == "best") {
        champion_ =
            std::make_unique<ValidationChampion>(preference_source_.get());
      }
    }
  }

  void Resume() {
    const std::optional<std::string> latest =
        CheckpointStore::Latest(checkpoints_.directory());
    if (!latest) {
      throw ConfigError(run_dir_ + ": --resume given, but " +
                        checkpoints_.directory() + " holds no checkpoint");
    }
    ReadCheckpoint(*latest, [this](torch::serialize::InputArchive& archive) {
      Load(archive);
    });
    Log().info("resumed from {} at {} env steps, {} updates", *latest,
               env_steps_, learner_.updates());
  }

  // SIGINT/SIGTERM (stop_signals) end the loop at the next step boundary with
  // a checkpoint, so an interrupted run resumes where it stopped.
  TrainSummary Run(const StopSignals& stop_signals) {
    metrics_ = std::make_unique<MetricsWriter>(
        (fs::path(run_dir_) / "metrics.csv").string(),
        static_cast<double>(env_steps_));
    const auto start = std::chrono::steady_clock::now();
    wall_at_start_ = wall_before_;
    auto last_progress = start;
    const int64_t total = config_.train.env_steps;
    while (env_steps_ < total && !stop_signals.received()) {
      StepEnvironments();
      RunDueUpdates();
      wall_before_ =
          wall_at_start_ + Seconds(std::chrono::steady_clock::now() - start);
      // Evaluations fall every eval_every steps and at the very end.
      if (env_steps_ >= next_eval_ || env_steps_ >= total) {
        Evaluate();
        while (next_eval_ <= env_steps_) next_eval_ += config_.train.eval_every;
      }
      if (env_steps_ >= next_checkpoint_ || env_steps_ >= total) {
        // Advanced first, so a run resumed from this checkpoint does not
        // write another one at its first step.
        while (next_checkpoint_ <= env_steps_) {
          next_checkpoint_ += config_.train.checkpoint_every;
        }
        SaveCheckpoint();
      }
      const auto now = std::chrono::steady_clock::now();
      if (Seconds(now - last_progress) >= 5.0) {
        ReportProgress(Seconds(now - start));
        last_progress = now;
      }
    }
    if (stop_signals.received()) {
      SaveCheckpoint();
      Log().warn("stopped by signal at {} env steps; resume with --resume",
                 env_steps_);
    }
    return WriteSummary();
  }

 private:
  void StepEnvironments() {
    const int num_envs = env_.num_envs(), action_size = env_.action_size();
    std::copy_n(env_.observations(), observations_before_.size(),
                observations_before_.begin());
    if (env_steps_ < config_.train.warmup_steps) {
      for (float& action : actions_) action = warmup_rng_.Uniform(-1.0, 1.0);
    } else {
      torch::NoGradGuard no_grad;
      const torch::Tensor observations = torch::from_blob(
          observations_before_.data(), {num_envs, env_.observation_size()},
          torch::kFloat32);
      const torch::Tensor actions =
          learner_.Act(observations, /*deterministic=*/false, actor_generator_)
              .to(torch::kCPU)
              .contiguous();
      std::copy_n(actions.data_ptr<float>(), num_envs * action_size,
                  actions_.begin());
    }
    env_.Step(actions_.data());
    if (episode_rewarder_) {
      RecordEpisodeSteps();
    } else {
      replay_.Add(adder_.Add({observations_before_.data(), actions_.data(),
                              env_.rewards(), env_.final_observations(),
                              env_.terminated(), env_.truncated()}));
    }
    env_steps_ += env_.last_control_steps();
  }

  Trajectory EmptyEpisode() const {
    Trajectory episode;
    episode.observation_size = env_.observation_size();
    episode.action_size = env_.action_size();
    return episode;
  }

  // Learning from preferences: each environment's episode is kept whole, with
  // the task's reward for the source to judge (a `return` source compares
  // it), and reaches the replay only when it ends, with the rewarder's
  // rewards in place of the task's.
  void RecordEpisodeSteps() {
    const int observation_size = env_.observation_size();
    const int action_size = env_.action_size();
    for (int i = 0; i < env_.num_envs(); ++i) {
      Trajectory& episode = episodes_[i];
      episode.Append(observations_before_.data() + i * observation_size,
                     actions_.data() + i * action_size, env_.rewards()[i]);
      if (!env_.terminated()[i] && !env_.truncated()[i]) continue;
      episode.Finish(env_.final_observations() + i * observation_size);
      AddRewardedEpisode(episode, env_.terminated()[i] != 0);
      episode = EmptyEpisode();
    }
  }

  void AddRewardedEpisode(const Trajectory& episode, bool terminated) {
    for (float reward : episode_replay_->Add(episode, terminated)) {
      preference_reward_sum_ += reward;
    }
    ++preference_episodes_;
  }

  void RunDueUpdates() {
    if (env_steps_ < config_.train.warmup_steps ||
        replay_.size() < config_.learner.batch_size) {
      return;
    }
    update_credit_ +=
        env_.last_control_steps() * config_.train.updates_per_env_step;
    while (update_credit_ >= 1.0) {
      update_credit_ -= 1.0;
      try {
        stats_.Add(learner_.Update(
            replay_.Sample(config_.learner.batch_size, replay_generator_)));
      } catch (const NonFiniteError& e) {
        Log().error("{}; training stopped, the last good checkpoint is in {}",
                    e.what(), checkpoints_.directory());
        throw;
      }
    }
  }

  void Evaluate() {
    const EvaluationResult result = EvaluatePolicy(
        learner_.policy(), config_, config_.train.eval_episodes,
        Rng::Stream(config_.seed, kEvaluationStreams + evaluations_).NextU64());
    ++evaluations_;
    last_eval_ = result.mean_return;
    MetricsRow row = {{"env_steps", static_cast<double>(env_steps_)},
                      {"updates", static_cast<double>(learner_.updates())},
                      {"wall_s", wall_before_},
                      {"eval_return", result.mean_return},
                      {"eval_return_std", result.stddev_return},
                      {"eval_entropy", result.visited_entropy},
                      {"train_return", env_.mean_completed_return()},
                      {"divergences", static_cast<double>(env_.divergences())}};
    if (episode_rewarder_) {
      // The mean episode reward the learner was given (a win rate for spo).
      row.emplace_back("preference_queries",
                       static_cast<double>(episode_rewarder_->queries()));
      row.emplace_back("preference_reward",
                       preference_episodes_ > 0
                           ? preference_reward_sum_ / preference_episodes_
                           : std::nan(""));
      preference_reward_sum_ = 0.0;
      preference_episodes_ = 0;
    }
    // best.pt is the policy the run reports: the best by the task's eval
    // return when the reward is known; in a preference run, the winner of
    // validation comparisons (report: best) or none (report: last).
    bool report_this_policy =
        !episode_rewarder_ && result.mean_return > best_eval_;
    if (champion_) {
      const ValidationChampion::Verdict verdict =
          champion_->Challenge(result.episodes);
      row.emplace_back("validation_win_rate", verdict.win_rate);
      row.emplace_back("validation_queries",
                       static_cast<double>(champion_->queries()));
      report_this_policy = verdict.crowned;
    }
    stats_.Flush(&row);
    metrics_->Write(row);
    best_eval_ = std::max(best_eval_, result.mean_return);
    if (report_this_policy) {
      reported_env_steps_ = env_steps_;
      reported_eval_ = result.mean_return;
      checkpoints_.SaveBest([&](torch::serialize::OutputArchive& archive) {
        SavePolicyOnly(archive);
      });
    }
    Log().info("eval at {} env steps: return {:.1f} +- {:.1f} (best {:.1f})",
               env_steps_, result.mean_return, result.stddev_return,
               best_eval_);
  }

  void ReportProgress(double elapsed) {
    const double rate =
        (env_steps_ - steps_at_start_) / std::max(elapsed, 1e-9);
    const double eta =
        (config_.train.env_steps - env_steps_) / std::max(rate, 1e-9);
    Log().info(
        "{:>9}/{} env steps  {:6.0f} steps/s  {:>8} updates  last eval "
        "{:7.1f}  ETA {:.0f} min",
        env_steps_, config_.train.env_steps, rate, learner_.updates(),
        last_eval_, eta / 60.0);
  }

  // Everything a bit-identical resume needs.
  void Save(torch::serialize::OutputArchive& archive) const {
    torch::serialize::OutputArchive learner, replay, adder;
    learner_.Save(learner);
    replay_.Save(replay);
    SaveAdder(adder);
    archive.write("learner", learner);
    archive.write("replay", replay);
    archive.write("adder", adder);
    archive.write("env", torch::tensor(env_.SaveState(), torch::kFloat64));
    WriteInt(archive, "env_steps", env_steps_);
    WriteInt(archive, "evaluations", evaluations_);
    WriteInt(archive, "next_eval", next_eval_);
    WriteInt(archive, "next_checkpoint", next_checkpoint_);
    archive.write("scalars", torch::tensor({update_credit_, best_eval_,
                                            last_eval_, wall_before_},
                                           torch::kFloat64));
    archive.write("reported",
                  torch::tensor({static_cast<double>(reported_env_steps_),
                                 reported_eval_},
                                torch::kFloat64));
    const Rng::State warmup = warmup_rng_.state();
    archive.write("warmup_rng", torch::tensor(std::vector<int64_t>(
                                    warmup.begin(), warmup.end())));
    archive.write("actor_generator", actor_generator_.get_state());
    archive.write("replay_generator", replay_generator_.get_state());
    if (episode_rewarder_) {
      torch::serialize::OutputArchive preference;
      episode_rewarder_->Save(preference);
      WriteTrajectories(preference, "episodes", episodes_);
      torch::serialize::OutputArchive replay_episodes;
      episode_replay_->Save(replay_episodes);
      preference.write("replay_episodes", replay_episodes);
      preference.write(
          "reward_sums",
          torch::tensor({preference_reward_sum_,
                         static_cast<double>(preference_episodes_)},
                        torch::kFloat64));
      if (champion_) {
        WriteTrajectories(preference, "champion", champion_->episodes());
        WriteInt(preference, "validation_queries", champion_->queries());
      }
      archive.write("preference", preference);
    }
  }

  void Load(torch::serialize::InputArchive& archive) {
    torch::serialize::InputArchive learner, replay, adder;
    torch::Tensor env_state;
    archive.read("learner", learner);
    archive.read("replay", replay);
    archive.read("adder", adder);
    archive.read("env", env_state);
    learner_.Load(learner);
    replay_.Load(replay);
    LoadAdder(adder);
    env_state = env_state.contiguous();
    env_.LoadState(
        std::vector<double>(env_state.data_ptr<double>(),
                            env_state.data_ptr<double>() + env_state.numel()));
    env_steps_ = ReadInt(archive, "env_steps");
    steps_at_start_ = env_steps_;
    evaluations_ = ReadInt(archive, "evaluations");
    next_eval_ = ReadInt(archive, "next_eval");
    next_checkpoint_ = ReadInt(archive, "next_checkpoint");
    torch::Tensor scalars, warmup, generator_state;
    archive.read("scalars", scalars);
    update_credit_ = scalars[0].item<double>();
    best_eval_ = scalars[1].item<double>();
    last_eval_ = scalars[2].item<double>();
    wall_before_ = scalars[3].item<double>();
    // Checkpoints from before `reported` existed resume without it.
    torch::Tensor reported;
    if (archive.try_read("reported", reported)) {
      reported_env_steps_ = static_cast<int64_t>(reported[0].item<double>());
      reported_eval_ = reported[1].item<double>();
    }
    archive.read("warmup_rng", warmup);
    Rng::State state;
    for (int i = 0; i < 4; ++i)
      state[i] = static_cast<uint64_t>(warmup[i].item<int64_t>());
    warmup_rng_.set_state(state);
    archive.read("actor_generator", generator_state);
    actor_generator_.set_state(generator_state);
    archive.read("replay_generator", generator_state);
    replay_generator_.set_state(generator_state);
    if (episode_rewarder_) {
      torch::serialize::InputArchive preference;
      archive.read("preference", preference);
      episode_rewarder_->Load(preference);
      episodes_ = ReadTrajectories(preference, "episodes");
      // Checkpoints from before relabelling kept no episodes.
      torch::serialize::InputArchive replay_episodes;
      if (preference.try_read("replay_episodes", replay_episodes))
        episode_replay_->Load(replay_episodes);
      torch::Tensor sums;
      preference.read("reward_sums", sums);
      preference_reward_sum_ = sums[0].item<double>();
      preference_episodes_ = static_cast<int64_t>(sums[1].item<double>());
      if (champion_) {
        champion_->Restore(ReadTrajectories(preference, "champion"),
                           ReadInt(preference, "validation_queries"));
      }
    }
  }

  void SaveAdder(torch::serialize::OutputArchive& archive) const {
    const auto& windows = adder_.windows();
    for (size_t env = 0; env < windows.size(); ++env) {
      const std::string key = std::to_string(env);
      const auto& window = windows[env];
      archive.write("obs" + key, torch::tensor(window.observations));
      archive.write("act" + key, torch::tensor(window.actions));
      archive.write("rew" + key, torch::tensor(window.rewards));
    }
  }

  void LoadAdder(torch::serialize::InputArchive& archive) {
    std::vector<NStepAdder::Window> windows(adder_.windows().size());
    auto to_vector = [](const torch::Tensor& t) {
      const torch::Tensor flat = t.to(torch::kFloat32).contiguous();
      return std::vector<float>(flat.data_ptr<float>(),
                                flat.data_ptr<float>() + flat.numel());
    };
    for (size_t env = 0; env < windows.size(); ++env) {
      const std::string key = std::to_string(env);
      torch::Tensor obs, act, rew;
      archive.read("obs" + key, obs);
      archive.read("act" + key, act);
      archive.read("rew" + key, rew);
      windows[env] = {to_vector(obs), to_vector(act), to_vector(rew)};
    }
    adder_.set_windows(windows);
  }

  void SavePolicyOnly(torch::serialize::OutputArchive& archive) const {
    torch::serialize::OutputArchive learner;
    learner_.Save(learner);
    archive.write("learner", learner);
    WriteInt(archive, "env_steps", env_steps_);
  }

  void SaveCheckpoint() {
    const std::string path = checkpoints_.Save(
        env_steps_,
        [&](torch::serialize::OutputArchive& archive) { Save(archive); });
    Log().debug("checkpoint {}", path);
  }

  TrainSummary WriteSummary() {
    TrainSummary summary{last_eval_, best_eval_, env_steps_, learner_.updates(),
                         wall_before_};
    nlohmann::json json = {
        {"task", config_.task},
        {"loss", config_.loss},
        {"seed", config_.seed},
        {"final_eval_return", summary.final_eval_return},
        {"best_eval_return", summary.best_eval_return},
        {"env_steps", summary.env_steps},
        {"updates", summary.updates},
        {"wall_s", summary.wall_s},
        {"completed", env_steps_ >= config_.train.env_steps}};
    if (episode_rewarder_) {
      json["preference_method"] = config_.preference.method;
      json["preference_queries"] = episode_rewarder_->queries();
      json["reported_policy"] = config_.preference.report;
      if (champion_) json["validation_queries"] = champion_->queries();
    }
    if (reported_env_steps_ >= 0) {
      // The policy in checkpoints/best.pt, which `prefctl eval RUN_DIR` uses.
      json["reported_env_steps"] = reported_env_steps_;
      json["reported_eval_return"] = reported_eval_;
    }
    WriteTextAtomically((fs::path(run_dir_) / "summary.json").string(),
                        json.dump(2) + "\n");
    return summary;
  }

  const ExperimentConfig& config_;
  std::string run_dir_;
  torch::Device device_;
  VecEnv env_;
  NStepAdder adder_;
  ReplayBuffer replay_;
  OffPolicyLearner learner_;
  Rng warmup_rng_;
  torch::Generator actor_generator_, replay_generator_;
  CheckpointStore checkpoints_;
  std::unique_ptr<MetricsWriter> metrics_;
  StatsAccumulator stats_;
  std::vector<float> actions_, observations_before_;
  // Learning from preferences (config.use_preferences) only.
  std::unique_ptr<PreferenceSource> preference_source_;
  std::unique_ptr<EpisodeRewarder> episode_rewarder_;
  std::unique_ptr<EpisodeReplay> episode_replay_;
  std::vector<Trajectory> episodes_;              // per environment, under way
  std::unique_ptr<ValidationChampion> champion_;  // report: best
  double preference_reward_sum_ = 0.0;
  int64_t preference_episodes_ = 0;
  int64_t env_steps_ = 0, steps_at_start_ = 0, evaluations_ = 0;
  int64_t next_eval_ = config_.train.eval_every;
  int64_t next_checkpoint_ = config_.train.checkpoint_every;
  double update_credit_ = 0.0;
  double best_eval_ = -std::numeric_limits<double>::infinity();
  int64_t reported_env_steps_ = -1;  // the policy in best.pt; -1: none
  double reported_eval_ = std::nan("");
  double last_eval_ = std::nan("");
  double wall_before_ = 0.0, wall_at_start_ = 0.0;
};

}  // namespace

std::string NewRunDirectory(const std::string& root,
                            const ExperimentConfig& config) {
  const std::time_t now = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", std::localtime(&now));
  std::string name = fs::path(config.task).stem().string() + "-";
  if (config.use_preferences) name += config.preference.method + "-";
  std::string base =
      (fs::path(root) / (name + config.loss + "-" + stamp)).string();
  std::string path = base;
  for (int i = 2; fs::exists(path); ++i) path = base + "-" + std::to_string(i);
  return path;
}

std::string Describe(const TrainSummary& summary) {
  std::ostringstream line;
  if (std::isnan(summary.final_eval_return)) {
    line << "no evaluation yet";
  } else {
    line << "final eval return " << summary.final_eval_return << ", best "
         << summary.best_eval_return;
  }
  line << " after " << summary.env_steps << " env steps, " << summary.updates
       << " updates, " << summary.wall_s << " s";
  return line.str();
}

TrainSummary Train(const ExperimentConfig& config, const std::string& run_dir,
                   bool resume) {
  // Before any thread starts, so that none of the compute threads takes a
  // signal (core/stop_signals.h).
  const StopSignals stop_signals(StopSignals::Receiver::kOwnThread);
  fs::create_directories(run_dir);
  const RunDirectoryLock lock(run_dir);
  if (resume) CheckResumesTheSameExperiment(run_dir, config);
  SetUpCompute(config.torch_threads);
  torch::manual_seed(config.seed);
  TrainingRun run(config, run_dir);
  if (resume) run.Resume();
  // Only now: a resume that fails leaves the run's config.yaml as it was.
  WriteTextAtomically((fs::path(run_dir) / "config.yaml").string(),
                      config.resolved_yaml);
  Log().info("training {} with {} into {}", config.task, config.loss, run_dir);
  if (config.use_preferences) {
    Log().info(
        "learning from preferences ({}): the task's reward is hidden from the "
        "learner; eval_return still reports it",
        config.preference.method);
  }
  return run.Run(stop_signals);
}

}  // namespace prefctl
