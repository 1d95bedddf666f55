#include "viewer/labeling.h"

#include <gtest/gtest.h>

#include "envs/task_registry.h"
#include "tests/core/test_dir.h"

namespace prefctl {
namespace {

ActFunction Constant(float value) {
  return [value](const float*, float* action) { action[0] = value; };
}

TEST(LabelingTest, RolloutHasOneMoreObservationThanActions) {
  auto task = MakeTask("cartpole-swingup");
  const RecordedRollout rollout =
      RecordRollout(task.get(), 5, 40, Constant(0.5f), "random");
  EXPECT_EQ(rollout.trajectory.actions.size(), 40u);
  EXPECT_EQ(rollout.trajectory.rewards.size(), 40u);
  EXPECT_EQ(rollout.trajectory.observations.size(), 41u);
  EXPECT_EQ(rollout.states.size(), 41u);
  EXPECT_EQ(rollout.trajectory.observations[0].size(),
            static_cast<size_t>(task->observation_size()));
  EXPECT_EQ(rollout.trajectory.seed, 5u);
  EXPECT_EQ(rollout.trajectory.source, "random");
}

TEST(LabelingTest, RolloutStopsAtTheEpisodeEnd) {
  auto task = MakeTask("cartpole-swingup");
  const RecordedRollout rollout = RecordRollout(
      task.get(), 1, task->episode_length() + 50, Constant(0.0f), "random");
  EXPECT_EQ(rollout.trajectory.actions.size(),
            static_cast<size_t>(task->episode_length()));
}

TEST(LabelingTest, SameSeedSameStartAndReplayRestoresTheState) {
  auto task = MakeTask("cartpole-swingup");
  const RecordedRollout a =
      RecordRollout(task.get(), 9, 30, Constant(1.0f), "random");
  const RecordedRollout b =
      RecordRollout(task.get(), 9, 30, Constant(-1.0f), "random");
  EXPECT_EQ(a.trajectory.observations[0], b.trajectory.observations[0]);
  EXPECT_NE(a.trajectory.observations[30], b.trajectory.observations[30]);
  ShowState(task.get(), a.states[30]);
  std::vector<float> observation(task->observation_size());
  task->Observe(observation.data());
  EXPECT_EQ(observation, a.trajectory.observations[30]);
}

TEST(LabelingTest, SessionPlaysLeftThenRightAndAppendsLabels) {
  TestDir dir;
  auto task = MakeTask("cartpole-swingup");
  LabelingSession session("cartpole-swingup", dir.File("labels.jsonl"));
  EXPECT_FALSE(session.active());
  session.Start(RecordRollout(task.get(), 3, 10, Constant(1.0f), "a.pt"),
                RecordRollout(task.get(), 3, 20, Constant(0.0f), "random"));
  EXPECT_EQ(session.phase(), LabelingSession::Phase::kPlayingLeft);
  session.Advance(10);  // The left rollout's last frame is shown.
  EXPECT_EQ(session.phase(), LabelingSession::Phase::kPlayingLeft);
  session.Advance(1);
  EXPECT_EQ(session.phase(), LabelingSession::Phase::kPlayingRight);
  EXPECT_EQ(session.frame(), 0);
  session.Advance(25);
  EXPECT_EQ(session.phase(), LabelingSession::Phase::kAwaitingLabel);
  EXPECT_EQ(session.frame(), 20);
  session.Label("right");
  EXPECT_FALSE(session.active());

  session.Start(RecordRollout(task.get(), 4, 5, Constant(1.0f), "a.pt"),
                RecordRollout(task.get(), 4, 5, Constant(0.0f), "random"));
  session.Skip();  // Writes nothing.
  session.Start(RecordRollout(task.get(), 5, 5, Constant(1.0f), "a.pt"),
                RecordRollout(task.get(), 5, 5, Constant(0.0f), "random"));
  session.Label("tie");  // Allowed before playback ends.
  EXPECT_EQ(session.written(), 2);

  const std::vector<PreferenceLabel> labels =
      ReadPreferenceLabels(dir.File("labels.jsonl"));
  ASSERT_EQ(labels.size(), 2u);
  EXPECT_EQ(labels[0].label, "right");
  EXPECT_EQ(labels[0].preference, 0.0);
  EXPECT_EQ(labels[0].task, "cartpole-swingup");
  EXPECT_EQ(labels[0].annotator, "viewer");
  EXPECT_EQ(labels[0].left.source, "a.pt");
  EXPECT_EQ(labels[0].left.actions.size(), 10u);
  EXPECT_EQ(labels[0].right.observations.size(), 21u);
  EXPECT_EQ(labels[1].label, "tie");
  EXPECT_EQ(labels[1].left.seed, 5u);
  EXPECT_THROW(session.Label("left"), std::logic_error);  // No pair now.
}

}  // namespace
}  // namespace prefctl
