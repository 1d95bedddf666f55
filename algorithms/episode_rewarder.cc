#include "algorithms/episode_rewarder.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/checkpoint.h"

namespace prefctl {
namespace {

torch::Tensor RngStateTensor(const Rng::State& state) {
  return torch::tensor(std::vector<int64_t>(state.begin(), state.end()));
}

Rng::State RngStateFrom(const torch::Tensor& tensor) {
  Rng::State state;
  for (size_t i = 0; i < state.size(); ++i) {
    state[i] = static_cast<uint64_t>(tensor[i].item<int64_t>());
  }
  return state;
}

void WriteSourceState(torch::serialize::OutputArchive& archive,
                      const PreferenceSource& source) {
  const std::vector<uint64_t> state = source.SavedState();
  archive.write("source_state", torch::tensor(std::vector<int64_t>(
                                    state.begin(), state.end())));
}

void ReadSourceState(torch::serialize::InputArchive& archive,
                     PreferenceSource& source) {
  torch::Tensor tensor;
  archive.read("source_state", tensor);
  std::vector<uint64_t> state(tensor.numel());
  for (int64_t i = 0; i < tensor.numel(); ++i) {
    state[i] = static_cast<uint64_t>(tensor[i].item<int64_t>());
  }
  source.RestoreState(state);
}

std::vector<float> Scaled(std::vector<float> rewards, double scale) {
  for (float& reward : rewards) reward *= scale;
  return rewards;
}

class SelfPlayEpisodeRewarder : public EpisodeRewarder {
 public:
  SelfPlayEpisodeRewarder(const PreferenceConfig& config,
                          PreferenceSource* source, uint64_t seed)
      : source_(source),
        reward_scale_(config.reward_scale),
        rewarder_(config.self_play, source, seed,
                  /*remember_answers=*/config.relabel_every > 0) {}

  std::vector<float> Rewards(const Trajectory& episode) override {
    return Scaled(rewarder_.Rewards(episode), reward_scale_);
  }
  std::vector<float> Rejudge(const Trajectory& episode,
                             int64_t number) override {
    return Scaled(rewarder_.Rejudge(episode, number), reward_scale_);
  }
  void ForgetBefore(int64_t number) override { rewarder_.ForgetBefore(number); }
  int64_t queries() const override { return rewarder_.queries(); }

  void Save(torch::serialize::OutputArchive& archive) const override {
    const SelfPlayRewarder::State state = rewarder_.state();
    WriteTrajectories(archive, "queue",
                      {state.queue.begin(), state.queue.end()});
    archive.write(
        "queue_numbers",
        torch::tensor(std::vector<int64_t>(state.queue_numbers.begin(),
                                           state.queue_numbers.end()),
                      torch::kInt64));
    WriteInt(archive, "queries", state.queries);
    archive.write("rng", RngStateTensor(state.rng));
    std::vector<int64_t> pairs;
    std::vector<double> answers;
    for (const auto& [pair, answer] : state.answers) {
      pairs.insert(pairs.end(), {pair.first, pair.second, pair.begin});
      answers.push_back(answer);
    }
    archive.write("answer_pairs", torch::tensor(pairs, torch::kInt64));
    archive.write("answers", torch::tensor(answers, torch::kFloat64));
    WriteSourceState(archive, *source_);
  }
  void Load(torch::serialize::InputArchive& archive) override {
    SelfPlayRewarder::State state;
    const std::vector<Trajectory> queue = ReadTrajectories(archive, "queue");
    state.queue.assign(queue.begin(), queue.end());
    torch::Tensor numbers, pairs, answers;
    if (archive.try_read("queue_numbers", numbers)) {
      for (int64_t i = 0; i < numbers.numel(); ++i) {
        state.queue_numbers.push_back(numbers[i].item<int64_t>());
      }
      archive.read("answer_pairs", pairs);
      archive.read("answers", answers);
      for (int64_t i = 0; i < answers.numel(); ++i) {
        state.answers[{pairs[3 * i].item<int64_t>(),
                       pairs[3 * i + 1].item<int64_t>(),
                       static_cast<int>(pairs[3 * i + 2].item<int64_t>())}] =
            answers[i].item<double>();
      }
    } else {
      // Checkpoints from before answers were remembered: the queue is
      // numbered back from -1, as EpisodeReplay numbers its stored episodes.
      for (int64_t i = -static_cast<int64_t>(queue.size()); i < 0; ++i) {
        state.queue_numbers.push_back(i);
      }
    }
    state.queries = ReadInt(archive, "queries");
    torch::Tensor rng;
    archive.read("rng", rng);
    state.rng = RngStateFrom(rng);
    rewarder_.set_state(state);
    ReadSourceState(archive, *source_);
  }

