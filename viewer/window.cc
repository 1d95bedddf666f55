#include "viewer/window.h"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <cstdlib>

namespace prefctl {
namespace {

constexpr char kXvfbHint[] =
    "To render without a screen, run under a virtual display: "
    "xvfb-run -a prefctl view ...";

// GLFW reports errors through a callback only; keep the last one for our
// messages.
std::string& LastGlfwError() {
  static std::string error;
  return error;
}

void RecordGlfwError(int code, const char* description) {
  LastGlfwError() =
      std::string(description) + " (GLFW error " + std::to_string(code) + ")";
}

}  // namespace

std::string MissingDisplayMessage(const char* display,
                                  const char* wayland_display) {
  auto set = [](const char* value) { return value != nullptr && *value; };
  if (set(display) || set(wayland_display)) return "";
  return std::string("no display available: DISPLAY is unset. ") + kXvfbHint;
}

void CheckDisplayAvailable() {
  const std::string problem = MissingDisplayMessage(
      std::getenv("DISPLAY"), std::getenv("WAYLAND_DISPLAY"));
  if (!problem.empty()) throw DisplayError(problem);
}

Window::Window(const mjModel* model, const WindowOptions& options)
    : headless_(options.headless) {
  CheckDisplayAvailable();
  glfwSetErrorCallback(RecordGlfwError);
  if (!glfwInit()) {
    const char* display = std::getenv("DISPLAY");
    throw DisplayError(std::string("cannot open the display DISPLAY=") +
                       (display ? display : "") + ": " + LastGlfwError() +
                       ". " + kXvfbHint);
  }
  glfwWindowHint(GLFW_VISIBLE, headless_ ? GLFW_FALSE : GLFW_TRUE);
  glfwWindowHint(GLFW_SAMPLES, headless_ ? 0 : 4);
  window_ = glfwCreateWindow(options.width, options.height,
                             options.title.c_str(), nullptr, nullptr);
  if (window_ == nullptr) {
    const std::string error = LastGlfwError();
    glfwTerminate();
    throw DisplayError("cannot create an OpenGL window: " + error + ". " +
                       kXvfbHint);
  }
  glfwMakeContextCurrent(window_);
  glfwSwapInterval(headless_ ? 0 : 1);
  glfwSetWindowUserPointer(window_, this);
  // Installed before ImGui's backend, which calls it from its own callback.
  glfwSetKeyCallback(window_, OnKey);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // Never write imgui.ini in the cwd.
  ImGui::StyleColorsDark();
  ImGui_ImplGlfw_InitForOpenGL(window_, /*install_callbacks=*/true);
  // MuJoCo's renderer needs a compatibility context; GLSL 1.30 runs there.
  if (!ImGui_ImplOpenGL3_Init("#version 130")) {
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window_);
    glfwTerminate();
    throw DisplayError(
        "the display's OpenGL cannot run the panels (OpenGL 3.0 "
        "or newer is needed). " +
        std::string(kXvfbHint));
  }

  // The offscreen framebuffer's size comes from the model's visual settings,
  // so the context is made from a copy with the size we want.
  mjModel* sized = mj_copyModel(nullptr, model);
  sized->vis.global.offwidth =
      headless_ ? options.width : options.offscreen_width;
  sized->vis.global.offheight =
      headless_ ? options.height : options.offscreen_height;
  mjr_defaultContext(&context_);
  mjr_makeContext(sized, &context_, mjFONTSCALE_100);
  mj_deleteModel(sized);
  Bind(headless_ ? Target::kOffscreen : Target::kWindow);
}

Window::~Window() {
  mjr_freeContext(&context_);
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window_);
  glfwTerminate();
}

bool Window::ShouldClose() const { return glfwWindowShouldClose(window_); }

void Window::BeginFrame() {
  glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  if (headless_) {
    // Panels are laid out on the image, whatever the invisible window's size.
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(context_.offWidth),
                            static_cast<float>(context_.offHeight));
    io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
  }
  ImGui::NewFrame();
}

void Window::Bind(Target target) {
  if (headless_ && target == Target::kWindow) {
    throw std::logic_error("a headless window has no window framebuffer");
  }
  target_ = target;
  mjr_setBuffer(target == Target::kWindow ? mjFB_WINDOW : mjFB_OFFSCREEN,
                &context_);
}

mjrRect Window::Viewport() const {
  if (target_ == Target::kOffscreen) {
    return {0, 0, context_.offWidth, context_.offHeight};
  }
  int width = 0, height = 0;
  glfwGetFramebufferSize(window_, &width, &height);
  return {0, 0, width, height};
}

void Window::FinishUi(bool draw) {
  ImGui::Render();
  if (draw) ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

RgbImage Window::ReadPixels() const {
  const mjrRect viewport = Viewport();
  RgbImage image;
  image.width = viewport.width;
  image.height = viewport.height;
  image.pixels.resize(3u * image.width * image.height);
  mjr_readPixels(image.pixels.data(), nullptr, viewport, &context_);
  FlipRows(&image);
  return image;
}

void Window::OnKey(GLFWwindow* window, int key, int, int action, int) {
  if (action != GLFW_PRESS) return;
  static_cast<Window*>(glfwGetWindowUserPointer(window))
      ->key_presses_.push_back(key);
}

std::vector<int> Window::TakeKeyPresses() {
  std::vector<int> keys;
  keys.swap(key_presses_);
  return keys;
}

void Window::Present() {
  if (!headless_) glfwSwapBuffers(window_);
}

}  // namespace prefctl
