// RGB images and PNG files (libpng), for screenshots and recorded frames.
#ifndef PREFCTL_VIEWER_IMAGE_IO_H_
#define PREFCTL_VIEWER_IMAGE_IO_H_

#include <cstdint>
#include <string>
#include <vector>

namespace prefctl {

// 8-bit RGB, rows top to bottom, no padding: pixels.size() == 3 * w * h.
struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;
};

// Throws std::runtime_error naming the path on failure.
void WritePng(const std::string& path, const RgbImage& image);
// Any PNG, converted to 8-bit RGB.
RgbImage ReadPng(const std::string& path);

// Reverses the row order in place (OpenGL reads rows bottom to top).
void FlipRows(RgbImage* image);

}  // namespace prefctl

#endif  // PREFCTL_VIEWER_IMAGE_IO_H_