 private:
  PreferenceSource* source_;
  double reward_scale_;
  SelfPlayRewarder rewarder_;
};

class RewardModelEpisodeRewarder : public EpisodeRewarder {
 public:
  RewardModelEpisodeRewarder(const PreferenceConfig& config,
                             PreferenceSource* source, int observation_size,
                             int action_size, uint64_t seed)
      : source_(source),
        refit_every_(config.refit_every),
        pairs_per_round_(std::max<int>(
            1, std::lround(config.refit_every * config.queries_per_episode))),
        reward_scale_(config.reward_scale),
        rlhf_(config.reward_model, source, observation_size, action_size,
              seed) {}

  std::vector<float> Rewards(const Trajectory& episode) override {
    fresh_.push_back(episode);
    if (static_cast<int>(fresh_.size()) >= refit_every_) {
      rlhf_.Refit(fresh_, previous_, pairs_per_round_);
      previous_ = std::move(fresh_);
      fresh_.clear();
    }
    return Scaled(rlhf_.Rewards(episode), reward_scale_);
  }
  std::vector<float> Rejudge(const Trajectory& episode,
                             int64_t /*number*/) override {
    return Scaled(rlhf_.Rewards(episode), reward_scale_);
  }
  void ForgetBefore(int64_t /*number*/) override {}
  int64_t queries() const override { return rlhf_.queries(); }

  void Save(torch::serialize::OutputArchive& archive) const override {
    torch::serialize::OutputArchive model;
    rlhf_.Save(model);
    archive.write("reward_model", model);
    WriteTrajectories(archive, "fresh", fresh_);
    WriteTrajectories(archive, "previous", previous_);
    WriteSourceState(archive, *source_);
  }
  void Load(torch::serialize::InputArchive& archive) override {
    torch::serialize::InputArchive model;
    archive.read("reward_model", model);
    rlhf_.Load(model);
    fresh_ = ReadTrajectories(archive, "fresh");
    previous_ = ReadTrajectories(archive, "previous");
    ReadSourceState(archive, *source_);
  }

