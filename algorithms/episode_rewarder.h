// Rewards from preferences (DESIGN.md 2.5): an experiment's `preference:`
// section hides the task's reward from the learner. Each finished episode is
// shown to a preference source, and an episode rewarder turns the answers
// into per-step rewards for the replay:
//   spo:     the episode's win rate against a queue of the policy's recent
//            episodes, spread evenly over its steps (algorithms/self_play.h);
//   rm_rlhf: a Bradley-Terry reward model's r(o_t, a_t), refitted on pairs of
//            the freshest episodes every `refit_every` episodes
//            (algorithms/reward_model_rlhf.h), `queries_per_episode` of
//            them per episode.
// Rewards are fixed when the episode ends unless `relabel_every` > 0: then
// every that many episodes the trainer rejudges the episodes in its replay
// against the present queue or model. A third method,
// task_reward, ignores the section and learns from the task's reward: the
// baseline, selectable from a suite's grid.
//
//   preference:
//     method: spo             # spo | rm_rlhf | task_reward
//     source: return          # and the source's keys (preference_sources.h)
//     self_play: {queue_size: 16, comparisons: 0, segment_steps: 0}
//     reward_model: {hidden: [64, 64], fit_steps: 200}
//     refit_every: 16
//     queries_per_episode: 0.5
//     report: last            # last | best (algorithms/validation_champion.h)
//     reward_scale: 1.0       # multiplies the per-step rewards
//     relabel_every: 0        # episodes between replay relabellings; 0 never
#ifndef PREFCTL_ALGORITHMS_EPISODE_REWARDER_H_
#define PREFCTL_ALGORITHMS_EPISODE_REWARDER_H_

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "algorithms/preference_sources.h"
#include "algorithms/reward_model_rlhf.h"
#include "algorithms/self_play.h"
#include "core/config.h"
#include "critics/preference_model.h"
#include "envs/trajectory.h"

namespace prefctl {

struct PreferenceConfig {
  std::string method = "spo";
  SelfPlayConfig self_play;
  // Smaller fits than the model's standalone default (500 steps): a refit
  // happens every few rounds of episodes and starts from the last weights.
  PreferenceModelConfig reward_model = [] {
    PreferenceModelConfig config;
    config.fit_steps = 200;
    return config;
  }();
  // Episodes per reward-model round: refit_every / 2 fresh pairs are labelled.
  // 16 is the self-play queue's default size, so both methods see a round of
  // the same length.
  int refit_every = 16;
  // Labelled pairs per episode: each round asks refit_every times this many,
  // each pair holding one of the round's episodes and another of the round
  // or of the round before. 0.5 labels each fresh episode once; SPO asks
  // about queue_size per episode, which this matches up to
  // refit_every + (refit_every - 1) / 2.
  double queries_per_episode = 0.5;
  // The final policy costs no queries; `best` spends eval_episodes^2
  // validation queries at every evaluation.
  std::string report = "last";
  // Multiplies every per-step reward from preferences. 1 keeps SPO's
  // definition (Swamy et al. 2024): a win rate spread over 1000 steps is
  // ~5e-4 per step. 1000 puts it on a task reward's scale, which measured
  // much worse on cartpole-swingup (docs/benchmarks.md).
  double reward_scale = 1.0;
  // Episodes between relabellings of the replay's episodes with present
  // rewards; 0 never (SPO as published fixes a trajectory's win rate when it
  // is played). PEBBLE (Lee et al. 2021, arXiv 2106.05091) relabels its
  // replay after every reward-model update: a win rate against an old queue,
  // or an old model's reward, measures against a policy that is gone. For spo
  // each relabelling asks about the stored episodes' pairs with the queue
  // that never met (answers are remembered by pair): ~n^2 / 2 questions in
  // all for n stored episodes.
  int relabel_every = 0;
};
// Reads `node` (an experiment's `preference:` section) including its source
// keys, which it validates by building the source for `task`.
void ReadConfig(const ConfigNode& node, const PreferenceTask& task,
                PreferenceConfig* config);

class EpisodeRewarder {
 public:
  virtual ~EpisodeRewarder() = default;
  // Per-step rewards [steps] for a finished episode. Episodes are numbered
  // from 0 in the order this sees them.
  virtual std::vector<float> Rewards(const Trajectory& episode) = 0;
  // Per-step rewards for episode `number`, judged earlier, by the rewarder as
  // it is now (spo's present queue, the latest reward model), which this
  // leaves as it is apart from the queries and the answers remembered.
  virtual std::vector<float> Rejudge(const Trajectory& episode,
                                     int64_t number) = 0;
  // Episodes numbered below `number` will not be rejudged: what is kept for
  // them (spo's answers) can go.
  virtual void ForgetBefore(int64_t number) = 0;
  // Preference queries asked so far.
  virtual int64_t queries() const = 0;
  // Everything a bit-identical resume needs, the source's random state too.
  virtual void Save(torch::serialize::OutputArchive& archive) const = 0;
  virtual void Load(torch::serialize::InputArchive& archive) = 0;
};

// `source` must outlive the rewarder.
std::unique_ptr<EpisodeRewarder> MakeEpisodeRewarder(
    const PreferenceConfig& config, PreferenceSource* source,
    int observation_size, int action_size, uint64_t seed);

// Trajectories (finished or not) in a checkpoint archive.
void WriteTrajectories(torch::serialize::OutputArchive& archive,
                       const std::string& key,
                       const std::vector<Trajectory>& trajectories);
std::vector<Trajectory> ReadTrajectories(
    torch::serialize::InputArchive& archive, const std::string& key);

}  // namespace prefctl

#endif  // PREFCTL_ALGORITHMS_EPISODE_REWARDER_H_
