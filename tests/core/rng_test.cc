#include "core/rng.h"

#include <gtest/gtest.h>

#include <cmath>

namespace prefctl {
namespace {

TEST(RngTest, SameSeedSameSequence) {
  Rng a(42), b(42);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.NextU64(), b.NextU64());
}

TEST(RngTest, StreamsDifferAndAreReproducible) {
  Rng s0 = Rng::Stream(7, 0), s1 = Rng::Stream(7, 1), s0b = Rng::Stream(7, 0);
  EXPECT_NE(s0.NextU64(), s1.NextU64());
  Rng fresh = Rng::Stream(7, 0);
  EXPECT_EQ(fresh.NextU64(), s0b.NextU64());
}

TEST(RngTest, StateRoundTripResumesExactly) {
  Rng a(3);
  for (int i = 0; i < 10; ++i) a.Normal();
  Rng b(99);
  b.set_state(a.state());
  a.set_state(a.state());  // Drops the cached spare normal in both.
  for (int i = 0; i < 10; ++i) EXPECT_EQ(a.Normal(), b.Normal());
}

TEST(RngTest, UniformAndNormalMoments) {
  Rng rng(1);
  const int n = 200000;
  double sum_u = 0, sum_n = 0, sum_n2 = 0;
  for (int i = 0; i < n; ++i) {
    const double u = rng.Uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum_u += u;
    const double z = rng.Normal();
    sum_n += z;
    sum_n2 += z * z;
  }
  EXPECT_NEAR(sum_u / n, 0.5, 0.005);
  EXPECT_NEAR(sum_n / n, 0.0, 0.01);
  EXPECT_NEAR(sum_n2 / n, 1.0, 0.02);
}

TEST(RngTest, UniformIntCoversRangeEvenly) {
  Rng rng(5);
  int counts[3] = {0, 0, 0};
  for (int i = 0; i < 30000; ++i) ++counts[rng.UniformInt(3)];
  for (int c : counts) EXPECT_NEAR(c, 10000, 400);
}

}  // namespace
}  // namespace prefctl
