// The viewer's window: GLFW, an OpenGL context, Dear ImGui and MuJoCo's
// rendering context. Headless, the window stays invisible and everything is
// drawn into MuJoCo's offscreen framebuffer, then read back.
#ifndef PREFCTL_VIEWER_WINDOW_H_
#define PREFCTL_VIEWER_WINDOW_H_

#include <mujoco/mujoco.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "viewer/image_io.h"

struct GLFWwindow;

namespace prefctl {

// No display to open a window on (or GLFW could not open it).
class DisplayError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Why no window can be opened with these environment values ($DISPLAY,
// $WAYLAND_DISPLAY; null when unset), or "" when one may be.
std::string MissingDisplayMessage(const char* display,
                                  const char* wayland_display);
// Throws DisplayError with MissingDisplayMessage for this process.
void CheckDisplayAvailable();

struct WindowOptions {
  std::string title = "prefctl view";
  int width = 1280;  // The window, or headless the image.
  int height = 800;
  // Size of the offscreen framebuffer (recordings); headless: width x height.
  int offscreen_width = 1280;
  int offscreen_height = 720;
  bool headless = false;
};

class Window {
 public:
  enum class Target { kWindow, kOffscreen };

  // Throws DisplayError when no display is available or GLFW cannot create
  // an OpenGL window on it.
  Window(const mjModel* model, const WindowOptions& options);
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  bool headless() const { return headless_; }
  bool ShouldClose() const;

  // Processes window events and starts an ImGui frame.
  void BeginFrame();
  // Makes `target` the one rendered into and read from. Headless windows
  // only have the offscreen target.
  void Bind(Target target);
  mjrRect Viewport() const;
  const mjrContext* context() const { return &context_; }
  // Ends the ImGui frame and, when `draw`, draws it over the bound target.
  void FinishUi(bool draw);
  // The bound target's pixels, top row first.
  RgbImage ReadPixels() const;
  // Shows the frame (swaps buffers); nothing headless.
  void Present();
  // GLFW key codes pressed since the last call. Kept here because ImGui 1.86
  // only sees key states per frame and misses a tap shorter than a frame.
  std::vector<int> TakeKeyPresses();

 private:
  static void OnKey(GLFWwindow* window, int key, int scancode, int action,
                    int mods);

  GLFWwindow* window_ = nullptr;
  mjrContext context_;
  bool headless_;
  Target target_ = Target::kOffscreen;
  std::vector<int> key_presses_;
};

}  // namespace prefctl

#endif  // PREFCTL_VIEWER_WINDOW_H_
