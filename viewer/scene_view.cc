#include "viewer/scene_view.h"

#include <algorithm>
#include <cmath>

namespace prefctl {
namespace {

constexpr int kMaxGeoms = 2000;
// Scroll zoom per wheel click, as a fraction of the viewport height (the
// factor MuJoCo's simulate sample uses).
constexpr double kScrollZoom = -0.05;
// Camera distance per unit of the bodies' half diagonal: all of them in view
// with room to move.
constexpr double kDistancePerExtent = 2.5;

}  // namespace

int MainBody(const mjModel* model) {
  const int torso = mj_name2id(model, mjOBJ_BODY, "torso");
  if (torso > 0) return torso;
  return model->nbody > 1 ? 1 : 0;
}

SceneView::SceneView(const mjModel* model, const mjData* data)
    : model_(model), tracked_body_(MainBody(model)) {
  mjv_defaultScene(&scene_);
  mjv_makeScene(model, &scene_, kMaxGeoms);
  mjv_defaultOption(&option_);
  ResetCamera(data);
}

SceneView::~SceneView() { mjv_freeScene(&scene_); }

void SceneView::ResetCamera(const mjData* data) {
  mjv_defaultFreeCamera(model_, &camera_);
  // Bounding box of every geom but planes (floors are the long ones).
  mjtNum low[3] = {mjMAXVAL, mjMAXVAL, mjMAXVAL};
  mjtNum high[3] = {-mjMAXVAL, -mjMAXVAL, -mjMAXVAL};
  bool any = false;
  for (int i = 0; i < model_->ngeom; ++i) {
    if (model_->geom_type[i] == mjGEOM_PLANE) continue;
    any = true;
    for (int k = 0; k < 3; ++k) {
      low[k] =
          std::min(low[k], data->geom_xpos[3 * i + k] - model_->geom_rbound[i]);
      high[k] = std::max(high[k],
                         data->geom_xpos[3 * i + k] + model_->geom_rbound[i]);
    }
  }
  if (any) {
    mjtNum half_diagonal = 0.0;
    for (int k = 0; k < 3; ++k) {
      camera_.lookat[k] = (low[k] + high[k]) / 2;
      half_diagonal += (high[k] - low[k]) * (high[k] - low[k]) / 4;
    }
    camera_.distance = kDistancePerExtent * std::sqrt(half_diagonal);
  }
  SetCameraMode(mode_);
}

void SceneView::SetCameraMode(CameraMode mode) {
  mode_ = mode;
  if (mode == CameraMode::kTracking) {
    camera_.type = mjCAMERA_TRACKING;
    camera_.trackbodyid = tracked_body_;
  } else {
    camera_.type = mjCAMERA_FREE;
    camera_.trackbodyid = -1;
  }
}

void SceneView::SnapToTrackedBody(const mjData* data) {
  if (mode_ != CameraMode::kTracking) return;
  for (int k = 0; k < 3; ++k) {
    camera_.lookat[k] = data->subtree_com[3 * tracked_body_ + k];
  }
}

void SceneView::Navigate(const MouseInput& mouse, int viewport_height) {
  if (viewport_height <= 0) return;
  const double height = viewport_height;
  if (mouse.left || mouse.right || mouse.middle) {
    int action = mjMOUSE_ZOOM;
    if (mouse.right) {
      action = mouse.shift ? mjMOUSE_MOVE_H : mjMOUSE_MOVE_V;
    } else if (mouse.left) {
      action = mouse.shift ? mjMOUSE_ROTATE_H : mjMOUSE_ROTATE_V;
    }
    // Both axes are scaled by the height so motion is isotropic.
    if (mouse.dx != 0.0 || mouse.dy != 0.0) {
      mjv_moveCamera(model_, action, mouse.dx / height, mouse.dy / height,
                     &scene_, &camera_);
    }
  }
  if (mouse.scroll != 0.0) {
    mjv_moveCamera(model_, mjMOUSE_ZOOM, 0.0, kScrollZoom * mouse.scroll,
                   &scene_, &camera_);
  }
}

void SceneView::Render(mjData* data, const mjrRect& viewport,
                       const mjrContext* context) {
  mjv_updateScene(model_, data, &option_, nullptr, &camera_, mjCAT_ALL,
                  &scene_);
  mjr_render(viewport, &scene_, context);
}

}  // namespace prefctl
