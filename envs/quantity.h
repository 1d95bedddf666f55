// A measurement of the simulation state, declared in a task file and
// resolved against the model once, by name:
//
//   {type: qpos, joints: [slider]}             joint positions (1-dof joints)
//   {type: qvel, joints: [slider, hinge_1]}    joint velocities
//   {type: joint_cos_sin, joints: [hinge_1]}   cos and sin of hinge angles
//   {type: sensor, name: touch_toe}            a sensor's values
//   {type: sensor, name: vel, indices: [0]}    ... or some of them
//   {type: body_pos, body: torso, axes: [z], relative_to: foot}  frame origin
//   {type: body_com, body: torso, axes: [z], relative_to: foot}  mass centre
//   {type: body_xmat, bodies: [torso], components: [zz, xz]}
//   {type: body_offset, from: finger, to: target, axes: [x, y]}  to - from
//   {type: distance, from: finger, to: target, axes: [x, y]}     |to - from|
//   {type: control}                            all actuator controls
//
// Any quantity takes `transform: log1p` (e.g. for touch sensors). A name
// missing from the model is an error naming the key and the names there are.
#ifndef PREFCTL_ENVS_QUANTITY_H_
#define PREFCTL_ENVS_QUANTITY_H_

#include <mujoco/mujoco.h>

#include <string>
#include <vector>

#include "core/config.h"

namespace prefctl {

class Quantity {
 public:
  Quantity(const ConfigNode& node, const mjModel* model);

  int size() const { return size_; }
  // Writes size() values to `out`.
  void Evaluate(const mjModel* model, const mjData* data, double* out) const;

 private:
  enum class Type {
    kQpos,
    kQvel,
    kJointCosSin,
    kSensor,
    kBodyPos,
    kBodyCom,
    kBodyXmat,
    kBodyOffset,
    kDistance,
    kControl,
  };

  Type type_ = Type::kQpos;
  std::vector<int> ids_;         // joints, bodies or the sensor
  std::vector<int> components_;  // axes, xmat entries or sensor indices
  int reference_body_ = -1;      // relative_to / from
  bool log1p_ = false;
  int size_ = 0;
};

}  // namespace prefctl

#endif  // PREFCTL_ENVS_QUANTITY_H_
