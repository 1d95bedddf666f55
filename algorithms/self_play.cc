#include "algorithms/self_play.h"

#include <numeric>

namespace prefctl {

void ReadConfig(const ConfigNode& node, SelfPlayConfig* config) {
  node.Read("queue_size", &config->queue_size, Range::AtLeast(1));
  node.Read("comparisons", &config->comparisons, Range::AtLeast(0));
  node.CheckNoUnknownKeys();
}

void SelfPlayRewarder::set_state(const State& state) {
  queue_ = state.queue;
  queries_ = state.queries;
  rng_.set_state(state.rng);
}

SelfPlayRewarder::SelfPlayRewarder(const SelfPlayConfig& config,
                                   PreferenceSource* source, uint64_t seed)
    : config_(config), source_(source), rng_(seed) {}

double SelfPlayRewarder::Score(const Trajectory& trajectory) {
  double win_rate = 0.5;
  const int queued = static_cast<int>(queue_.size());
  if (queued > 0) {
    std::vector<int> opponents(queued);
    std::iota(opponents.begin(), opponents.end(), 0);
    int count = queued;
    if (config_.comparisons > 0 && config_.comparisons < queued) {
      count = config_.comparisons;
      // A partial Fisher-Yates shuffle: the first `count` are the draw.
      for (int i = 0; i < count; ++i) {
        std::swap(opponents[i], opponents[i + rng_.UniformInt(queued - i)]);
      }
    }
    double wins = 0.0;
    for (int i = 0; i < count; ++i) {
      wins += source_->Prefer(trajectory, queue_[opponents[i]]);
    }
    queries_ += count;
    win_rate = wins / count;
  }
  queue_.push_back(trajectory);
  if (static_cast<int>(queue_.size()) > config_.queue_size) queue_.pop_front();
  return win_rate;
}

std::vector<float> SpreadOverSteps(double total, int steps) {
  return std::vector<float>(steps, static_cast<float>(total / steps));
}

}  // namespace prefctl
