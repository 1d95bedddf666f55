#include "viewer/scene_view.h"

namespace prefctl {
namespace {

constexpr int kMaxGeoms = 2000;
// Scroll zoom per wheel click, as a fraction of the viewport height (the
// factor MuJoCo's simulate sample uses).
constexpr double kScrollZoom = -0.05;

}  // namespace

int MainBody(const mjModel* model) {
  const int torso = mj_name2id(model, mjOBJ_BODY, "torso");
  if (torso > 0) return torso;
  return model->nbody > 1 ? 1 : 0;
}

SceneView::SceneView(const mjModel* model)
    : model_(model), tracked_body_(MainBody(model)) {
  mjv_defaultScene(&scene_);
  mjv_makeScene(model, &scene_, kMaxGeoms);
  mjv_defaultOption(&option_);
  ResetCamera();
}

SceneView::~SceneView() { mjv_freeScene(&scene_); }

void SceneView::ResetCamera() {
  mjv_defaultFreeCamera(model_, &camera_);
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
