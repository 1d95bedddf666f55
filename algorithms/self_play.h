// Minimax self-play, SPO (Swamy et al. 2024, "A Minimaximalist Approach to
// Reinforcement Learning from Human Feedback", arXiv 2401.04056; DESIGN.md
// 2.5). The policy plays against its own recent trajectories: a new
// trajectory's reward is its win rate against a queue of them,
//   r(xi) = mean_{xi' in queue} P(xi, xi'),
// spread evenly over its timesteps, and any RL learner maximizes it. The
// average of the iterates approaches the minimax (von Neumann) winner, which
// exists even when preferences cycle.
//
// With `segment_steps` > 0 each window of that many steps is compared with
// the same window of the opponents, and its steps share the window's win
// rate: the credit stays near the actions that earned it, as reward learning
// from clips does (Christiano et al. 2017 labelled 1-2 s clips). Each
// episode's rewards still sum to a win rate in [0, 1], now the mean over its
// windows. For a trajectory-level criterion (non-Markovian, intransitive) a
// window is judged as a trajectory of its own, which changes what is asked.
#ifndef PREFCTL_ALGORITHMS_SELF_PLAY_H_
#define PREFCTL_ALGORITHMS_SELF_PLAY_H_

#include <cstdint>
#include <deque>
#include <map>
#include <tuple>
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
  // Steps per compared window; 0 compares whole trajectories (SPO as
  // published). Every window costs one query per opponent.
  int segment_steps = 0;
};
void ReadConfig(const ConfigNode& node, SelfPlayConfig* config);

class SelfPlayRewarder {
 public:
  // `source` must outlive the rewarder. With `remember_answers` (for
  // relabelling) every answer is kept until ForgetBefore drops it; without,
  // Rejudge asks every pair again.
  SelfPlayRewarder(const SelfPlayConfig& config, PreferenceSource* source,
                   uint64_t seed, bool remember_answers = false);

  // Per-step rewards [steps] for `trajectory`: the win rate of its window
  // against the same window of the drawn opponents (1/2 where none has it),
  // divided by the trajectory's steps. The trajectory then joins the queue,
  // evicting the oldest. Trajectories are numbered from 0 as they join.
  std::vector<float> Rewards(const Trajectory& trajectory);
  // The same rewards for trajectory `number`, which joined earlier, against
  // the present queue, which it does not join: for relabelling. A
  // trajectory ties with itself unasked (P(a, a) = 1/2). Remembered answers
  // are by pair (and window), so a pair is asked once however often either
  // side is rejudged (P(b, a) = 1 - P(a, b)): a person labels each pair
  // once, and relabelling asks only about pairs that never met.
  std::vector<float> Rejudge(const Trajectory& trajectory, int64_t number);
  // Drops the remembered answers about trajectories numbered below `number`,
  // which will not be rejudged.
  void ForgetBefore(int64_t number);

  // Preference queries asked so far.
  int64_t queries() const { return queries_; }
  size_t queue_length() const { return queue_.size(); }

  // An answer's pair, lower number first, and window start.
  struct Pair {
    int64_t first, second;
    int begin;
    bool operator<(const Pair& other) const {
      return std::tie(first, second, begin) <
             std::tie(other.first, other.second, other.begin);
    }
  };
  // Everything that decides future scores, for checkpoints.
  struct State {
    std::deque<Trajectory> queue;
    std::deque<int64_t> queue_numbers;
    int64_t queries = 0;
    Rng::State rng{};
    std::map<Pair, double> answers;  // P(first preferred to second)
  };
  State state() const;
  void set_state(const State& state);

 private:
  std::vector<float> Judge(const Trajectory& trajectory, int64_t number);
  // Indices into the queue of this trajectory's opponents.
  std::vector<int> DrawOpponents();
  // The win rate of steps [begin, end) of `trajectory` against the same steps
  // of each opponent that has any of them; 1/2 if none has.
  double WindowWinRate(const Trajectory& trajectory, int64_t number, int begin,
                       int end, const std::vector<int>& opponents);

  SelfPlayConfig config_;
  PreferenceSource* source_;
  bool remember_answers_;
  Rng rng_;
  std::deque<Trajectory> queue_;
  std::deque<int64_t> queue_numbers_;
  int64_t queries_ = 0;
  std::map<Pair, double> answers_;
};

}  // namespace prefctl

#endif  // PREFCTL_ALGORITHMS_SELF_PLAY_H_
