// Minimax self-play, SPO (Swamy et al. 2024, "A Minimaximalist Approach to
// Reinforcement Learning from Human Feedback", arXiv 2401.04056; DESIGN.md
// 2.5). The policy plays against its own recent trajectories: a new
// trajectory's reward is its win rate against a queue of them,
//   r(xi) = mean_{xi' in queue} P(xi, xi'),
// spread evenly over its timesteps, and any RL learner maximizes it. The
// average of the iterates approaches the minimax (von Neumann) winner, which
// exists even when preferences cycle.
#ifndef PREFCTL_ALGORITHMS_SELF_PLAY_H_
#define PREFCTL_ALGORITHMS_SELF_PLAY_H_

#include <cstdint>
#include <deque>
#include <vector>

#include "algorithms/preference_sources.h"
#include "core/config.h"
#include "core/rng.h"
#include "envs/trajectory.h"

namespace prefctl {

struct SelfPlayConfig {
  // Recent trajectories kept as opponents. SPO compares within a small
  // window of recent iterates; 16 episodes is 4 rounds of the default 4
  // training environments.
  int queue_size = 16;
  // Opponents drawn (without replacement) from the queue per trajectory;
  // 0 compares with the whole queue.
  int comparisons = 0;
};
void ReadConfig(const ConfigNode& node, SelfPlayConfig* config);

class SelfPlayRewarder {
 public:
  // `source` must outlive the rewarder.
  SelfPlayRewarder(const SelfPlayConfig& config, PreferenceSource* source,
                   uint64_t seed);

  // The win rate of `trajectory` against the queue (1/2 against an empty
  // queue), after which the trajectory joins the queue, evicting the oldest.
  double Score(const Trajectory& trajectory);

  // Preference queries asked so far.
  int64_t queries() const { return queries_; }
  size_t queue_length() const { return queue_.size(); }

  // Everything that decides future scores, for checkpoints.
  struct State {
    std::deque<Trajectory> queue;
    int64_t queries = 0;
    Rng::State rng{};
  };
  State state() const { return {queue_, queries_, rng_.state()}; }
  void set_state(const State& state);

 private:
  SelfPlayConfig config_;
  PreferenceSource* source_;
  Rng rng_;
  std::deque<Trajectory> queue_;
  int64_t queries_ = 0;
};

// A trajectory-level reward as per-step rewards: `total` / steps each.
std::vector<float> SpreadOverSteps(double total, int steps);

}  // namespace prefctl

#endif  // PREFCTL_ALGORITHMS_SELF_PLAY_H_
