#include "envs/trajectory.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace prefctl {
namespace {

TEST(TrajectoryTest, AppendFinishAndReturn) {
  Trajectory trajectory;
  trajectory.observation_size = 2;
  trajectory.action_size = 1;
  const float o0[2] = {1, 2}, o1[2] = {3, 4}, o2[2] = {5, 6};
  const float a0 = 0.5f, a1 = -0.5f;
  trajectory.Append(o0, &a0, 1.5f);
  trajectory.Append(o1, &a1, 2.0f);
  trajectory.Finish(o2);
  EXPECT_EQ(trajectory.steps(), 2);
  EXPECT_EQ(trajectory.observation(2)[1], 6.0f);
  EXPECT_EQ(trajectory.action(1)[0], -0.5f);
  EXPECT_DOUBLE_EQ(trajectory.Return(), 3.5);
}

TEST(TrajectoryTest, WindowKeepsItsStepsAndTheObservationAfter) {
  Trajectory trajectory;
  trajectory.observation_size = 1;
  trajectory.action_size = 1;
  for (int t = 0; t < 4; ++t) {
    const float observation = t, action = 10 + t;
    trajectory.Append(&observation, &action, 100 + t);
  }
  const float final_observation = 4;
  trajectory.Finish(&final_observation);
  const Trajectory window = trajectory.Window(1, 3);
  EXPECT_EQ(window.steps(), 2);
  EXPECT_EQ(window.observations, (std::vector<float>{1, 2, 3}));
  EXPECT_EQ(window.actions, (std::vector<float>{11, 12}));
  EXPECT_DOUBLE_EQ(window.Return(), 101 + 102);
  EXPECT_EQ(trajectory.Window(2, 4).observations.back(), 4.0f);
}

// The label files' rows and the flat arrays hold the same numbers.
TEST(TrajectoryTest, LabelFormRoundTrips) {
  PreferenceTrajectory labelled;
  labelled.observations = {{1, 2}, {3, 4}, {5, 6}};
  labelled.actions = {{0.5f}, {-0.5f}};
  labelled.rewards = {1.5, 2.0};
  const Trajectory trajectory = FromLabelTrajectory(labelled);
  EXPECT_EQ(trajectory.observation_size, 2);
  EXPECT_EQ(trajectory.action_size, 1);
  EXPECT_EQ(trajectory.observations, (std::vector<float>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(trajectory.rewards, (std::vector<float>{1.5f, 2.0f}));
  const PreferenceTrajectory back = ToLabelTrajectory(trajectory);
  EXPECT_EQ(back.observations, labelled.observations);
  EXPECT_EQ(back.actions, labelled.actions);
  EXPECT_EQ(back.rewards, labelled.rewards);
  labelled.observations[1].push_back(7);
  EXPECT_THROW(FromLabelTrajectory(labelled), std::invalid_argument);
}

}  // namespace
}  // namespace prefctl
