#include "viewer/scene_view.h"

#include <gtest/gtest.h>

#include "envs/task_registry.h"

namespace prefctl {
namespace {

TEST(SceneViewTest, TracksTheMainBody) {
  auto cartpole = MakeTask("cartpole-swingup");
  EXPECT_EQ(MainBody(cartpole->model()), 1);
  auto cheetah = MakeTask("cheetah-run");
  EXPECT_EQ(MainBody(cheetah->model()),
            mj_name2id(cheetah->model(), mjOBJ_BODY, "torso"));

  SceneView view(cheetah->model(), cheetah->data());
  EXPECT_EQ(view.camera().type, mjCAMERA_FREE);
  view.SetCameraMode(SceneView::CameraMode::kTracking);
  EXPECT_EQ(view.camera().type, mjCAMERA_TRACKING);
  EXPECT_EQ(view.camera().trackbodyid, MainBody(cheetah->model()));
  view.SetCameraMode(SceneView::CameraMode::kFree);
  EXPECT_EQ(view.camera().type, mjCAMERA_FREE);
}

TEST(SceneViewTest, MouseRotatesAndZoomsLikeSimulate) {
  auto task = MakeTask("cartpole-swingup");
  SceneView view(task->model(), task->data());
  const mjvCamera start = view.camera();

  MouseInput hover;  // Motion without a button does nothing.
  hover.dx = 40;
  view.Navigate(hover, 600);
  EXPECT_EQ(view.camera().azimuth, start.azimuth);

  MouseInput rotate;
  rotate.left = true;
  rotate.dx = 60;
  view.Navigate(rotate, 600);
  EXPECT_NE(view.camera().azimuth, start.azimuth);
  EXPECT_EQ(view.camera().distance, start.distance);

  MouseInput scroll;
  scroll.scroll = -2;  // Towards the user: closer, as in simulate.
  view.Navigate(scroll, 600);
  EXPECT_LT(view.camera().distance, start.distance);
  const double closer = view.camera().distance;
  scroll.scroll = 1;
  view.Navigate(scroll, 600);
  EXPECT_GT(view.camera().distance, closer);

  MouseInput zoom;
  zoom.middle = true;
  zoom.dy = -100;
  const double before = view.camera().distance;
  view.Navigate(zoom, 600);
  EXPECT_NE(view.camera().distance, before);

  view.ResetCamera(task->data());
  EXPECT_EQ(view.camera().azimuth, start.azimuth);
  EXPECT_EQ(view.camera().distance, start.distance);
}

}  // namespace
}  // namespace prefctl
