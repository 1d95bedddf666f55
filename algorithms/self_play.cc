#include "algorithms/self_play.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <numeric>

namespace prefctl {

void ReadConfig(const ConfigNode& node, SelfPlayConfig* config) {
  node.Read("queue_size", &config->queue_size, Range::AtLeast(1));
  node.Read("comparisons", &config->comparisons, Range::AtLeast(0));
  node.Read("segment_steps", &config->segment_steps, Range::AtLeast(0));
  node.CheckNoUnknownKeys();
}

SelfPlayRewarder::State SelfPlayRewarder::state() const {
  return {queue_, queue_numbers_, queries_, rng_.state(), answers_};
}

void SelfPlayRewarder::set_state(const State& state) {
  queue_ = state.queue;
  queue_numbers_ = state.queue_numbers;
  queries_ = state.queries;
  rng_.set_state(state.rng);
  answers_ = state.answers;
}

SelfPlayRewarder::SelfPlayRewarder(const SelfPlayConfig& config,
                                   PreferenceSource* source, uint64_t seed,
                                   bool remember_answers)
    : config_(config),
      source_(source),
      remember_answers_(remember_answers),
      rng_(seed) {}

std::vector<int> SelfPlayRewarder::DrawOpponents() {
  const int queued = static_cast<int>(queue_.size());
  std::vector<int> opponents(queued);
  std::iota(opponents.begin(), opponents.end(), 0);
  if (config_.comparisons > 0 && config_.comparisons < queued) {
    // A partial Fisher-Yates shuffle: the first `comparisons` are the draw.
    for (int i = 0; i < config_.comparisons; ++i) {
      std::swap(opponents[i], opponents[i + rng_.UniformInt(queued - i)]);
    }
    opponents.resize(config_.comparisons);
  }
  return opponents;
}

double SelfPlayRewarder::WindowWinRate(const Trajectory& trajectory,
                                       int64_t number, int begin, int end,
                                       const std::vector<int>& opponents) {
  const bool whole = begin == 0 && end == trajectory.steps();
  const Trajectory window =
      whole ? Trajectory() : trajectory.Window(begin, end);
  double wins = 0.0;
  int compared = 0;
  for (int index : opponents) {
    const Trajectory& opponent = queue_[index];
    if (!whole && opponent.steps() <= begin) continue;
    ++compared;
    const int64_t opponent_number = queue_numbers_[index];
    if (opponent_number == number) {
      wins += 0.5;
      continue;
    }
    const bool first = number < opponent_number;
    const Pair pair{std::min(number, opponent_number),
                    std::max(number, opponent_number), begin};
    const auto known = answers_.find(pair);
    if (known != answers_.end()) {
      wins += first ? known->second : 1.0 - known->second;
      continue;
    }
    const double answer =
        whole ? source_->Prefer(trajectory, opponent)
              : source_->Prefer(
                    window,
                    opponent.Window(begin, std::min(end, opponent.steps())));
    ++queries_;
    if (remember_answers_) {
      answers_.emplace(pair, first ? answer : 1.0 - answer);
    }
    wins += answer;
  }
  return compared > 0 ? wins / compared : 0.5;
}

std::vector<float> SelfPlayRewarder::Judge(const Trajectory& trajectory,
                                           int64_t number) {
  const int steps = trajectory.steps();
  const int window = config_.segment_steps > 0 ? config_.segment_steps : steps;
  const std::vector<int> opponents = DrawOpponents();
  std::vector<float> rewards(steps);
  for (int begin = 0; begin < steps; begin += window) {
    const int end = std::min(steps, begin + window);
    const double reward =
        WindowWinRate(trajectory, number, begin, end, opponents) / steps;
    std::fill(rewards.begin() + begin, rewards.begin() + end,
              static_cast<float>(reward));
  }
  return rewards;
}

std::vector<float> SelfPlayRewarder::Rewards(const Trajectory& trajectory) {
  // The queue is never empty once a trajectory joined (queue_size >= 1).
  const int64_t number = queue_numbers_.empty() ? 0 : queue_numbers_.back() + 1;
  std::vector<float> rewards = Judge(trajectory, number);
  queue_.push_back(trajectory);
  queue_numbers_.push_back(number);
  if (static_cast<int>(queue_.size()) > config_.queue_size) {
    queue_.pop_front();
    queue_numbers_.pop_front();
  }
  return rewards;
}

std::vector<float> SelfPlayRewarder::Rejudge(const Trajectory& trajectory,
                                             int64_t number) {
  return Judge(trajectory, number);
}

void SelfPlayRewarder::ForgetBefore(int64_t number) {
  answers_.erase(answers_.begin(),
                 answers_.lower_bound(Pair{number, INT64_MIN, INT_MIN}));
}

}  // namespace prefctl
