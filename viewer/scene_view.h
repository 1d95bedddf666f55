// The 3D view of a task: MuJoCo's abstract scene, a free or tracking camera
// and mouse navigation as in MuJoCo's `simulate` sample (left drag rotates,
// right drag moves, middle drag or scroll zooms, with simulate's direction;
// shift switches the drag to the horizontal variant).
#ifndef PREFCTL_VIEWER_SCENE_VIEW_H_
#define PREFCTL_VIEWER_SCENE_VIEW_H_

#include <mujoco/mujoco.h>

namespace prefctl {

// One frame's mouse state over the scene, in pixels.
struct MouseInput {
  double dx = 0.0, dy = 0.0;  // Cursor motion since the last frame.
  bool left = false, right = false, middle = false;
  bool shift = false;
  double scroll = 0.0;  // Wheel clicks (GLFW's y offset).
};

class SceneView {
 public:
  enum class CameraMode { kFree, kTracking };

  // `data` (after mj_forward) places the initial camera.
  SceneView(const mjModel* model, const mjData* data);
  ~SceneView();
  SceneView(const SceneView&) = delete;
  SceneView& operator=(const SceneView&) = delete;

  void SetCameraMode(CameraMode mode);
  CameraMode camera_mode() const { return mode_; }
  int tracked_body() const { return tracked_body_; }
  void set_tracked_body(int body) {
    tracked_body_ = body;
    SetCameraMode(mode_);
  }
  // Back to the initial view of the bodies in `data`: centred on them, far
  // enough to see them all. MuJoCo's default free camera frames the model's
  // extent, which a long floor makes tens of metres (cheetah: 119 m).
  void ResetCamera(const mjData* data);

  // Puts the tracking camera's look-at point on the tracked body now;
  // MuJoCo's tracking camera otherwise eases towards it over several frames,
  // which a single headless frame would catch half way.
  void SnapToTrackedBody(const mjData* data);

  // Moves the camera by one frame of mouse input over a viewport
  // `viewport_height` pixels high.
  void Navigate(const MouseInput& mouse, int viewport_height);

  void Render(mjData* data, const mjrRect& viewport, const mjrContext* context);

  const mjvCamera& camera() const { return camera_; }

 private:
  const mjModel* model_;
  mjvScene scene_;
  mjvCamera camera_;
  mjvOption option_;
  CameraMode mode_ = CameraMode::kFree;
  int tracked_body_ = 1;
};

// The body a tracking camera follows: "torso" when the model has one, else
// the first body below the world.
int MainBody(const mjModel* model);

}  // namespace prefctl

#endif  // PREFCTL_VIEWER_SCENE_VIEW_H_
