#include "envs/reward_term.h"

#include <gtest/gtest.h>
#include <mujoco/mujoco.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <string>

#include "core/config.h"
#include "core/rng.h"
#include "envs/rewards.h"
#include "envs/task_registry.h"

namespace prefctl {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

int Id(const mjModel* model, mjtObj type, const char* name) {
  const int id = mj_name2id(model, type, name);
  EXPECT_GE(id, 0) << name;
  return id;
}

double Qpos(const mjModel* m, const mjData* d, const char* joint) {
  return d->qpos[m->jnt_qposadr[Id(m, mjOBJ_JOINT, joint)]];
}

double Qvel(const mjModel* m, const mjData* d, const char* joint) {
  return d->qvel[m->jnt_dofadr[Id(m, mjOBJ_JOINT, joint)]];
}

// A body's orientation component, as dm_control's named.data.xmat[body, c]
// with c = 3 * row + column.
double Xmat(const mjModel* m, const mjData* d, const char* body, int c) {
  return d->xmat[9 * Id(m, mjOBJ_BODY, body) + c];
}

double Sensor(const mjModel* m, const mjData* d, const char* name, int i) {
  return d->sensordata[m->sensor_adr[Id(m, mjOBJ_SENSOR, name)] + i];
}

double Distance(const double* a, const double* b, int axes) {
  double sum = 0.0;
  for (int i = 0; i < axes; ++i) sum += (a[i] - b[i]) * (a[i] - b[i]);
  return std::sqrt(sum);
}

double BodyDistance(const mjModel* m, const mjData* d, const char* from,
                    const char* to, int axes) {
  return Distance(d->xpos + 3 * Id(m, mjOBJ_BODY, from),
                  d->xpos + 3 * Id(m, mjOBJ_BODY, to), axes);
}

// dm_control's (4 + mean_i tolerance(u_i, margin=1, value_at_margin=0,
// sigmoid='quadratic')) / 5.
double SmallControl(const mjModel* m, const mjData* d) {
  double sum = 0.0;
  for (int i = 0; i < m->nu; ++i) {
    sum += Tolerance(d->ctrl[i], 0, 0, 1, Sigmoid::kQuadratic, 0);
  }
  return (4.0 + sum / m->nu) / 5.0;
}

double CartpoleReward(const mjModel* m, const mjData* d) {
  const double upright = (Xmat(m, d, "pole_1", 8) + 1) / 2;
  const double centered =
      (1 + Tolerance(Qpos(m, d, "slider"), 0, 0, 2, Sigmoid::kGaussian, 0.1)) /
      2;
  const double small_velocity =
      (1 + Tolerance(Qvel(m, d, "hinge_1"), 0, 0, 5, Sigmoid::kGaussian, 0.1)) /
      2;
  return upright * SmallControl(m, d) * small_velocity * centered;
}

double WalkerStandReward(const mjModel* m, const mjData* d) {
  const double height = d->xpos[3 * Id(m, mjOBJ_BODY, "torso") + 2];
  const double standing =
      Tolerance(height, 1.2, kInf, 0.6, Sigmoid::kGaussian, 0.1);
  const double upright = (1 + Xmat(m, d, "torso", 8)) / 2;
  return (3 * standing + upright) / 4;
}

double HopperStanding(const mjModel* m, const mjData* d) {
  const double height = d->xipos[3 * Id(m, mjOBJ_BODY, "torso") + 2] -
                        d->xipos[3 * Id(m, mjOBJ_BODY, "foot") + 2];
  return Tolerance(height, 0.6, 2, 0, Sigmoid::kGaussian, 0.1);
}

double ReacherReward(const mjModel* m, const mjData* d, double target_size) {
  constexpr double kFingerSize = 0.01;
  const double distance = BodyDistance(m, d, "finger", "target", 2);
  return Tolerance(distance, 0, target_size + kFingerSize, 0,
                   Sigmoid::kGaussian, 0.1);
}

using RewardFormula = std::function<double(const mjModel*, const mjData*)>;

// Each shipped task's reward written out as dm_control's suite computes it
// (cartpole.py, cheetah.py, hopper.py, pendulum.py, point_mass.py,
// reacher.py, walker.py), straight from mjData.
const std::map<std::string, RewardFormula>& DmControlRewards() {
  static const auto* formulas = new std::map<std::string, RewardFormula>{
      {"cartpole-balance", CartpoleReward},
      {"cartpole-swingup", CartpoleReward},
      {"cheetah-run",
       [](const mjModel* m, const mjData* d) {
         return Tolerance(Sensor(m, d, "torso_subtreelinvel", 0), 10, kInf, 10,
                          Sigmoid::kLinear, 0);
       }},
      {"hopper-hop",
       [](const mjModel* m, const mjData* d) {
         return HopperStanding(m, d) *
                Tolerance(Sensor(m, d, "torso_subtreelinvel", 0), 2, kInf, 1,
                          Sigmoid::kLinear, 0.5);
       }},
      {"hopper-stand",
       [](const mjModel* m, const mjData* d) {
         return HopperStanding(m, d) * SmallControl(m, d);
       }},
      {"pendulum-swingup",
       [](const mjModel* m, const mjData* d) {
         return Tolerance(Xmat(m, d, "pole", 8), std::cos(8 * M_PI / 180), 1, 0,
                          Sigmoid::kGaussian, 0.1);
       }},
      {"point-mass",
       [](const mjModel* m, const mjData* d) {
         const double distance = BodyDistance(m, d, "pointmass", "target", 3);
         return Tolerance(distance, 0, 0.015, 0.015, Sigmoid::kGaussian, 0.1) *
                SmallControl(m, d);
       }},
      {"reacher-easy",
       [](const mjModel* m, const mjData* d) {
         return ReacherReward(m, d, 0.05);
       }},
      {"reacher-hard",
       [](const mjModel* m, const mjData* d) {
         return ReacherReward(m, d, 0.015);
       }},
      {"walker-stand", WalkerStandReward},
      {"walker-walk",
       [](const mjModel* m, const mjData* d) {
         const double move = Tolerance(Sensor(m, d, "torso_subtreelinvel", 0),
                                       1, kInf, 0.5, Sigmoid::kLinear, 0.5);
         return WalkerStandReward(m, d) * (5 * move + 1) / 6;
       }},
  };
  return *formulas;
}

void SetQpos(const mjModel* m, mjData* d, const char* joint, double value) {
  d->qpos[m->jnt_qposadr[Id(m, mjOBJ_JOINT, joint)]] = value;
}

// Random states around the model's reference pose, with the reacher's
// target near its finger and the point mass near its target (the origin), so
// that both sides of their sparse rewards are visited.
void RandomizeState(const mjModel* m, mjData* d, Rng* rng) {
  for (int i = 0; i < m->nq; ++i) {
    d->qpos[i] = m->qpos0[i] + rng->Uniform(-0.6, 0.6);
  }
  for (int i = 0; i < m->nv; ++i) d->qvel[i] = rng->Uniform(-4.0, 4.0);
  for (int i = 0; i < m->nu; ++i) {
    d->ctrl[i] = rng->Uniform(m->actuator_ctrlrange[2 * i],
                              m->actuator_ctrlrange[2 * i + 1]);
  }
  if (mj_name2id(m, mjOBJ_BODY, "finger") >= 0) {
    mj_kinematics(m, d);
    const double* finger = d->xpos + 3 * Id(m, mjOBJ_BODY, "finger");
    SetQpos(m, d, "target_x", finger[0] + rng->Uniform(-0.08, 0.08));
    SetQpos(m, d, "target_y", finger[1] + rng->Uniform(-0.08, 0.08));
  }
  if (mj_name2id(m, mjOBJ_BODY, "pointmass") >= 0) {
    SetQpos(m, d, "root_x", rng->Uniform(-0.04, 0.04));
    SetQpos(m, d, "root_y", rng->Uniform(-0.04, 0.04));
  }
  mj_forward(m, d);
}

TEST(RewardTermTest, ShippedRewardsMatchDmControlFormulas) {
  for (const std::string& name : TaskNames()) {
    SCOPED_TRACE(name);
    const auto formula = DmControlRewards().find(name);
    ASSERT_NE(formula, DmControlRewards().end()) << "no formula for " << name;
    const std::unique_ptr<Task> task = MakeTask(name);
    Rng rng(5);
    double lowest = kInf, highest = -kInf;
    for (int sample = 0; sample < 200; ++sample) {
      RandomizeState(task->model(), task->data(), &rng);
      const double expected = formula->second(task->model(), task->data());
      ASSERT_NEAR(task->Reward(), expected, 1e-12) << "sample " << sample;
      lowest = std::min(lowest, expected);
      highest = std::max(highest, expected);
    }
    // The states reach more than one reward level, so the comparison tests
    // the formula rather than a constant.
    EXPECT_LT(lowest, highest);
  }
}

class RewardTermGroupTest : public ::testing::Test {
 protected:
  // The cartpole's slider at 0.3 and hinge at -0.5.
  void SetUp() override {
    task_ = MakeTask("cartpole-swingup");
    mjData* d = task_->data();
    d->qpos[m()->jnt_qposadr[Id(m(), mjOBJ_JOINT, "slider")]] = 0.3;
    d->qpos[m()->jnt_qposadr[Id(m(), mjOBJ_JOINT, "hinge_1")]] = -0.5;
    mj_forward(m(), d);
  }
  const mjModel* m() const { return task_->model(); }
  double Evaluate(const std::string& yaml) const {
    const RewardTerm term(ConfigNode::LoadString(yaml, "reward"), m());
    return term.Evaluate(m(), task_->data());
  }
  std::unique_ptr<Task> task_;
};

// The two leaves: the slider, 0.3, and 1 + 2 * hinge = 0.
std::string Group(const std::string& combine, const std::string& extra = "") {
  return "{combine: " + combine + extra +
         ", terms: [{quantity: {type: qpos, joints: [slider]}, weight: 3},"
         " {quantity: {type: qpos, joints: [hinge_1]}, offset: 1, scale: 2}]}";
}

TEST_F(RewardTermGroupTest, GroupsCombineTheirWeightedChildren) {
  EXPECT_NEAR(Evaluate(Group("product")), 0.0, 1e-12);
  EXPECT_NEAR(Evaluate(Group("sum")), 3 * 0.3 + 0.0, 1e-12);
  EXPECT_NEAR(Evaluate(Group("mean")), (3 * 0.3 + 0.0) / 4, 1e-12);
  EXPECT_NEAR(Evaluate(Group("min")), 0.0, 1e-12);
  EXPECT_NEAR(Evaluate(Group("max")), 0.3, 1e-12);
  // A group's own offset and scale apply to the combined value.
  EXPECT_NEAR(Evaluate(Group("max", ", offset: 1, scale: -2")), 1 - 2 * 0.3,
              1e-12);
}

TEST_F(RewardTermGroupTest, LeavesReduceTheElementsOfTheirQuantity) {
  const std::string leaf =
      "{quantity: {type: qpos, joints: [slider, hinge_1]}, reduce: ";
  EXPECT_NEAR(Evaluate(leaf + "mean}"), (0.3 - 0.5) / 2, 1e-12);
  EXPECT_NEAR(Evaluate(leaf + "sum}"), 0.3 - 0.5, 1e-12);
  EXPECT_NEAR(Evaluate(leaf + "product}"), 0.3 * -0.5, 1e-12);
  EXPECT_NEAR(Evaluate(leaf + "min}"), -0.5, 1e-12);
  EXPECT_NEAR(Evaluate(leaf + "max}"), 0.3, 1e-12);
  // Shaped by the tolerance before reducing: |0.3| is inside [-0.4, 0.4],
  // |-0.5| is 0.1 past it with margin 0.1, where the gaussian gives 0.1.
  EXPECT_NEAR(Evaluate(leaf + "min, tolerance: {bounds: [-0.4, 0.4], "
                              "margin: 0.1}}"),
              0.1, 1e-12);
}

TEST_F(RewardTermGroupTest, BadTermsAreNamedWithTheChoices) {
  auto error_of = [&](const std::string& yaml) -> std::string {
    try {
      Evaluate(yaml);
    } catch (const std::exception& error) {
      return error.what();
    }
    return "no error";
  };
  std::string error = error_of(Group("median"));
  EXPECT_NE(error.find("combine"), std::string::npos) << error;
  EXPECT_NE(error.find("'product', 'sum', 'mean', 'min'"), std::string::npos)
      << error;
  error = error_of("{offset: 1}");
  EXPECT_NE(error.find("either `terms`"), std::string::npos) << error;
  error = error_of("{combine: sum, terms: []}");
  EXPECT_NE(error.find("at least one term"), std::string::npos) << error;
}

}  // namespace
}  // namespace prefctl
