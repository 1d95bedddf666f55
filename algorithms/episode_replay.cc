#include "algorithms/episode_replay.h"

#include "core/checkpoint.h"

namespace prefctl {
namespace {

// Feeds `episode`'s steps with per-step `rewards` through `adder` and calls
// `sink` with every transition batch it completes.
template <typename Sink>
void ForEachTransitionBatch(NStepAdder& adder, const Trajectory& episode,
                            bool terminated, const std::vector<float>& rewards,
                            Sink sink) {
  for (int t = 0; t < episode.steps(); ++t) {
    const bool last = t + 1 == episode.steps();
    const uint8_t ended_by_termination = last && terminated;
    const uint8_t ended_by_truncation = last && !terminated;
    sink(adder.Add({episode.observation(t), episode.action(t), &rewards[t],
                    episode.observation(t + 1), &ended_by_termination,
                    &ended_by_truncation}));
  }
}

}  // namespace

EpisodeReplay::EpisodeReplay(ReplayBuffer* replay, EpisodeRewarder* rewarder,
                             int observation_size, int action_size, int n_step,
                             double discount, int relabel_every)
    : replay_(replay),
      rewarder_(rewarder),
      adder_(1, observation_size, action_size, n_step, discount),
      relabel_every_(relabel_every) {}

std::vector<float> EpisodeReplay::Add(const Trajectory& episode,
                                      bool terminated) {
  std::vector<float> rewards = rewarder_->Rewards(episode);
  const int64_t first_row = replay_->rows_added();
  ForEachTransitionBatch(
      adder_, episode, terminated, rewards,
      [&](const TransitionBatch& batch) { replay_->Add(batch); });
  const int64_t number = added_++;
  if (relabel_every_ > 0) {
    stored_.push_back({episode, terminated, first_row, number});
  }
  // An episode partly overwritten by the ring is dropped whole (even the new
  // one, when it is longer than the replay).
  while (!stored_.empty() &&
         stored_.front().first_row < replay_->rows_added() - replay_->size()) {
    stored_.pop_front();
  }
  rewarder_->ForgetBefore(stored_.empty() ? added_ : stored_.front().number);
  if (relabel_every_ > 0 && ++added_since_relabel_ >= relabel_every_) {
    Relabel(first_row);
  }
  return rewards;
}

std::vector<float> EpisodeReplay::TransitionRewards(
    const Trajectory& episode, bool terminated,
    const std::vector<float>& rewards) {
  std::vector<float> transition_rewards;
  transition_rewards.reserve(episode.steps());
  ForEachTransitionBatch(
      adder_, episode, terminated, rewards, [&](const TransitionBatch& batch) {
        transition_rewards.insert(transition_rewards.end(),
                                  batch.rewards.begin(),
                                  batch.rewards.begin() + batch.count);
      });
  return transition_rewards;
}

void EpisodeReplay::Relabel(int64_t judged_from_row) {
  for (const StoredEpisode& stored : stored_) {
    if (stored.first_row >= judged_from_row) continue;
    replay_->RewriteRewards(
        stored.first_row,
        TransitionRewards(stored.episode, stored.terminated,
                          rewarder_->Rejudge(stored.episode, stored.number)));
  }
  added_since_relabel_ = 0;
  ++relabellings_;
}

void EpisodeReplay::Save(torch::serialize::OutputArchive& archive) const {
  std::vector<Trajectory> episodes;
  std::vector<int64_t> rows_and_ends;  // per episode: first row, terminated
  std::vector<int64_t> numbers;
  for (const StoredEpisode& stored : stored_) {
    episodes.push_back(stored.episode);
    rows_and_ends.insert(rows_and_ends.end(),
                         {stored.first_row, stored.terminated ? 1 : 0});
    numbers.push_back(stored.number);
  }
  WriteTrajectories(archive, "stored", episodes);
  archive.write("stored_rows", torch::tensor(rows_and_ends, torch::kInt64));
  archive.write("stored_numbers", torch::tensor(numbers, torch::kInt64));
  WriteInt(archive, "added", added_);
  WriteInt(archive, "added_since_relabel", added_since_relabel_);
  WriteInt(archive, "relabellings", relabellings_);
}

void EpisodeReplay::Load(torch::serialize::InputArchive& archive) {
  const std::vector<Trajectory> episodes = ReadTrajectories(archive, "stored");
  torch::Tensor rows_and_ends;
  archive.read("stored_rows", rows_and_ends);
  torch::Tensor numbers;
  const int64_t count = static_cast<int64_t>(episodes.size());
  if (archive.try_read("stored_numbers", numbers)) {
    added_ = ReadInt(archive, "added");
  } else {
    // Checkpoints from before episodes were numbered: back from -1, as
    // spo's queue is then (algorithms/episode_rewarder.cc).
    numbers = torch::arange(-count, 0, torch::kInt64);
    added_ = 0;
  }
  stored_.clear();
  for (int64_t i = 0; i < count; ++i) {
    stored_.push_back(
        {episodes[i], rows_and_ends[2 * i + 1].item<int64_t>() != 0,
         rows_and_ends[2 * i].item<int64_t>(), numbers[i].item<int64_t>()});
  }
  added_since_relabel_ = ReadInt(archive, "added_since_relabel");
  relabellings_ = ReadInt(archive, "relabellings");
}

}  // namespace prefctl
