#include "envs/quantity.h"

#include <gtest/gtest.h>
#include <mujoco/mujoco.h>

#include <string>

#include "core/config.h"

namespace prefctl {
namespace {

struct LoadedModel {
  explicit LoadedModel(const std::string& file) {
    char error[512] = "";
    const std::string path =
        std::string(PREFCTL_SOURCE_DIR) + "/envs/assets/" + file;
    model = mj_loadXML(path.c_str(), nullptr, error, sizeof(error));
    data = model ? mj_makeData(model) : nullptr;
  }
  ~LoadedModel() {
    mj_deleteData(data);
    mj_deleteModel(model);
  }
  mjModel* model = nullptr;
  mjData* data = nullptr;
};

double Evaluate(const std::string& yaml, const LoadedModel& loaded) {
  const Quantity quantity(ConfigNode::LoadString(yaml, "quantity"),
                          loaded.model);
  EXPECT_EQ(quantity.size(), 1);
  double value = 0.0;
  quantity.Evaluate(loaded.model, loaded.data, &value);
  return value;
}

// dm_control's hopper measures its height between the torso's and the foot's
// mass centres, not their frames; in the hopper's rest pose the two differ
// by the torso's mass centre sitting above its frame.
TEST(QuantityTest, BodyComReadsMassCentresWhereBodyPosReadsFrames) {
  const LoadedModel hopper("hopper.xml");
  ASSERT_NE(hopper.model, nullptr);
  mj_forward(hopper.model, hopper.data);
  const int torso = mj_name2id(hopper.model, mjOBJ_BODY, "torso");
  const int foot = mj_name2id(hopper.model, mjOBJ_BODY, "foot");
  const double frames = Evaluate(
      "{type: body_pos, body: torso, relative_to: foot, axes: [z]}", hopper);
  const double centres = Evaluate(
      "{type: body_com, body: torso, relative_to: foot, axes: [z]}", hopper);
  EXPECT_DOUBLE_EQ(frames, hopper.data->xpos[3 * torso + 2] -
                               hopper.data->xpos[3 * foot + 2]);
  EXPECT_DOUBLE_EQ(centres, hopper.data->xipos[3 * torso + 2] -
                                hopper.data->xipos[3 * foot + 2]);
  EXPECT_GT(centres - frames, 0.05);
}

}  // namespace
}  // namespace prefctl
