#include "viewer/app.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>

#include "tests/core/test_dir.h"
#include "tests/viewer/viewer_fixtures.h"
#include "viewer/image_io.h"
#include "viewer/window.h"

namespace prefctl {
namespace {

// These tests open an OpenGL context: scripts/test.sh runs ctest under
// xvfb-run. Without a display they fail rather than pass unseen.
void RequireDisplay() {
  ASSERT_EQ(MissingDisplayMessage(std::getenv("DISPLAY"),
                                  std::getenv("WAYLAND_DISPLAY")),
            "")
      << "run the viewer tests under a display, e.g. xvfb-run -a ctest";
}

// Share of the image taken by its most common colour, and how many colours.
std::pair<double, size_t> ColourStats(const RgbImage& image) {
  std::map<uint32_t, int> counts;
  for (size_t i = 0; i < image.pixels.size(); i += 3) {
    ++counts[image.pixels[i] << 16 | image.pixels[i + 1] << 8 |
             image.pixels[i + 2]];
  }
  int most = 0;
  for (const auto& [colour, count] : counts) most = std::max(most, count);
  return {static_cast<double>(most) / (image.width * image.height),
          counts.size()};
}

// Pixels that differ between two images of one size, inside a rectangle.
int DifferentPixels(const RgbImage& a, const RgbImage& b, int x0, int y0,
                    int x1, int y1) {
  int different = 0;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      const size_t i = 3u * (y * a.width + x);
      different += !std::equal(a.pixels.begin() + i, a.pixels.begin() + i + 3,
                               b.pixels.begin() + i);
    }
  }
  return different;
}

TEST(AppTest, HeadlessScreenshotHasTheSizeAndIsNotBlank) {
  RequireDisplay();
  TestDir dir;
  ViewerSetup setup = SmallSetup();
  setup.screenshot = dir.File("shot.png");
  setup.steps = 50;
  // Odd sizes: rows are not 4-byte aligned in the read-back.
  setup.width = 321;
  setup.height = 239;
  const auto start = std::chrono::steady_clock::now();
  RunViewer(setup);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::cout << "headless 50 steps + screenshot: " << seconds << " s\n";
  const RgbImage image = ReadPng(setup.screenshot);
  EXPECT_EQ(image.width, 321);
  EXPECT_EQ(image.height, 239);
  const auto [dominant, colours] = ColourStats(image);
  EXPECT_LT(dominant, 0.8) << "one colour covers most of the image";
  EXPECT_GT(colours, 100u) << "a rendered scene has shading";
}

TEST(AppTest, ScreenshotUiDrawsThePanels) {
  RequireDisplay();
  TestDir dir;
  ViewerSetup setup = SmallSetup();
  setup.fallback_policy = "zero";  // Both runs see the same scene.
  setup.track_camera = false;
  setup.steps = 5;
  setup.width = 800;
  setup.height = 600;
  setup.screenshot = dir.File("plain.png");
  RunViewer(setup);
  setup.screenshot = dir.File("panels.png");
  setup.screenshot_ui = true;
  RunViewer(setup);
  const RgbImage plain = ReadPng(dir.File("plain.png"));
  const RgbImage panels = ReadPng(dir.File("panels.png"));
  ASSERT_EQ(panels.width, 800);
  // Away from the panels the scenes match; the Simulation panel's corner
  // (top left) is drawn over it.
  EXPECT_EQ(DifferentPixels(plain, panels, 360, 250, 400, 300), 0);
  EXPECT_GT(DifferentPixels(plain, panels, 10, 10, 330, 100), 10000);
}

TEST(AppTest, HeadlessRecordingWithoutFfmpegWritesFrames) {
  RequireDisplay();
  TestDir dir;
  std::filesystem::create_directories(dir.File("empty"));
  ScopedEnv path("PATH", dir.File("empty"));
  ViewerSetup setup = SmallSetup();
  setup.record = dir.File("clip.mp4");
  setup.steps = 20;
  setup.width = 160;
  setup.height = 120;
  RunViewer(setup);
  // cartpole's control step is 0.01 s: one frame every 2 steps for 50 fps.
  int frames = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(dir.File("clip_frames"))) {
    const RgbImage frame = ReadPng(entry.path().string());
    EXPECT_EQ(frame.width, 160);
    ++frames;
  }
  EXPECT_EQ(frames, 10);
}

TEST(AppTest, MissingCheckpointIsReportedBeforeAnyWindow) {
  ScopedEnv display("DISPLAY", std::nullopt);  // Not even needed to fail.
  ViewerSetup setup = SmallSetup();
  setup.checkpoint = "/nonexistent/run/checkpoints/step_000000001000.pt";
  setup.screenshot = "/nonexistent/shot.png";
  try {
    RunViewer(setup);
    FAIL() << "expected an error";
  } catch (const DisplayError& e) {
    FAIL() << "checked the display first: " << e.what();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(setup.checkpoint +
                                         ": checkpoint file does not exist"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace prefctl
