// The reward-model RLHF baseline (DESIGN.md 2.5): a Bradley-Terry reward
// model r(o, a), summed over a trajectory, fitted to preference labels on
// pairs of the policy's own fresh trajectories each round; the learner then
// maximizes r. A scalar reward cannot represent a preference cycle, so on
// intransitive preferences the policy settles on whichever option the last
// fit ranks first, where self-play mixes.
#ifndef PREFCTL_ALGORITHMS_REWARD_MODEL_RLHF_H_
#define PREFCTL_ALGORITHMS_REWARD_MODEL_RLHF_H_

#include <torch/torch.h>

#include <vector>

#include "algorithms/preference_sources.h"
#include "critics/preference_model.h"
#include "envs/trajectory.h"

namespace prefctl {

class RewardModelRlhf {
 public:
  // `source` must outlive this object. model_config.type must be
  // bradley_terry.
  RewardModelRlhf(const PreferenceModelConfig& model_config,
                  PreferenceSource* source, int observation_size,
                  int action_size, uint64_t seed);

  // One round: asks the source about `pairs` pairs and refits the reward
  // model on these fresh labels only (warm-started from the last round's
  // weights). Every pair holds at least one of the `fresh` trajectories; the
  // first are consecutive fresh pairs (0, 1), (2, 3), ..., so each fresh
  // trajectory is labelled once before any twice, the rest are drawn without
  // replacement from the other fresh-fresh and fresh-`previous` pairs.
  // Fewer are asked when fewer exist. Returns the fit's final loss.
  double Refit(const std::vector<Trajectory>& fresh,
               const std::vector<Trajectory>& previous, int pairs);
  // The default round: consecutive fresh pairs only, each trajectory once.
  double Refit(const std::vector<Trajectory>& fresh) {
    return Refit(fresh, {}, static_cast<int>(fresh.size()) / 2);
  }

  // Per-step rewards r(o_t, a_t) of the current model [T].
  std::vector<float> Rewards(const Trajectory& trajectory);

  int64_t queries() const { return queries_; }
  PreferenceModel& model() { return model_; }

  // The model's weights, the pairing stream and the query count.
  void Save(torch::serialize::OutputArchive& archive) const;
  void Load(torch::serialize::InputArchive& archive);

 private:
  PreferenceSource* source_;
  PreferenceModel model_;
  torch::Generator generator_;
  int64_t queries_ = 0;
};

}  // namespace prefctl

#endif  // PREFCTL_ALGORITHMS_REWARD_MODEL_RLHF_H_
