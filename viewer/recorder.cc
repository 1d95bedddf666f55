#include "viewer/recorder.h"

#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "core/logging.h"

namespace prefctl {
namespace fs = std::filesystem;
namespace {

std::string ShellQuote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

}  // namespace

std::optional<std::string> FindOnPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  std::stringstream directories(path);
  std::string directory;
  while (std::getline(directories, directory, ':')) {
    if (directory.empty()) continue;
    const std::string candidate = (fs::path(directory) / program).string();
    if (::access(candidate.c_str(), X_OK) == 0 &&
        fs::is_regular_file(candidate)) {
      return candidate;
    }
  }
  return std::nullopt;
}

FrameRecorder::FrameRecorder(const std::string& path, int width, int height,
                             double fps)
    : width_(width), height_(height) {
  if (width <= 0 || height <= 0 || !(fps > 0)) {
    throw std::invalid_argument(path + ": bad recording size or rate");
  }
  if (const std::optional<std::string> ffmpeg = FindOnPath("ffmpeg")) {
    // A dead ffmpeg must surface as a failed write, not kill the viewer.
    std::signal(SIGPIPE, SIG_IGN);
    std::ostringstream command;
    // yuv420p (what players expect) needs even sizes: crop one pixel if odd.
    command << ShellQuote(*ffmpeg)
            << " -loglevel error -y -f rawvideo -pix_fmt rgb24 -video_size "
            << width << "x" << height << " -framerate " << fps << " -i - -vf "
            << ShellQuote("crop=trunc(iw/2)*2:trunc(ih/2)*2")
            << " -pix_fmt yuv420p " << ShellQuote(path);
    pipe_ = ::popen(command.str().c_str(), "w");
    if (pipe_ == nullptr) {
      throw std::runtime_error(path + ": cannot start " + *ffmpeg);
    }
    used_ffmpeg_ = true;
    output_ = path;
  } else {
    const fs::path file(path);
    output_ =
        (file.parent_path() / (file.stem().string() + "_frames")).string();
    std::error_code error;
    fs::create_directories(output_, error);
    if (error) {
      throw std::runtime_error(output_ + ": cannot create: " + error.message());
    }
    Log().info("ffmpeg is not on PATH: recording PNG frames into {}", output_);
  }
}

FrameRecorder::~FrameRecorder() {
  try {
    Close();
  } catch (const std::exception& e) {
    Log().error("{}", e.what());
  }
}

void FrameRecorder::AddFrame(const RgbImage& frame) {
  if (frame.width != width_ || frame.height != height_) {
    throw std::invalid_argument(output_ +
                                ": frame size changed while recording");
  }
  if (used_ffmpeg_) {
    if (pipe_ == nullptr) throw std::logic_error(output_ + ": already closed");
    if (std::fwrite(frame.pixels.data(), 1, frame.pixels.size(), pipe_) !=
        frame.pixels.size()) {
      throw std::runtime_error(output_ + ": ffmpeg stopped accepting frames");
    }
  } else {
    char name[32];
    std::snprintf(name, sizeof(name), "frame_%06d.png", frames_);
    WritePng((fs::path(output_) / name).string(), frame);
  }
  ++frames_;
}

void FrameRecorder::Close() {
  if (pipe_ == nullptr) return;
  const int status = ::pclose(pipe_);
  pipe_ = nullptr;
  if (status != 0) {
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : status;
    throw std::runtime_error(output_ + ": ffmpeg failed (exit status " +
                             std::to_string(code) + ")");
  }
}

}  // namespace prefctl
