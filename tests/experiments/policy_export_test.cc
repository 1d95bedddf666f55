#include "experiments/policy_export.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "experiments/trainer.h"
#include "policies/deployed_policy.h"
#include "tests/core/test_dir.h"
#include "tests/experiments/small_experiment.h"

namespace prefctl {
namespace {

// A run directory with checkpoints of a briefly trained two-layer policy.
std::string ShortRun(const TestDir& dir) {
  const std::string run = dir.File("run");
  Train(SmallExperiment(dir, {"policy.hidden=[32, 16]"}), run, false);
  return run;
}

TEST(PolicyExportTest, ExportedFileActsAsTheCheckpoint) {
  TestDir dir;
  const RunTarget target = ResolveRunTarget(ShortRun(dir));
  const std::string file = dir.File("policy.bin");
  const PolicyExport result = ExportPolicy(target, file, /*seed=*/5);
  EXPECT_EQ(result.observation_size, 5);
  EXPECT_EQ(result.action_size, 1);
  EXPECT_EQ(result.checked_steps, 1000);  // one whole episode
  EXPECT_LT(result.max_action_difference, 1e-4);
  const DeployedPolicy deployed = DeployedPolicy::Load(file);
  EXPECT_EQ(deployed.task(), "cartpole-balance");
}

TEST(PolicyExportTest, AnUnwritableFileIsAClearError) {
  TestDir dir;
  const RunTarget target = ResolveRunTarget(ShortRun(dir));
  const std::string file = dir.File("no_such_folder/policy.bin");
  try {
    ExportPolicy(target, file, 5);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(file + ": cannot open for writing"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace prefctl
