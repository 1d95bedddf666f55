// Preference sources (DESIGN.md 2.5): answers P(xi1, xi2) in [0, 1] to "is
// trajectory xi1 preferred to xi2?", with P(a, b) + P(b, a) = 1 (1/2 is a
// tie). The learner never sees the task's reward, only these answers. An
// experiment file's `preference:` section:
//
//   source: return            # return | non_markovian | intransitive |
//                             # learned | external (their own headers)
//   temperature: 0            # 0: hard answers 1 / 1/2 / 0; > 0: Bradley-
//                             # Terry sigmoid((score_a - score_b) / T)
//   flip_rate: 0.2            # noisy: any source's answer flipped (P -> 1-P)
//                             # with this probability
//   criterion: {kind: longest_stretch, observation: 1, threshold: 0.95}
//                             # non_markovian (see trajectory_criteria.h)
//   criteria: [{...}, {...}, {...}]   # intransitive: majority of three
#ifndef PREFCTL_ALGORITHMS_PREFERENCE_SOURCES_H_
#define PREFCTL_ALGORITHMS_PREFERENCE_SOURCES_H_

#include <memory>
#include <string>
#include <vector>

#include "algorithms/trajectory_criteria.h"
#include "core/config.h"
#include "core/rng.h"
#include "envs/trajectory.h"

namespace prefctl {

class PreferenceSource {
 public:
  virtual ~PreferenceSource() = default;
  // P(a preferred to b); P(a, b) + P(b, a) = 1 in expectation.
  virtual double Prefer(const Trajectory& a, const Trajectory& b) = 0;
  // What changes as the source answers (a noisy source's random stream, an
  // external source's next query id), for checkpoints; empty if nothing.
  virtual std::vector<uint64_t> SavedState() const { return {}; }
  virtual void RestoreState(const std::vector<uint64_t>& /*state*/) {}
};

// Compares one criterion's scores, hard (temperature 0) or Bradley-Terry.
class CriterionSource : public PreferenceSource {
 public:
  CriterionSource(const CriterionConfig& criterion, double temperature)
      : criterion_(criterion), temperature_(temperature) {}
  double Prefer(const Trajectory& a, const Trajectory& b) override;

 private:
  CriterionConfig criterion_;
  double temperature_;
};

// The majority vote of hard comparisons under several criteria (an odd
// number). Three criteria that rank trajectories differently make the
// majority cycle (Condorcet's paradox): a > b > c > a.
class MajoritySource : public PreferenceSource {
 public:
  explicit MajoritySource(std::vector<CriterionConfig> criteria)
      : criteria_(std::move(criteria)) {}
  double Prefer(const Trajectory& a, const Trajectory& b) override;

 private:
  std::vector<CriterionConfig> criteria_;
};

// Flips another source's answer (P -> 1 - P) with probability flip_rate,
// from its own random stream. The expected answer is
// flip_rate + (1 - 2 flip_rate) P: the order of any two win rates is kept.
class NoisySource : public PreferenceSource {
 public:
  NoisySource(std::unique_ptr<PreferenceSource> inner, double flip_rate,
              uint64_t seed)
      : inner_(std::move(inner)), flip_rate_(flip_rate), rng_(seed) {}
  double Prefer(const Trajectory& a, const Trajectory& b) override;
  // This source's stream, then the inner source's.
  std::vector<uint64_t> SavedState() const override;
  void RestoreState(const std::vector<uint64_t>& state) override;

 private:
  std::unique_ptr<PreferenceSource> inner_;
  double flip_rate_;
  Rng rng_;
};

// The task a source answers about.
struct PreferenceTask {
  std::string name;
  int observation_size = 0;
  int action_size = 0;
};

// Builds the source an experiment's `preference:` section describes;
// criteria and label files are checked against the task's sizes, and file
// names are relative to the experiment file (ConfigNode::ResolvePath).
std::unique_ptr<PreferenceSource> MakePreferenceSource(
    const ConfigNode& node, const PreferenceTask& task, uint64_t seed);

}  // namespace prefctl

#endif  // PREFCTL_ALGORITHMS_PREFERENCE_SOURCES_H_
