// Records rendered frames: to a video through ffmpeg when it is on PATH
// (raw RGB frames piped to its stdin), otherwise as numbered PNG files.
#ifndef PREFCTL_VIEWER_RECORDER_H_
#define PREFCTL_VIEWER_RECORDER_H_

#include <cstdio>
#include <optional>
#include <string>

#include "viewer/image_io.h"

namespace prefctl {

// The full path of `program` in the directories of $PATH, if executable.
std::optional<std::string> FindOnPath(const std::string& program);

class FrameRecorder {
 public:
  // Records width x height frames at `fps` to `path` (a video file, e.g.
  // out.mp4). Without ffmpeg the frames go to `<path minus extension>_frames/
  // frame_000000.png`, ... instead. Throws std::runtime_error if neither can
  // be started.
  FrameRecorder(const std::string& path, int width, int height, double fps);
  ~FrameRecorder();
  FrameRecorder(const FrameRecorder&) = delete;
  FrameRecorder& operator=(const FrameRecorder&) = delete;

  // `frame` must have the recorder's size.
  void AddFrame(const RgbImage& frame);
  // Finishes the file; throws if ffmpeg reported a failure. Idempotent.
  void Close();

  bool uses_ffmpeg() const { return used_ffmpeg_; }
  // The video file, or the directory of PNG frames.
  const std::string& output() const { return output_; }
  int frames() const { return frames_; }

 private:
  std::string output_;
  int width_, height_;
  FILE* pipe_ = nullptr;
  bool used_ffmpeg_ = false;
  int frames_ = 0;
};

}  // namespace prefctl

#endif  // PREFCTL_VIEWER_RECORDER_H_