 private:
  PreferenceSource* source_;
  int refit_every_;
  int pairs_per_round_;
  double reward_scale_;
  RewardModelRlhf rlhf_;
  std::vector<Trajectory> fresh_;
  std::vector<Trajectory> previous_;  // the last round's episodes
};

}  // namespace

void ReadConfig(const ConfigNode& node, const PreferenceTask& task,
                PreferenceConfig* config) {
  node.ReadChoice("method", &config->method, {"spo", "rm_rlhf", "task_reward"});
  ReadConfig(node.Child("self_play"), &config->self_play);
  ReadConfig(node.Child("reward_model"), &config->reward_model);
  if (config->reward_model.type != "bradley_terry") {
    node.Child("reward_model")
        .Fail("type",
              "must be bradley_terry: the rm_rlhf baseline sums a "
              "per-step reward");
  }
  node.Read("refit_every", &config->refit_every, Range::AtLeast(2));
  node.Read("queries_per_episode", &config->queries_per_episode,
            Range::Positive());
  const int round = config->refit_every;
  const int available = round * (round - 1) / 2 + round * round;
  if (config->queries_per_episode * round > available) {
    node.Fail("queries_per_episode",
              "must be at most " + std::to_string(available / round) +
                  (available % round ? ".5" : "") + " with refit_every " +
                  std::to_string(round) + ": a round's " +
                  std::to_string(round) + " episodes make " +
                  std::to_string(available) +
                  " pairs with each other and the round before");
  }
  node.ReadChoice("report", &config->report, {"last", "best"});
  node.Read("reward_scale", &config->reward_scale, Range::Positive());
  node.Read("relabel_every", &config->relabel_every, Range::AtLeast(0));
  MakePreferenceSource(node, task, 0);  // validates its keys
  node.CheckNoUnknownKeys();
}

std::unique_ptr<EpisodeRewarder> MakeEpisodeRewarder(
    const PreferenceConfig& config, PreferenceSource* source,
    int observation_size, int action_size, uint64_t seed) {
  if (config.method == "spo") {
    return std::make_unique<SelfPlayEpisodeRewarder>(config, source, seed);
  }
  return std::make_unique<RewardModelEpisodeRewarder>(
      config, source, observation_size, action_size, seed);
}

void WriteTrajectories(torch::serialize::OutputArchive& archive,
                       const std::string& key,
                       const std::vector<Trajectory>& trajectories) {
  // Per trajectory: observation size, action size, observation rows, steps;
  // the arrays concatenated.
  std::vector<int64_t> shapes;
  std::vector<float> observations, actions, rewards;
  for (const Trajectory& trajectory : trajectories) {
    const int64_t rows =
        trajectory.observation_size > 0
            ? static_cast<int64_t>(trajectory.observations.size()) /
                  trajectory.observation_size
            : 0;
    shapes.insert(shapes.end(),
                  {trajectory.observation_size, trajectory.action_size, rows,
                   trajectory.steps()});
    observations.insert(observations.end(), trajectory.observations.begin(),
                        trajectory.observations.end());
    actions.insert(actions.end(), trajectory.actions.begin(),
                   trajectory.actions.end());
    rewards.insert(rewards.end(), trajectory.rewards.begin(),
                   trajectory.rewards.end());
  }
  archive.write(key + "_shapes", torch::tensor(shapes, torch::kInt64));
  archive.write(key + "_observations", torch::tensor(observations));
  archive.write(key + "_actions", torch::tensor(actions));
  archive.write(key + "_rewards", torch::tensor(rewards));
}

std::vector<Trajectory> ReadTrajectories(
    torch::serialize::InputArchive& archive, const std::string& key) {
  torch::Tensor shapes, observations, actions, rewards;
  archive.read(key + "_shapes", shapes);
  archive.read(key + "_observations", observations);
  archive.read(key + "_actions", actions);
  archive.read(key + "_rewards", rewards);
  observations = observations.contiguous();
  actions = actions.contiguous();
  rewards = rewards.contiguous();
  const float* observation = observations.data_ptr<float>();
  const float* action = actions.data_ptr<float>();
  const float* reward = rewards.data_ptr<float>();
  std::vector<Trajectory> trajectories(shapes.numel() / 4);
  for (size_t i = 0; i < trajectories.size(); ++i) {
    Trajectory& trajectory = trajectories[i];
    const int64_t* shape = shapes.data_ptr<int64_t>() + 4 * i;
    trajectory.observation_size = static_cast<int>(shape[0]);
    trajectory.action_size = static_cast<int>(shape[1]);
    const int64_t observation_count = shape[0] * shape[2];
    const int64_t action_count = shape[1] * shape[3];
    trajectory.observations.assign(observation,
                                   observation + observation_count);
    trajectory.actions.assign(action, action + action_count);
    trajectory.rewards.assign(reward, reward + shape[3]);
    observation += observation_count;
    action += action_count;
    reward += shape[3];
  }
  return trajectories;
}

}  // namespace prefctl
