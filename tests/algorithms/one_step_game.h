// One-step games for preference tests: a game is one action in R^A, seen by
// preference sources as a trajectory of one step.
#ifndef PREFCTL_TESTS_ALGORITHMS_ONE_STEP_GAME_H_
#define PREFCTL_TESTS_ALGORITHMS_ONE_STEP_GAME_H_

#include <torch/torch.h>

#include <array>
#include <functional>
#include <vector>

#include "algorithms/pmpo_loss.h"
#include "algorithms/preference_sources.h"
#include "envs/trajectory.h"
#include "tests/algorithms/bandit.h"

namespace prefctl {

// Observation 0, the action, and reward `reward`.
Trajectory OneStep(const std::vector<float>& action, float reward = 0.0f);
Trajectory OneStep(float action, float reward = 0.0f);

// The cyclic game lives on a ring: a scalar action a belongs to region
// floor(a / kRegionWidth) mod 3, so the line repeats the three regions and
// every region borders the other two. A ring has no direction in which a
// policy can drift away from the game (a plane of angular sectors does: the
// mean runs outwards, where all samples share one sector).
constexpr float kRegionWidth = 2.0f;
int RingRegion(float action);
// Fraction of the scalar `actions` in each region.
std::array<double, 3> RegionFrequencies(const torch::Tensor& actions);

// Rock-paper-scissors over the regions: r beats r + 1 (mod 3), ties 1/2.
class CyclicRingSource : public PreferenceSource {
 public:
  double Prefer(const Trajectory& a, const Trajectory& b) override;
};

// The cyclic game's learner for self-play and the reward-model baseline
// alike: PMPO labelling by advantage sign, since a set of ties (all samples in
// one region, every win rate 1/2) carries no preference, where top_fraction
// would accept half of it and reject the other half at random, a random walk
// of the stddev that collapsed self-play in one of four seeds.
PmpoConfig CyclicGamePmpo();
// Starts inside region 0 (~90% of the samples), Adam at 3e-2.
OneStepGameOptions CyclicGameOptions();

// Scores actions [N, B, A] one by one: score(trajectory of the action).
torch::Tensor ScoreActions(
    const torch::Tensor& actions,
    const std::function<double(const Trajectory&)>& score);

}  // namespace prefctl

#endif  // PREFCTL_TESTS_ALGORITHMS_ONE_STEP_GAME_H_
