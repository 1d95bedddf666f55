#include "experiments/duel.h"

#include <memory>

#include "algorithms/preference_sources.h"
#include "core/config.h"
#include "experiments/evaluation.h"

namespace prefctl {

DuelResult Duel(const RunTarget& first, const RunTarget& second,
                const ExperimentConfig& judge, int episodes, uint64_t seed) {
  if (first.config.task != second.config.task) {
    throw ConfigError("cannot compare policies of different tasks: " +
                      first.run_dir + " is " + first.config.task + ", " +
                      second.run_dir + " is " + second.config.task);
  }
  if (!judge.use_preferences) {
    throw ConfigError(
        "the judge has no preference section: pass an experiment file or run "
        "directory whose `preference:` section describes the source");
  }
  auto play = [&](const RunTarget& target) {
    GaussianPolicy policy = LoadTargetPolicy(target);
    return EvaluatePolicy(policy, target.config, episodes, seed);
  };
  const EvaluationResult first_play = play(first);
  const EvaluationResult second_play = play(second);
  const Trajectory& any = first_play.episodes.front();
  const std::unique_ptr<PreferenceSource> source = MakePreferenceSource(
      judge.preference_node,
      {first.config.task, any.observation_size, any.action_size}, seed);

  DuelResult result;
  double all = 0.0, same_start = 0.0;
  for (int i = 0; i < episodes; ++i) {
    for (int j = 0; j < episodes; ++j) {
      const double preference =
          source->Prefer(first_play.episodes[i], second_play.episodes[j]);
      all += preference;
      if (i == j) same_start += preference;
      ++result.queries;
    }
  }
  result.first_win_rate = all / result.queries;
  result.same_start_win_rate = same_start / episodes;
  result.first_returns = first_play.returns;
  result.second_returns = second_play.returns;
  return result;
}

}  // namespace prefctl
