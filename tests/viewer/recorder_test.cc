#include "viewer/recorder.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "tests/core/test_dir.h"
#include "tests/viewer/viewer_fixtures.h"

namespace prefctl {
namespace {

RgbImage Solid(int width, int height, uint8_t value) {
  return {width, height, std::vector<uint8_t>(3 * width * height, value)};
}

// An executable `ffmpeg` in `dir` that runs `body`.
void FakeFfmpeg(const TestDir& dir, const std::string& body) {
  const std::string path = dir.File("bin/ffmpeg");
  std::filesystem::create_directories(dir.File("bin"));
  std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
  chmod(path.c_str(), 0755);
}

TEST(RecorderTest, WithoutFfmpegWritesNumberedPngFrames) {
  TestDir dir;
  std::filesystem::create_directories(dir.File("empty"));
  ScopedEnv path("PATH", dir.File("empty"));
  EXPECT_FALSE(FindOnPath("ffmpeg"));
  FrameRecorder recorder(dir.File("clip.mp4"), 6, 4, 50.0);
  EXPECT_FALSE(recorder.uses_ffmpeg());
  EXPECT_EQ(recorder.output(), dir.File("clip_frames"));
  recorder.AddFrame(Solid(6, 4, 10));
  recorder.AddFrame(Solid(6, 4, 200));
  recorder.Close();
  EXPECT_EQ(recorder.frames(), 2);
  const RgbImage second = ReadPng(dir.File("clip_frames/frame_000001.png"));
  EXPECT_EQ(second.pixels, Solid(6, 4, 200).pixels);
  EXPECT_FALSE(
      std::filesystem::exists(dir.File("clip_frames/frame_000002.png")));
  EXPECT_THROW(recorder.AddFrame(Solid(5, 4, 0)), std::invalid_argument);
}

TEST(RecorderTest, PipesRawFramesToFfmpeg) {
  TestDir dir;
  // Stands in for ffmpeg: keeps its arguments and stdin in the output file's
  // place.
  FakeFfmpeg(dir,
             "for last; do :; done\n"
             "echo \"$@\" > \"$last.args\"\n"
             "cat > \"$last\"");
  ScopedEnv path("PATH", dir.File("bin") + ":/usr/bin:/bin");
  {
    FrameRecorder recorder(dir.File("clip.mp4"), 6, 4, 25.0);
    EXPECT_TRUE(recorder.uses_ffmpeg());
    for (int i = 0; i < 3; ++i) recorder.AddFrame(Solid(6, 4, 7));
    recorder.Close();
  }
  EXPECT_EQ(std::filesystem::file_size(dir.File("clip.mp4")), 3u * 6 * 4 * 3);
  std::ifstream args(dir.File("clip.mp4.args"));
  const std::string line((std::istreambuf_iterator<char>(args)),
                         std::istreambuf_iterator<char>());
  EXPECT_NE(line.find("-pix_fmt rgb24 -video_size 6x4 -framerate 25"),
            std::string::npos)
      << line;
}

TEST(RecorderTest, FailingFfmpegIsReportedOnClose) {
  TestDir dir;
  FakeFfmpeg(dir, "cat > /dev/null\nexit 3");
  ScopedEnv path("PATH", dir.File("bin") + ":/usr/bin:/bin");
  FrameRecorder recorder(dir.File("clip.mp4"), 2, 2, 10.0);
  recorder.AddFrame(Solid(2, 2, 1));
  try {
    recorder.Close();
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("exit status 3"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace prefctl
