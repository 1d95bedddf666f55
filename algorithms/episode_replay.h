// Finished episodes into the replay with rewards from preferences
// (algorithms/episode_rewarder.h), and their relabelling. With
// `relabel_every` > 0 the episodes whose transitions are still in the replay
// are kept whole, and every that many new episodes each is rejudged by the
// rewarder as it is then and its transitions' n-step rewards are rewritten in
// place: the replay then holds one reward function, not a history of them.
#ifndef PREFCTL_ALGORITHMS_EPISODE_REPLAY_H_
#define PREFCTL_ALGORITHMS_EPISODE_REPLAY_H_

#include <torch/torch.h>

#include <cstdint>
#include <deque>
#include <vector>

#include "algorithms/episode_rewarder.h"
#include "core/nstep_adder.h"
#include "core/replay_buffer.h"
#include "envs/trajectory.h"

namespace prefctl {

class EpisodeReplay {
 public:
  // `replay` and `rewarder` must outlive this, and every episode the
  // rewarder rewards must come through Add: both number them in that order.
  EpisodeReplay(ReplayBuffer* replay, EpisodeRewarder* rewarder,
                int observation_size, int action_size, int n_step,
                double discount, int relabel_every);

  // Rewards `episode` (ended by termination or by truncation) and adds its
  // transitions; relabels the stored episodes when due. Returns the
  // episode's per-step rewards.
  std::vector<float> Add(const Trajectory& episode, bool terminated);

  // Relabellings so far.
  int64_t relabellings() const { return relabellings_; }

  // Stored episodes and the count towards the next relabelling.
  void Save(torch::serialize::OutputArchive& archive) const;
  void Load(torch::serialize::InputArchive& archive);

 private:
  struct StoredEpisode {
    Trajectory episode;
    bool terminated = false;
    int64_t first_row = 0;  // in ReplayBuffer::rows_added() numbering
    int64_t number = 0;     // in the rewarder's numbering
  };
  // The n-step rewards of `episode`'s transitions under per-step `rewards`,
  // as the replay stores them.
  std::vector<float> TransitionRewards(const Trajectory& episode,
                                       bool terminated,
                                       const std::vector<float>& rewards);
  // Rejudges the stored episodes added before row `judged_from_row`; the
  // newer one was judged a moment ago (with spo, rejudging it would ask
  // its questions again, against a queue that now holds it).
  void Relabel(int64_t judged_from_row);

  ReplayBuffer* replay_;
  EpisodeRewarder* rewarder_;
  NStepAdder adder_;  // one environment; empty between episodes
  int relabel_every_;
  std::deque<StoredEpisode> stored_;
  int64_t added_ = 0;  // episodes added, all of which the rewarder saw
  int64_t added_since_relabel_ = 0;
  int64_t relabellings_ = 0;
};

}  // namespace prefctl

#endif  // PREFCTL_ALGORITHMS_EPISODE_REPLAY_H_
