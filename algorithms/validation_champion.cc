#include "algorithms/validation_champion.h"

#include <cmath>
#include <utility>

namespace prefctl {

ValidationChampion::Verdict ValidationChampion::Challenge(
    const std::vector<Trajectory>& episodes) {
  if (episodes_.empty()) {
    episodes_ = episodes;
    return {std::nan(""), true};
  }
  double wins = 0.0;
  for (const Trajectory& challenger : episodes) {
    for (const Trajectory& champion : episodes_) {
      wins += source_->Prefer(challenger, champion);
    }
  }
  const int64_t comparisons =
      static_cast<int64_t>(episodes.size() * episodes_.size());
  queries_ += comparisons;
  const double win_rate = wins / static_cast<double>(comparisons);
  const bool crowned = win_rate > 0.5;
  if (crowned) episodes_ = episodes;
  return {win_rate, crowned};
}

void ValidationChampion::Restore(std::vector<Trajectory> episodes,
                                 int64_t queries) {
  episodes_ = std::move(episodes);
  queries_ = queries;
}

}  // namespace prefctl
