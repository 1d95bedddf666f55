#include "envs/rewards.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace prefctl {
namespace {

// Values at half the margin with value_at_margin = 0.1, computed by hand from
// dm_control's formulas (see rewards.h).
TEST(RewardsTest, EverySigmoidAtHalfMargin) {
  const struct {
    Sigmoid sigmoid;
    double expected;
  } cases[] = {
      {Sigmoid::kGaussian, 0.5623413251903491},  // 0.1^(1/4)
      {Sigmoid::kHyperbolic, 0.42640143271122083},
      {Sigmoid::kLongTail, 0.3076923076923077},     // 1 / (0.25 * 9 + 1)
      {Sigmoid::kReciprocal, 0.18181818181818182},  // 1 / (0.5 * 9 + 1)
      {Sigmoid::kCosine, 0.658113883008419},
      {Sigmoid::kLinear, 0.55},      // 1 - 0.5 * 0.9
      {Sigmoid::kQuadratic, 0.775},  // 1 - 0.25 * 0.9
      {Sigmoid::kTanhSquared, 0.4805061467040842},
  };
  for (const auto& c : cases) {
    // x = 1.5 with bounds [0, 1] and margin 1 is half a margin outside.
    EXPECT_NEAR(Tolerance(1.5, 0.0, 1.0, 1.0, c.sigmoid, 0.1), c.expected,
                1e-12)
        << static_cast<int>(c.sigmoid);
    // At exactly one margin away every sigmoid gives value_at_margin.
    EXPECT_NEAR(Tolerance(-1.0, 0.0, 1.0, 1.0, c.sigmoid, 0.1), 0.1, 1e-12)
        << static_cast<int>(c.sigmoid);
  }
}

TEST(RewardsTest, InsideBoundsIsOneAndMarginZeroIsIndicator) {
  EXPECT_EQ(Tolerance(0.3, 0.0, 1.0, 2.0, Sigmoid::kGaussian, 0.1), 1.0);
  EXPECT_EQ(Tolerance(1.0, 0.0, 1.0, 0.0, Sigmoid::kGaussian, 0.1), 1.0);
  EXPECT_EQ(Tolerance(1.01, 0.0, 1.0, 0.0, Sigmoid::kGaussian, 0.1), 0.0);
}

TEST(RewardsTest, FiniteSupportSigmoidsReachZero) {
  // cheetah-run's reward: linear with value 0 at margin 10 is clip(v/10, 0, 1).
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_NEAR(Tolerance(4.0, 10.0, inf, 10.0, Sigmoid::kLinear, 0.0), 0.4,
              1e-12);
  EXPECT_EQ(Tolerance(-1.0, 10.0, inf, 10.0, Sigmoid::kLinear, 0.0), 0.0);
  EXPECT_EQ(Tolerance(3.0, 0.0, 0.0, 1.0, Sigmoid::kQuadratic, 0.0), 0.0);
}

TEST(RewardsTest, ValueAtMarginValidity) {
  EXPECT_TRUE(ValidValueAtMargin(0.0, Sigmoid::kLinear));
  EXPECT_FALSE(ValidValueAtMargin(0.0, Sigmoid::kGaussian));
  EXPECT_FALSE(ValidValueAtMargin(1.0, Sigmoid::kCosine));
}

}  // namespace
}  // namespace prefctl
