#include "envs/task.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <stdexcept>
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

// An action repeat of k steps as k single steps with the same action would,
// and its reward is theirs summed.
TEST(TaskTest, ActionRepeatHoldsTheActionAndSumsRewards) {
  Task single(kData + "cartpole_user.yaml", "single"),
      repeated(kData + "cartpole_user.yaml", "repeated");
  repeated.set_action_repeat(4);
  Rng rng_single(5), rng_repeated(5);
  single.Reset(&rng_single);
  repeated.Reset(&rng_repeated);
  for (int i = 0; i < 10; ++i) {
    const double action = std::sin(i);
    double reward = 0.0;
    for (int k = 0; k < 4; ++k) reward += single.Step(&action).reward;
    const StepOutcome outcome = repeated.Step(&action);
    EXPECT_EQ(outcome.control_steps, 4);
    ASSERT_EQ(outcome.reward, reward) << "step " << i;
  }
  EXPECT_EQ(repeated.step_count(), 40);
  EXPECT_DOUBLE_EQ(repeated.action_period(), 4 * repeated.control_timestep());
  float a[5], b[5];
  single.Observe(a);
  repeated.Observe(b);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(a[i], b[i]);
}

// The episode keeps its length in control steps: the last repeat is cut
// short where the length is not a multiple of it.
TEST(TaskTest, ActionRepeatEndsAtTheEpisodeLength) {
  Task task(kData + "cartpole_user.yaml", "t");
  task.set_action_repeat(3);
  Rng rng(0);
  task.Reset(&rng);
  const double action = 0.0;
  StepOutcome outcome;
  int steps = 0;
  while (!outcome.truncated && !outcome.terminated) {
    outcome = task.Step(&action);
    ++steps;
  }
  EXPECT_EQ(steps, 334);                // 333 x 3 + 1 = 1000
  EXPECT_EQ(outcome.control_steps, 1);  // the one left over
  EXPECT_EQ(task.step_count(), 1000);
}

TEST(TaskTest, ActionRepeatBelowOneIsAnError) {
  Task task(kData + "cartpole_user.yaml", "cartpole_user");
  try {
    task.set_action_repeat(0);
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("cartpole_user"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("at least 1"), std::string::npos)
        << e.what();
  }
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
