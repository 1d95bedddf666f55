#include "envs/task.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>

#include "core/config.h"
#include "tests/core/test_dir.h"

namespace prefctl {
namespace {

const std::string kData = std::string(PREFCTL_SOURCE_DIR) + "/tests/envs/data/";
const std::string kCartpoleXml =
    std::string(PREFCTL_SOURCE_DIR) + "/envs/assets/cartpole.xml";

// Writes a task file whose model is cartpole.xml and returns the error that
// loading it raises ("" if none).
std::string LoadError(const TestDir& dir, const std::string& body,
                      const std::string& model = kCartpoleXml) {
  const std::string path = dir.File("task.yaml");
  std::ofstream(path) << "model: " << model << "\n" << body;
  try {
    Task task(path, "task");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

constexpr char kMinimalBody[] =
    "observation: [{type: qpos, joints: [slider]}]\n"
    "reward: {quantity: {type: qpos, joints: [slider]}}\n";

TEST(TaskTest, MissingMjcfNamesPathAndMujocoMessage) {
  TestDir dir;
  const std::string error = LoadError(dir, kMinimalBody, "/nonexistent/m.xml");
  EXPECT_NE(error.find("task.yaml:1: model"), std::string::npos) << error;
  EXPECT_NE(error.find("/nonexistent/m.xml"), std::string::npos) << error;
  EXPECT_NE(error.find("MuJoCo says"), std::string::npos) << error;
}

TEST(TaskTest, MalformedMjcfSurfacesMujocoMessage) {
  TestDir dir;
  const std::string error =
      LoadError(dir, kMinimalBody, kData + "malformed.xml");
  EXPECT_NE(error.find("malformed.xml"), std::string::npos) << error;
  // MuJoCo's XML parser reports the mismatched element.
  EXPECT_NE(error.find("MuJoCo says: XML parse error"), std::string::npos)
      << error;
}

TEST(TaskTest, UnknownSensorJointAndBodyListValidNames) {
  TestDir dir;
  std::string error = LoadError(dir,
                                "observation: [{type: sensor, name: nope}]\n"
                                "reward: {quantity: {type: control}}\n");
  EXPECT_NE(error.find("task.yaml:2: observation[0].name"), std::string::npos)
      << error;
  EXPECT_NE(error.find("sensor 'nope'"), std::string::npos) << error;

  error = LoadError(dir,
                    "observation: [{type: qpos, joints: [elbow]}]\n"
                    "reward: {quantity: {type: control}}\n");
  EXPECT_NE(error.find("observation[0].joints"), std::string::npos) << error;
  EXPECT_NE(error.find("its joints: slider, hinge_1"), std::string::npos)
      << error;

  error = LoadError(dir,
                    "observation: [{type: qpos, joints: [slider]}]\n"
                    "reward: {quantity: {type: body_pos, body: head}}\n");
  EXPECT_NE(error.find("reward.quantity.body"), std::string::npos) << error;
  EXPECT_NE(error.find("its bodies: world, cart, pole_1"), std::string::npos)
      << error;
}

TEST(TaskTest, BadKeysAndChoicesAreNamed) {
  TestDir dir;
  std::string error =
      LoadError(dir, std::string(kMinimalBody) + "episode_lenght: 5\n");
  EXPECT_NE(error.find("episode_lenght is not a known key"), std::string::npos)
      << error;
  error = LoadError(dir,
                    "observation: [{type: qpos, joints: [slider]}]\n"
                    "reward: {quantity: {type: control}, tolerance: "
                    "{sigmoid: smooth}}\n");
  EXPECT_NE(error.find("'gaussian', 'hyperbolic'"), std::string::npos) << error;
  error =
      LoadError(dir, std::string(kMinimalBody) + "control_timestep: 0.015\n");
  EXPECT_NE(error.find("whole multiple"), std::string::npos) << error;
}

TEST(TaskTest, NonFiniteStateTruncatesAsDivergence) {
  Task task(kData + "terminating.yaml", "t");
  Rng rng(0);
  task.Reset(&rng);
  task.data()->qvel[1] = std::nan("");
  const double action = 0.0;
  const StepOutcome outcome = task.Step(&action);
  EXPECT_TRUE(outcome.diverged);
  EXPECT_TRUE(outcome.truncated);
  EXPECT_FALSE(outcome.terminated);
}

TEST(TaskTest, BadAccelerationWarningTruncates) {
  Task task(kData + "diverging.yaml", "diverging");
  Rng rng(0);
  task.Reset(&rng);
  const double action = 1.0;
  const StepOutcome outcome = task.Step(&action);
  EXPECT_TRUE(outcome.diverged);
  EXPECT_TRUE(outcome.truncated);
}

TEST(TaskTest, TerminationConditionEndsEpisode) {
  Task task(kData + "terminating.yaml", "t");
  Rng rng(0);
  task.Reset(&rng);
  const double push = 1.0;
  StepOutcome outcome;
  int steps = 0;
  while (!outcome.terminated && steps < 200) {
    outcome = task.Step(&push);
    ++steps;
  }
  EXPECT_TRUE(outcome.terminated);
  EXPECT_FALSE(outcome.truncated);
  EXPECT_GT(std::abs(task.data()->qpos[0]), 0.05);
}

TEST(TaskTest, ActionsAreClippedToControlRange) {
  Task task(kData + "terminating.yaml", "t");
  Rng rng(0);
  task.Reset(&rng);
  const double action = 7.0;
  task.Step(&action);
  EXPECT_EQ(task.data()->ctrl[0], 1.0);
}

TEST(TaskTest, StateRoundTripContinuesIdentically) {
  Task a(kData + "cartpole_user.yaml", "a"),
      b(kData + "cartpole_user.yaml", "b");
  Rng rng(3);
  a.Reset(&rng);
  double action = 0.7;
  for (int i = 0; i < 30; ++i) a.Step(&action);
  std::vector<double> state;
  a.SaveState(&state);
  b.LoadState(state.data());
  for (int i = 0; i < 30; ++i) {
    action = std::sin(i);
    const StepOutcome oa = a.Step(&action), ob = b.Step(&action);
    ASSERT_EQ(oa.reward, ob.reward);
  }
  float oa[5], ob[5];
  a.Observe(oa);
  b.Observe(ob);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(oa[i], ob[i]);
}

}  // namespace
}  // namespace prefctl
