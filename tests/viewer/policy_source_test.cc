#include "viewer/policy_source.h"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "tests/core/test_dir.h"
#include "tests/viewer/viewer_fixtures.h"

namespace prefctl {
namespace {

std::string LoadError(const std::string& path) {
  try {
    LoadCheckpointNetworks(path, SmallPolicy(), SmallCritic(),
                           kCartpoleObservations, kCartpoleActions);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "no error";
}

// Polls until the background load finishes.
PolicySource::LoadResult WaitForLoad(PolicySource* source) {
  for (int i = 0; i < 1000; ++i) {
    if (auto result = source->Poll()) return *result;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ADD_FAILURE() << "load did not finish";
  return {};
}

TEST(PolicySourceTest, MissingCorruptAndMismatchedCheckpointsNameThePath) {
  TestDir dir;
  const std::string missing = dir.File("checkpoints/step_000000000100.pt");
  EXPECT_NE(
      LoadError(missing).find(missing + ": checkpoint file does not exist"),
      std::string::npos)
      << LoadError(missing);

  const std::string corrupt = dir.File("corrupt.pt");
  std::ofstream(corrupt) << "this is not a torch archive";
  EXPECT_NE(LoadError(corrupt).find(corrupt + ": not a readable checkpoint"),
            std::string::npos)
      << LoadError(corrupt);

  // A checkpoint of other network sizes than the config says.
  const std::string written = WriteCheckpoint(dir.path(), 100);
  try {
    PolicyNetworkConfig wider = SmallPolicy();
    wider.hidden = {32};
    LoadCheckpointNetworks(written, wider, SmallCritic(), kCartpoleObservations,
                           kCartpoleActions);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(written +
                                         ": does not match this experiment"),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("[16, 5] in the checkpoint, [32, 5] "
                                         "in this experiment"),
              std::string::npos)
        << e.what();
  }
}

TEST(PolicySourceTest, LoadedPolicyActsWithTheCheckpointsMean) {
  TestDir dir;
  OffPolicyLearner learner = SmallLearner(0);
  const std::string path = WriteCheckpoint(dir.path(), 100, learner);
  PolicySource source(SmallPolicy(), SmallCritic(), kCartpoleObservations,
                      kCartpoleActions, "zero", 0);
  EXPECT_FALSE(source.has_networks());
  std::vector<float> observation = {0.3f, 0.1f, -0.5f, 0.2f, 0.0f};
  float action = 1.0f;
  source.Act(observation.data(), true, &action);
  EXPECT_EQ(action, 0.0f);  // The zero fallback.

  source.LoadNow(path);
  EXPECT_EQ(source.name(), path);
  source.Act(observation.data(), true, &action);
  torch::Generator generator = at::detail::createCPUGenerator(0);
  const float expected =
      learner
          .Act(torch::tensor(observation).view({1, kCartpoleObservations}),
               true, generator)
          .item<float>();
  EXPECT_FLOAT_EQ(action, expected);
  float sampled = 0.0f;
  source.Act(observation.data(), false, &sampled);
  EXPECT_NE(sampled, expected);
  EXPECT_LE(std::abs(sampled), 1.0f);
}

TEST(PolicySourceTest, BackgroundLoadInstallsOrReportsAndKeepsActing) {
  TestDir dir;
  const std::string good = WriteCheckpoint(dir.path(), 100);
  PolicySource source(SmallPolicy(), SmallCritic(), kCartpoleObservations,
                      kCartpoleActions, "random", 0);
  source.LoadInBackground(dir.File("nothing.pt"));
  EXPECT_TRUE(source.loading());
  const PolicySource::LoadResult failed = WaitForLoad(&source);
  EXPECT_NE(failed.error.find("nothing.pt"), std::string::npos);
  EXPECT_EQ(source.name(), "random");  // The fallback still acts.

  source.LoadInBackground(good);
  const PolicySource::LoadResult loaded = WaitForLoad(&source);
  EXPECT_EQ(loaded.error, "");
  EXPECT_EQ(source.name(), good);
  EXPECT_TRUE(source.has_networks());
  EXPECT_FALSE(source.Poll());  // Reported once.
}

}  // namespace
}  // namespace prefctl
