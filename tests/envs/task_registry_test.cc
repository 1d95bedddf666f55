#include "envs/task_registry.h"

#include <gtest/gtest.h>
#include <mujoco/mujoco.h>

#include <algorithm>
#include <cmath>

#include "core/config.h"
#include "core/rng.h"

namespace prefctl {
namespace {

TEST(TaskRegistryTest, ShipsTheSuite) {
  const std::vector<std::string> names = TaskNames();
  for (const char* expected :
       {"pendulum-swingup", "cartpole-balance", "cartpole-swingup",
        "reacher-easy", "reacher-hard", "point-mass", "cheetah-run",
        "walker-stand", "walker-walk", "hopper-stand", "hopper-hop"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end())
        << expected;
  }
}

// MuJoCo MPC style smoke test: every registered task steps 1000 random
// actions with finite observations and rewards in [0, 1].
TEST(TaskRegistryTest, EveryTaskStepsRandomActions) {
  for (const std::string& name : TaskNames()) {
    SCOPED_TRACE(name);
    const std::unique_ptr<Task> task = MakeTask(name);
    Rng rng(11);
    task->Reset(&rng);
    std::vector<double> action(task->action_size());
    std::vector<float> observation(task->observation_size());
    for (int step = 0; step < 1000; ++step) {
      for (double& a : action) a = rng.Uniform(-1.0, 1.0);
      const StepOutcome outcome = task->Step(action.data());
      ASSERT_FALSE(outcome.diverged) << "step " << step;
      ASSERT_GE(outcome.reward, 0.0);
      ASSERT_LE(outcome.reward, 1.0);
      task->Observe(observation.data());
      for (float v : observation) ASSERT_TRUE(std::isfinite(v));
      if (outcome.terminated || outcome.truncated) task->Reset(&rng);
    }
  }
}

TEST(TaskRegistryTest, TimingMatchesDmControl) {
  EXPECT_DOUBLE_EQ(MakeTask("cartpole-swingup")->control_timestep(), 0.01);
  EXPECT_DOUBLE_EQ(MakeTask("walker-walk")->control_timestep(), 0.025);
  EXPECT_EQ(MakeTask("walker-walk")->physics_substeps(), 10);
  EXPECT_EQ(MakeTask("hopper-hop")->physics_substeps(), 4);
  EXPECT_EQ(MakeTask("cheetah-run")->episode_length(), 1000);
}

// dm_control's cheetah rescales its capsules to 14 kg and drives the front
// thigh with gear 90; at MuJoCo's default density the body weighs 21.2 kg, too
// heavy to reach dm_control's speeds with the same motors.
TEST(TaskRegistryTest, CheetahPhysicsMatchesDmControl) {
  const std::unique_ptr<Task> cheetah = MakeTask("cheetah-run");
  const mjModel* model = cheetah->model();
  EXPECT_NEAR(mj_getTotalmass(model), 14.0, 1e-9);
  const int front_thigh = mj_name2id(model, mjOBJ_ACTUATOR, "fthigh");
  ASSERT_GE(front_thigh, 0);
  EXPECT_DOUBLE_EQ(model->actuator_gear[6 * front_thigh], 90.0);
}

TEST(TaskRegistryTest, UnknownNameListsKnownTasks) {
  try {
    MakeTask("cartpole-swingpu");
    FAIL();
  } catch (const ConfigError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("unknown task 'cartpole-swingpu'"),
              std::string::npos);
    EXPECT_NE(message.find("cartpole-swingup"), std::string::npos) << message;
    EXPECT_NE(message.find("walker-walk"), std::string::npos) << message;
  }
  EXPECT_THROW(MakeTask("/nonexistent/task.yaml"), ConfigError);
}

}  // namespace
}  // namespace prefctl
