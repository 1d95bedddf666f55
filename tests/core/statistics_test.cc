#include "core/statistics.h"

#include <gtest/gtest.h>

#include <cmath>

namespace prefctl {
namespace {

TEST(StatisticsTest, MeanAndStudentInterval) {
  // Mean 2, sample stddev 1, n = 3: 4.303 / sqrt(3).
  const MeanInterval summary = MeanWithInterval({1.0, 2.0, 3.0});
  EXPECT_DOUBLE_EQ(summary.mean, 2.0);
  EXPECT_NEAR(summary.half_width, 4.303 / std::sqrt(3.0), 1e-12);
  EXPECT_EQ(summary.count, 3);
}

TEST(StatisticsTest, TooFewValuesHaveNoInterval) {
  EXPECT_EQ(MeanWithInterval({}).count, 0);
  const MeanInterval one = MeanWithInterval({5.0});
  EXPECT_DOUBLE_EQ(one.mean, 5.0);
  EXPECT_DOUBLE_EQ(one.half_width, 0.0);
}

TEST(StatisticsTest, TQuantiles) {
  EXPECT_DOUBLE_EQ(StudentT975(1), 12.706);
  EXPECT_DOUBLE_EQ(StudentT975(30), 2.042);
  EXPECT_DOUBLE_EQ(StudentT975(1000), 1.960);
}

}  // namespace
}  // namespace prefctl
