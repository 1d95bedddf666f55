#include "envs/quantity.h"

#include <gtest/gtest.h>
#include <mujoco/mujoco.h>

#include <memory>
#include <string>

#include "core/config.h"
#include "envs/task_registry.h"

namespace prefctl {
namespace {

double Evaluate(const std::string& yaml, const Task& task) {
  const Quantity quantity(ConfigNode::LoadString(yaml, "quantity"),
                          task.model());
  EXPECT_EQ(quantity.size(), 1);
  double value = 0.0;
  quantity.Evaluate(task.model(), task.data(), &value);
  return value;
}

// dm_control's hopper measures its height between the torso's and the foot's
// mass centres, not their frames; in the hopper's rest pose the two differ
// by the torso's mass centre sitting above its frame.
TEST(QuantityTest, BodyComReadsMassCentresWhereBodyPosReadsFrames) {
  const std::unique_ptr<Task> hopper = MakeTask("hopper-stand");
  const mjModel* model = hopper->model();
  mjData* data = hopper->data();
  mj_resetData(model, data);
  mj_forward(model, data);
  const int torso = mj_name2id(model, mjOBJ_BODY, "torso");
  const int foot = mj_name2id(model, mjOBJ_BODY, "foot");
  const double frames = Evaluate(
      "{type: body_pos, body: torso, relative_to: foot, axes: [z]}", *hopper);
  const double centres = Evaluate(
      "{type: body_com, body: torso, relative_to: foot, axes: [z]}", *hopper);
  EXPECT_DOUBLE_EQ(frames,
                   data->xpos[3 * torso + 2] - data->xpos[3 * foot + 2]);
  EXPECT_DOUBLE_EQ(centres,
                   data->xipos[3 * torso + 2] - data->xipos[3 * foot + 2]);
  EXPECT_GT(centres - frames, 0.05);
}

}  // namespace
}  // namespace prefctl
