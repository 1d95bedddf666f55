#include "viewer/window.h"

#include <gtest/gtest.h>

#include "envs/task_registry.h"
#include "tests/viewer/viewer_fixtures.h"

namespace prefctl {
namespace {

TEST(WindowTest, MissingDisplayMessageSaysWhatToDo) {
  const std::string message = MissingDisplayMessage(nullptr, nullptr);
  EXPECT_NE(message.find("DISPLAY is unset"), std::string::npos);
  EXPECT_NE(message.find("xvfb-run"), std::string::npos);
  EXPECT_EQ(MissingDisplayMessage("", ""), message);
  EXPECT_EQ(MissingDisplayMessage(":0", nullptr), "");
  EXPECT_EQ(MissingDisplayMessage(nullptr, "wayland-0"), "");
}

TEST(WindowTest, NoDisplayIsADisplayErrorNotACrash) {
  ScopedEnv display("DISPLAY", std::nullopt);
  ScopedEnv wayland("WAYLAND_DISPLAY", std::nullopt);
  auto task = MakeTask("cartpole-swingup");
  WindowOptions options;
  options.headless = true;
  try {
    Window window(task->model(), options);
    FAIL() << "expected a DisplayError";
  } catch (const DisplayError& e) {
    EXPECT_NE(std::string(e.what()).find("DISPLAY is unset"),
              std::string::npos);
  }
}

TEST(WindowTest, UnreachableDisplayIsADisplayError) {
  ScopedEnv display("DISPLAY", std::string(":987"));
  auto task = MakeTask("cartpole-swingup");
  WindowOptions options;
  options.headless = true;
  try {
    Window window(task->model(), options);
    FAIL() << "expected a DisplayError";
  } catch (const DisplayError& e) {
    EXPECT_NE(
        std::string(e.what()).find("cannot open the display DISPLAY=:987"),
        std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("xvfb-run"), std::string::npos);
  }
}

}  // namespace
}  // namespace prefctl
