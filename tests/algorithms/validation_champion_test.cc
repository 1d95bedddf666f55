#include "algorithms/validation_champion.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/algorithms/one_step_game.h"

namespace prefctl {
namespace {

// One-step episodes with the given returns.
std::vector<Trajectory> Episodes(std::vector<float> returns) {
  std::vector<Trajectory> episodes;
  for (float r : returns) episodes.push_back(OneStep(0.0f, r));
  return episodes;
}

TEST(ValidationChampionTest, TakesOverOnlyByWinningMoreThanHalf) {
  CriterionSource by_return(CriterionConfig{}, /*temperature=*/0.0);
  ValidationChampion champion(&by_return);

  const ValidationChampion::Verdict first =
      champion.Challenge(Episodes({3, 4}));
  EXPECT_TRUE(first.crowned);
  EXPECT_TRUE(std::isnan(first.win_rate));
  EXPECT_EQ(champion.queries(), 0);

  // Beats 3 but not 4, loses twice: 1 win in 4.
  const ValidationChampion::Verdict weaker =
      champion.Challenge(Episodes({3.5f, 1}));
  EXPECT_FALSE(weaker.crowned);
  EXPECT_DOUBLE_EQ(weaker.win_rate, 0.25);
  EXPECT_EQ(champion.queries(), 4);

  // Exactly half is not enough: 5 wins twice, 0 loses twice.
  EXPECT_FALSE(champion.Challenge(Episodes({5, 0})).crowned);

  const ValidationChampion::Verdict stronger =
      champion.Challenge(Episodes({5, 6, 3.5f}));
  EXPECT_TRUE(stronger.crowned);
  EXPECT_NEAR(stronger.win_rate, 5.0 / 6.0, 1e-12);
  EXPECT_EQ(champion.queries(), 4 + 4 + 6);
  ASSERT_EQ(champion.episodes().size(), 3u);
  EXPECT_EQ(champion.episodes()[1].Return(), 6.0);
}

}  // namespace
}  // namespace prefctl
