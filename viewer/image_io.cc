#include "viewer/image_io.h"

#include <png.h>

#include <algorithm>
#include <stdexcept>

namespace prefctl {

void WritePng(const std::string& path, const RgbImage& image) {
  if (image.width <= 0 || image.height <= 0 ||
      image.pixels.size() != 3u * image.width * image.height) {
    throw std::invalid_argument(path + ": image size does not match pixels");
  }
  // libpng's simplified API: no setjmp error handling needed.
  png_image png{};
  png.version = PNG_IMAGE_VERSION;
  png.width = static_cast<png_uint_32>(image.width);
  png.height = static_cast<png_uint_32>(image.height);
  png.format = PNG_FORMAT_RGB;
  if (!png_image_write_to_file(&png, path.c_str(), 0, image.pixels.data(), 0,
                               nullptr)) {
    throw std::runtime_error(path + ": cannot write PNG: " + png.message);
  }
}

RgbImage ReadPng(const std::string& path) {
  png_image png{};
  png.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&png, path.c_str())) {
    throw std::runtime_error(path + ": cannot read PNG: " + png.message);
  }
  png.format = PNG_FORMAT_RGB;
  RgbImage image;
  image.width = static_cast<int>(png.width);
  image.height = static_cast<int>(png.height);
  image.pixels.resize(PNG_IMAGE_SIZE(png));
  if (!png_image_finish_read(&png, nullptr, image.pixels.data(), 0, nullptr)) {
    const std::string message = png.message;
    png_image_free(&png);
    throw std::runtime_error(path + ": cannot decode PNG: " + message);
  }
  return image;
}

void FlipRows(RgbImage* image) {
  const size_t stride = 3u * image->width;
  for (int top = 0, bottom = image->height - 1; top < bottom; ++top, --bottom) {
    std::swap_ranges(image->pixels.begin() + top * stride,
                     image->pixels.begin() + (top + 1) * stride,
                     image->pixels.begin() + bottom * stride);
  }
}

}  // namespace prefctl
