// The deployed policy links Eigen alone: this test binary has no LibTorch.
#include "policies/deployed_policy.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <stdexcept>

#include "tests/core/allocation_counter.h"
#include "tests/core/test_dir.h"

namespace prefctl {
namespace {

// Two observations, one hidden layer of two units, one action.
DeployedPolicyWeights Tiny(bool layer_norm_first) {
  DeployedPolicyWeights weights;
  weights.task = "tiny";
  weights.observation_size = 2;
  weights.action_size = 1;
  weights.layer_norm_first = layer_norm_first;
  weights.torso = {{{1.0f, -2.0f, 0.5f, 0.25f}, {0.1f, -0.2f}}};
  if (layer_norm_first) {
    weights.norm_scale = {2.0f, 0.5f};
    weights.norm_shift = {0.0f, 0.1f};
  }
  weights.mean = {{0.3f, -0.7f}, {0.05f}};
  return weights;
}

TEST(DeployedPolicyTest, ActsAsTheHandComputedNetworkWithElu) {
  DeployedPolicy policy(Tiny(/*layer_norm_first=*/false));
  const float observation[2] = {0.5f, 1.0f};
  float action = 0.0f;
  policy.Act(observation, &action);
  // Pre-activations: 0.5 - 2 + 0.1 = -1.4 and 0.25 + 0.25 - 0.2 = 0.3.
  const double h0 = std::expm1(-1.4), h1 = 0.3;
  EXPECT_NEAR(action, 0.3 * h0 - 0.7 * h1 + 0.05, 1e-6);
}

TEST(DeployedPolicyTest, ActsAsTheHandComputedNetworkWithLayerNorm) {
  DeployedPolicy policy(Tiny(/*layer_norm_first=*/true));
  const float observation[2] = {0.5f, 1.0f};
  float action = 0.0f;
  policy.Act(observation, &action);
  // Two units at -1.4 and 0.3: mean -0.55, variance 0.7225, so they
  // normalize to -/+ 0.85 / sqrt(0.7225 + 1e-5).
  const double z = 0.85 / std::sqrt(0.7225 + 1e-5);
  const double h0 = std::tanh(2.0 * -z), h1 = std::tanh(0.5 * z + 0.1);
  EXPECT_NEAR(action, 0.3 * h0 - 0.7 * h1 + 0.05, 1e-6);
}

TEST(DeployedPolicyTest, TanhMeanSquashesTheMeanHead) {
  DeployedPolicyWeights weights = Tiny(/*layer_norm_first=*/false);
  weights.tanh_mean = true;
  DeployedPolicy policy(weights);
  const float observation[2] = {0.5f, 1.0f};
  float action = 0.0f;
  policy.Act(observation, &action);
  const double h0 = std::expm1(-1.4), h1 = 0.3;  // as in the ELU test
  EXPECT_NEAR(action, std::tanh(0.3 * h0 - 0.7 * h1 + 0.05), 1e-6);
}

TEST(DeployedPolicyTest, ClipsActionsToTheUnitBox) {
  DeployedPolicyWeights weights = Tiny(false);
  weights.mean.bias = {5.0f};
  DeployedPolicy high(weights);
  weights.mean.bias = {-5.0f};
  DeployedPolicy low(weights);
  const float observation[2] = {0.0f, 0.0f};
  float action = 0.0f;
  high.Act(observation, &action);
  EXPECT_EQ(action, 1.0f);
  low.Act(observation, &action);
  EXPECT_EQ(action, -1.0f);
}

TEST(DeployedPolicyTest, ActingAllocatesNothing) {
  DeployedPolicyWeights weights;
  weights.observation_size = 17;
  weights.action_size = 6;
  int inputs = 17;
  for (int width : {256, 256, 256}) {
    weights.torso.push_back({std::vector<float>(inputs * width, 0.01f),
                             std::vector<float>(width, 0.1f)});
    inputs = width;
  }
  weights.norm_scale.assign(256, 1.0f);
  weights.norm_shift.assign(256, 0.0f);
  weights.mean = {std::vector<float>(256 * 6, 0.01f),
                  std::vector<float>(6, 0.0f)};
  const long before_loading = AllocationCount();
  DeployedPolicy policy(weights);
  EXPECT_GT(AllocationCount(), before_loading);  // the counter counts
  std::vector<float> observation(17, 0.3f), action(6);
  policy.Act(observation.data(), action.data());
  const long before = AllocationCount();
  for (int step = 0; step < 100; ++step) {
    observation[step % 17] += 0.01f;
    policy.Act(observation.data(), action.data());
  }
  EXPECT_EQ(AllocationCount() - before, 0);
}

TEST(DeployedPolicyTest, FileRoundTripKeepsEveryNumber) {
  TestDir dir;
  const std::string path = dir.File("policy.bin");
  for (bool layer_norm_first : {false, true}) {
    DeployedPolicyWeights weights = Tiny(layer_norm_first);
    weights.tanh_mean = layer_norm_first;  // both values of both flags
    SaveDeployedPolicy(weights, path);
    const DeployedPolicyWeights back = LoadDeployedPolicyWeights(path);
    EXPECT_EQ(back.task, "tiny");
    EXPECT_EQ(back.layer_norm_first, layer_norm_first);
    EXPECT_EQ(back.tanh_mean, weights.tanh_mean);
    ASSERT_EQ(back.torso.size(), weights.torso.size());
    EXPECT_EQ(back.torso[0].weight, weights.torso[0].weight);
    EXPECT_EQ(back.torso[0].bias, weights.torso[0].bias);
    EXPECT_EQ(back.norm_scale, weights.norm_scale);
    EXPECT_EQ(back.norm_shift, weights.norm_shift);
    EXPECT_EQ(back.mean.weight, weights.mean.weight);
    EXPECT_EQ(back.mean.bias, weights.mean.bias);
  }
}

// A file of version 1 (before the tanh_mean byte) still loads, as an
// unsquashed mean.
TEST(DeployedPolicyTest, LoadsVersionOneFiles) {
  TestDir dir;
  const std::string path = dir.File("policy.bin");
  DeployedPolicyWeights weights = Tiny(/*layer_norm_first=*/true);
  weights.tanh_mean = true;
  SaveDeployedPolicy(weights, path);
  std::string bytes = ReadText(path);
  // Magic (8), version (4), name length (4), "tiny" (4), two sizes (8),
  // layer_norm_first at 28, tanh_mean at 29.
  ASSERT_EQ(bytes[8], 2);
  ASSERT_EQ(bytes[29], 1);
  bytes[8] = 1;
  bytes.erase(29, 1);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  const DeployedPolicyWeights back = LoadDeployedPolicyWeights(path);
  EXPECT_TRUE(back.layer_norm_first);
  EXPECT_FALSE(back.tanh_mean);
  EXPECT_EQ(back.mean.bias, weights.mean.bias);
}

// The message of the error loading `path` throws, or "" when it loads.
std::string LoadError(const std::string& path) {
  try {
    LoadDeployedPolicyWeights(path);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(DeployedPolicyTest, BadFilesAreClearErrorsNamingTheFile) {
  TestDir dir;
  const std::string good = dir.File("good.bin");
  SaveDeployedPolicy(Tiny(true), good);
  const std::string bytes = ReadText(good);
  const auto write = [&](const std::string& name, const std::string& content) {
    std::ofstream(dir.File(name), std::ios::binary) << content;
    return dir.File(name);
  };
  const std::string missing = dir.File("missing.bin");
  {
    const std::string message = LoadError(missing);
    EXPECT_NE(message.find(missing), std::string::npos) << message;
    EXPECT_NE(message.find("prefctl export"), std::string::npos) << message;
  }
  const std::string checkpoint = write("model.pt", "PK\x03\x04 torch zip");
  EXPECT_NE(LoadError(checkpoint).find(checkpoint + ": not a prefctl policy"),
            std::string::npos);
  std::string other_version = bytes;
  other_version[8] = 9;
  EXPECT_NE(LoadError(write("v9.bin", other_version)).find("version 9"),
            std::string::npos);
  const std::string truncated =
      write("truncated.bin", bytes.substr(0, bytes.size() - 2));
  EXPECT_NE(LoadError(truncated).find("truncated: the file ends inside the "
                                      "mean head bias"),
            std::string::npos)
      << LoadError(truncated);
  EXPECT_NE(LoadError(write("long.bin", bytes + "x")).find("trailing bytes"),
            std::string::npos);
}

TEST(DeployedPolicyTest, MismatchedShapesNameTheArray) {
  DeployedPolicyWeights weights = Tiny(true);
  weights.norm_shift.pop_back();
  try {
    DeployedPolicy policy(weights);
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "LayerNorm shift has 1 numbers, expected 2");
  }
}

}  // namespace
}  // namespace prefctl
