// The policy a preference run reports (`preference.report`, DESIGN.md 2.5):
// `last`, the final policy, or `best`, the policy that won its validation
// comparisons. For `best`, every evaluation's episodes are compared through
// the preference source with those of the policy reported so far, every
// episode with every episode; the new policy takes over when it wins more
// than half of the comparisons. The task's reward is never consulted, so the
// choice is one a user without a reward could make; with an intransitive
// source it is a king-of-the-hill, not a global maximum.
#ifndef PREFCTL_ALGORITHMS_VALIDATION_CHAMPION_H_
#define PREFCTL_ALGORITHMS_VALIDATION_CHAMPION_H_

#include <cstdint>
#include <vector>

#include "algorithms/preference_sources.h"
#include "envs/trajectory.h"

namespace prefctl {

class ValidationChampion {
 public:
  // `source` must outlive the champion.
  explicit ValidationChampion(PreferenceSource* source) : source_(source) {}

  struct Verdict {
    double win_rate;  // of the challenger; NaN when there was no champion
    bool crowned;     // the challenger is the champion now
  };
  Verdict Challenge(const std::vector<Trajectory>& episodes);

  const std::vector<Trajectory>& episodes() const { return episodes_; }
  int64_t queries() const { return queries_; }
  // For checkpoints.
  void Restore(std::vector<Trajectory> episodes, int64_t queries);

 private:
  PreferenceSource* source_;
  std::vector<Trajectory> episodes_;  // the champion's
  int64_t queries_ = 0;
};

}  // namespace prefctl

#endif  // PREFCTL_ALGORITHMS_VALIDATION_CHAMPION_H_
