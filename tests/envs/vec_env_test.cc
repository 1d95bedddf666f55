#include "envs/vec_env.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "envs/task_registry.h"
#include "tests/core/allocation_counter.h"

namespace prefctl {
namespace {

const std::string kData = std::string(PREFCTL_SOURCE_DIR) + "/tests/envs/data/";

// Deterministic pseudo-random actions for step `step`.
std::vector<float> Actions(int step, int count) {
  std::vector<float> actions(count);
  for (int i = 0; i < count; ++i) {
    actions[i] = static_cast<float>(std::sin(0.37 * step + 1.3 * i));
  }
  return actions;
}

struct Trajectory {
  std::vector<float> observations, rewards, final_observations;
  std::vector<uint8_t> dones;
};

Trajectory Roll(VecEnv& env, int steps) {
  Trajectory t;
  const int n = env.num_envs();
  for (int step = 0; step < steps; ++step) {
    env.Step(Actions(step, n * env.action_size()).data());
    t.observations.insert(t.observations.end(), env.observations(),
                          env.observations() + n * env.observation_size());
    t.final_observations.insert(
        t.final_observations.end(), env.final_observations(),
        env.final_observations() + n * env.observation_size());
    t.rewards.insert(t.rewards.end(), env.rewards(), env.rewards() + n);
    for (int i = 0; i < n; ++i)
      t.dones.push_back(env.terminated()[i] | env.truncated()[i] << 1);
  }
  return t;
}

void ExpectIdentical(const Trajectory& a, const Trajectory& b) {
  // Bit-identical: compare with ==, not a tolerance.
  for (size_t i = 0; i < a.observations.size(); ++i) {
    ASSERT_EQ(a.observations[i], b.observations[i]) << "at " << i;
  }
  ASSERT_EQ(a.final_observations, b.final_observations);
  ASSERT_EQ(a.rewards, b.rewards);
  ASSERT_EQ(a.dones, b.dones);
}

TEST(VecEnvTest, SameSeedIsBitIdentical) {
  VecEnv a("walker-walk", 3, 1, 42), b("walker-walk", 3, 1, 42);
  ExpectIdentical(Roll(a, 200), Roll(b, 200));
  VecEnv c("walker-walk", 3, 1, 43);
  EXPECT_NE(Roll(c, 5).observations, Roll(b, 5).observations);
}

TEST(VecEnvTest, ThreadCountDoesNotChangeResults) {
  // Short episodes so that auto-reset happens inside the window.
  VecEnv one(kData + "terminating.yaml", 5, 1, 7);
  VecEnv two(kData + "terminating.yaml", 5, 2, 7);
  ExpectIdentical(Roll(one, 300), Roll(two, 300));
}

TEST(VecEnvTest, MatchesSteppingTasksOneByOne) {
  const int n = 3, steps = 300;
  VecEnv env(kData + "terminating.yaml", n, 2, 9);
  const Trajectory batched = Roll(env, steps);
  int resets = 0;
  for (int i = 0; i < n; ++i) {
    const std::unique_ptr<Task> task = MakeTask(kData + "terminating.yaml");
    Rng rng = Rng::Stream(9, i);
    task->Reset(&rng);
    float observation[1];
    for (int step = 0; step < steps; ++step) {
      const std::vector<float> all = Actions(step, n);
      const double action = all[i];
      const StepOutcome outcome = task->Step(&action);
      ASSERT_EQ(static_cast<float>(outcome.reward),
                batched.rewards[step * n + i]);
      task->Observe(observation);
      ASSERT_EQ(observation[0], batched.final_observations[step * n + i]);
      if (outcome.terminated || outcome.truncated) {
        ++resets;
        task->Reset(&rng);
        task->Observe(observation);
      }
      ASSERT_EQ(observation[0], batched.observations[step * n + i]);
    }
  }
  EXPECT_GT(resets, 0);  // The comparison covered auto-resets.
}

TEST(VecEnvTest, ActionRepeatCountsItsControlSteps) {
  VecEnv single("cartpole-swingup", 3, 1, 9),
      repeated("cartpole-swingup", 3, 1, 9, /*action_repeat=*/2);
  std::vector<float> rewards(3, 0.0f);
  const std::vector<float> actions = Actions(0, 3);
  for (int k = 0; k < 2; ++k) {
    single.Step(actions.data());
    for (int i = 0; i < 3; ++i) rewards[i] += single.rewards()[i];
  }
  repeated.Step(actions.data());
  EXPECT_EQ(single.last_control_steps(), 3);
  EXPECT_EQ(repeated.last_control_steps(), 6);
  for (int i = 0; i < 3; ++i) {
    // Summed in double inside the task, in float here.
    EXPECT_NEAR(repeated.rewards()[i], rewards[i], 1e-6) << i;
  }
  for (int i = 0; i < 3 * single.observation_size(); ++i) {
    ASSERT_EQ(repeated.observations()[i], single.observations()[i]) << i;
  }
}

TEST(VecEnvTest, UserTaskFileEqualsBuiltInTask) {
  VecEnv builtin("cartpole-swingup", 2, 1, 5);
  VecEnv user(kData + "cartpole_user.yaml", 2, 1, 5);
  ExpectIdentical(Roll(builtin, 300), Roll(user, 300));
}

TEST(VecEnvTest, TruncationKeepsTrueFinalObservation) {
  VecEnv env(kData + "diverging.yaml", 1, 1, 0);
  // Zero actions: no divergence; the 100-step time limit truncates.
  const std::vector<float> zero(1, 0.0f);
  for (int i = 0; i < 99; ++i) env.Step(zero.data());
  EXPECT_FALSE(env.truncated()[0]);
  env.Step(zero.data());
  EXPECT_TRUE(env.truncated()[0]);
  EXPECT_FALSE(env.terminated()[0]);
}

TEST(VecEnvTest, DivergenceIsCountedNotThrown) {
  VecEnv env(kData + "diverging.yaml", 4, 2, 0);
  const std::vector<float> push(4, 1.0f);
  env.Step(push.data());
  EXPECT_EQ(env.divergences(), 4);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(env.truncated()[i]);
  const std::vector<float> zero(4, 0.0f);
  env.Step(zero.data());  // Reset environments step on normally.
  EXPECT_EQ(env.divergences(), 4);
}

TEST(VecEnvTest, WrongActionSizeIsAnError) {
  VecEnv env("cheetah-run", 2, 1, 0);
  const std::vector<float> actions(5, 0.0f);
  try {
    env.Step(actions.data(), actions.size());
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(
        std::string(e.what()).find("needs 2 environments x 6 actions = 12"),
        std::string::npos)
        << e.what();
  }
}

TEST(VecEnvTest, NanActionIsAnErrorNamingTheEnvironment) {
  VecEnv env("cartpole-balance", 3, 1, 0);
  std::vector<float> actions(3, 0.0f);
  actions[2] = std::nanf("");
  try {
    env.Step(actions.data());
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("of environment 2"), std::string::npos)
        << e.what();
  }
}

TEST(VecEnvTest, SteppingAllocatesNothing) {
  VecEnv env("walker-walk", 4, 2, 0);
  const std::vector<float> actions = Actions(0, 4 * env.action_size());
  env.Step(actions.data());  // Warm up.
  const long before = AllocationCount();
  for (int i = 0; i < 1100; ++i) env.Step(actions.data());  // Crosses a reset.
  EXPECT_EQ(AllocationCount() - before, 0);
}

TEST(VecEnvTest, SavedStateResumesBitIdentically) {
  VecEnv a("hopper-hop", 2, 1, 3);
  Roll(a, 50);
  const std::vector<double> state = a.SaveState();
  VecEnv b("hopper-hop", 2, 1, 99);
  b.LoadState(state);
  ExpectIdentical(Roll(a, 1100), Roll(b, 1100));
  EXPECT_THROW(b.LoadState({1.0, 2.0}), std::exception);
}

}  // namespace
}  // namespace prefctl
