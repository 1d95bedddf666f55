#include "core/nstep_adder.h"

#include <gtest/gtest.h>

#include <vector>

namespace prefctl {
namespace {

// One env, 1-D observations equal to the time index, actions = 10 * t.
struct Stepper {
  NStepAdder adder{1, 1, 1, 3, 0.5};
  float t = 0;
  const TransitionBatch& Step(float reward, bool terminated, bool truncated) {
    const float obs = t, action = 10 * t, next = t + 1;
    const uint8_t term = terminated, trunc = truncated;
    t += 1;
    return adder.Add({&obs, &action, &reward, &next, &term, &trunc});
  }
};

TEST(NStepAdderTest, EmitsFullWindowsWithDiscountedSums) {
  Stepper s;
  EXPECT_EQ(s.Step(1, false, false).count, 0);
  EXPECT_EQ(s.Step(2, false, false).count, 0);
  const TransitionBatch& out = s.Step(4, false, false);
  ASSERT_EQ(out.count, 1);
  EXPECT_FLOAT_EQ(out.observations[0], 0);
  EXPECT_FLOAT_EQ(out.actions[0], 0);
  EXPECT_FLOAT_EQ(out.rewards[0], 1 + 0.5 * 2 + 0.25 * 4);
  EXPECT_FLOAT_EQ(out.discounts[0], 0.125);
  EXPECT_FLOAT_EQ(out.next_observations[0], 3);
}

TEST(NStepAdderTest, TerminalFlushesWithZeroDiscount) {
  Stepper s;
  s.Step(1, false, false);
  const TransitionBatch& out = s.Step(2, true, false);
  ASSERT_EQ(out.count, 2);
  EXPECT_FLOAT_EQ(out.rewards[0], 1 + 0.5 * 2);
  EXPECT_FLOAT_EQ(out.rewards[1], 2);
  EXPECT_FLOAT_EQ(out.discounts[0], 0);
  EXPECT_FLOAT_EQ(out.discounts[1], 0);
  EXPECT_EQ(s.Step(1, false, false).count, 0);  // Next episode starts empty.
}

TEST(NStepAdderTest, TruncationBootstrapsFromFinalObservation) {
  Stepper s;
  s.Step(1, false, false);
  const TransitionBatch& out = s.Step(2, false, true);
  ASSERT_EQ(out.count, 2);
  EXPECT_FLOAT_EQ(out.discounts[0], 0.25);
  EXPECT_FLOAT_EQ(out.discounts[1], 0.5);
  EXPECT_FLOAT_EQ(out.next_observations[0], 2);
  EXPECT_FLOAT_EQ(out.next_observations[1], 2);
}

TEST(NStepAdderTest, WindowsRoundTripForCheckpoints) {
  Stepper a, b;
  a.Step(1, false, false);
  a.Step(2, false, false);
  b.adder.set_windows(a.adder.windows());
  b.t = a.t;
  const TransitionBatch& from_a = a.Step(4, false, false);
  const float reward_a = from_a.rewards[0];
  EXPECT_FLOAT_EQ(b.Step(4, false, false).rewards[0], reward_a);
}

}  // namespace
}  // namespace prefctl
