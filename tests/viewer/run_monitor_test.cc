#include "viewer/run_monitor.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "core/metrics_writer.h"
#include "tests/core/test_dir.h"
#include "tests/viewer/viewer_fixtures.h"
#include "viewer/policy_source.h"

namespace prefctl {
namespace {
namespace fs = std::filesystem;

TEST(RunMonitorTest, PicksUpNewCheckpointsAndFollowsTheNewest) {
  TestDir dir;
  RunMonitor monitor(dir.path());
  EXPECT_FALSE(monitor.Poll());  // No checkpoints/ yet: nothing, no error.
  EXPECT_FALSE(monitor.NewestToFollow());

  const std::string first = WriteCheckpoint(dir.path(), 1000);
  EXPECT_TRUE(monitor.Poll());
  ASSERT_EQ(monitor.checkpoints().size(), 1u);
  EXPECT_EQ(monitor.checkpoints()[0].name, "step 1000");
  ASSERT_TRUE(monitor.NewestToFollow());
  EXPECT_EQ(monitor.NewestToFollow()->path, first);
  monitor.MarkLoaded(*monitor.NewestToFollow());
  EXPECT_FALSE(monitor.Poll());
  EXPECT_FALSE(monitor.NewestToFollow());

  const std::string second = WriteCheckpoint(dir.path(), 2000);
  std::ofstream(dir.File("checkpoints/best.pt")) << "x";
  EXPECT_TRUE(monitor.Poll());
  ASSERT_EQ(monitor.checkpoints().size(), 3u);
  EXPECT_EQ(monitor.checkpoints()[1].path, second);
  EXPECT_EQ(monitor.checkpoints()[2].name, "best");
  EXPECT_EQ(monitor.NewestToFollow()->path, second);
}

TEST(RunMonitorTest, FailedLoadOfAReplacedFileIsRetriedAtTheNextPoll) {
  TestDir dir;
  fs::create_directories(dir.File("checkpoints"));
  const std::string path = dir.File("checkpoints/step_000000003000.pt");
  std::ofstream(path) << "half a checkpoint";  // Caught mid-replacement.
  RunMonitor monitor(dir.path());
  PolicySource source(SmallPolicy(), SmallCritic(), kCartpoleObservations,
                      kCartpoleActions, "random", 0);

  monitor.Poll();
  std::optional<CheckpointEntry> offered = monitor.NewestToFollow();
  ASSERT_TRUE(offered);
  EXPECT_THROW(source.LoadNow(offered->path), std::runtime_error);

  // The trainer's atomic rename puts the whole file in place.
  const std::string whole = WriteCheckpoint(dir.path() + "/tmp", 3000);
  fs::rename(whole, path);
  monitor.Poll();
  offered = monitor.NewestToFollow();
  ASSERT_TRUE(offered);
  EXPECT_EQ(offered->path, path);
  source.LoadNow(offered->path);
  monitor.MarkLoaded(*offered);
  EXPECT_TRUE(source.has_networks());
  monitor.Poll();
  EXPECT_FALSE(monitor.NewestToFollow());
}

TEST(RunMonitorTest, PollIfDueWaitsForTheInterval) {
  TestDir dir;
  RunMonitor monitor(dir.path());
  const auto start = RunMonitor::Clock::now();
  monitor.PollIfDue(start);
  EXPECT_EQ(monitor.polls(), 1);
  monitor.PollIfDue(start + std::chrono::milliseconds(500));
  EXPECT_EQ(monitor.polls(), 1);
  monitor.PollIfDue(start + std::chrono::milliseconds(1000));
  EXPECT_EQ(monitor.polls(), 2);
}

TEST(RunMonitorTest, MetricsGrowAndAnUnfinishedRowWaits) {
  TestDir dir;
  RunMonitor monitor(dir.path());
  {
    MetricsWriter writer(dir.File("metrics.csv"));
    writer.Write({{"env_steps", 1000}, {"eval_return", 12.5}});
    EXPECT_TRUE(monitor.Poll());
    ASSERT_EQ(monitor.metrics().rows.size(), 1u);
    writer.Write({{"env_steps", 2000}, {"eval_return", 30}});
  }
  EXPECT_TRUE(monitor.Poll());
  ASSERT_EQ(monitor.metrics().rows.size(), 2u);
  EXPECT_EQ(monitor.metrics().rows[1][1], 30);
  EXPECT_FALSE(monitor.Poll());  // Unchanged: not re-read.

  // A row caught half written ("3000,4" of "3000,45.5\n").
  std::ofstream(dir.File("metrics.csv"), std::ios::app) << "3000,4";
  monitor.Poll();
  EXPECT_EQ(monitor.metrics().rows.size(), 2u);
  std::ofstream(dir.File("metrics.csv"), std::ios::app) << "5.5\n";
  monitor.Poll();
  ASSERT_EQ(monitor.metrics().rows.size(), 3u);
  EXPECT_EQ(monitor.metrics().rows[2][1], 45.5);
}

}  // namespace
}  // namespace prefctl
