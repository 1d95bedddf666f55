// A head-to-head comparison of two trained policies under a preference
// source, for judges that task return cannot stand for (intransitive,
// non-Markovian): each policy plays the same deterministic evaluation
// episodes, and the judge compares every episode of one with every episode
// of the other.
#ifndef PREFCTL_EXPERIMENTS_DUEL_H_
#define PREFCTL_EXPERIMENTS_DUEL_H_

#include <cstdint>
#include <vector>

#include "experiments/run_directory.h"

namespace prefctl {

struct DuelResult {
  // Mean of P(first's episode i, second's episode j) over all i, j.
  double first_win_rate = 0.0;
  // The same over i == j only: both policies started from the same state.
  double same_start_win_rate = 0.0;
  int64_t queries = 0;
  std::vector<double> first_returns;
  std::vector<double> second_returns;
};

// Runs `episodes` evaluation episodes of each target from the same seeds and
// asks the source that `judge`'s `preference:` section describes (built with
// `seed`, for noisy sources). Throws ConfigError when the targets' tasks
// differ or `judge` has no preference section.
DuelResult Duel(const RunTarget& first, const RunTarget& second,
                const ExperimentConfig& judge, int episodes, uint64_t seed);

}  // namespace prefctl

#endif  // PREFCTL_EXPERIMENTS_DUEL_H_
