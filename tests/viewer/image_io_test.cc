#include "viewer/image_io.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/core/test_dir.h"

namespace prefctl {
namespace {

RgbImage Gradient(int width, int height) {
  RgbImage image{width, height, {}};
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      image.pixels.push_back(static_cast<uint8_t>(x * 7));
      image.pixels.push_back(static_cast<uint8_t>(y * 13));
      image.pixels.push_back(static_cast<uint8_t>((x * y) % 251));
    }
  }
  return image;
}

TEST(ImageIoTest, PngRoundTripsExactly) {
  TestDir dir;
  // An odd width: rows of 3 * 37 bytes are not 4-byte aligned.
  const RgbImage image = Gradient(37, 21);
  WritePng(dir.File("a.png"), image);
  const RgbImage back = ReadPng(dir.File("a.png"));
  EXPECT_EQ(back.width, 37);
  EXPECT_EQ(back.height, 21);
  EXPECT_EQ(back.pixels, image.pixels);
  // A real PNG file: the signature.
  std::ifstream in(dir.File("a.png"), std::ios::binary);
  char signature[8];
  in.read(signature, 8);
  EXPECT_EQ(std::string(signature + 1, 3), "PNG");
}

TEST(ImageIoTest, FlipRowsReversesRowOrder) {
  RgbImage image = Gradient(4, 3);
  const RgbImage original = image;
  FlipRows(&image);
  for (int y = 0; y < 3; ++y) {
    EXPECT_TRUE(std::equal(image.pixels.begin() + y * 12,
                           image.pixels.begin() + (y + 1) * 12,
                           original.pixels.begin() + (2 - y) * 12));
  }
}

TEST(ImageIoTest, ErrorsNameThePath) {
  TestDir dir;
  std::ofstream(dir.File("not.png")) << "plain text";
  try {
    ReadPng(dir.File("not.png"));
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(dir.File("not.png")),
              std::string::npos);
  }
  EXPECT_THROW(WritePng(dir.File("missing/dir/a.png"), Gradient(2, 2)),
               std::runtime_error);
  EXPECT_THROW(WritePng(dir.File("b.png"), RgbImage{3, 3, {1, 2, 3}}),
               std::invalid_argument);
}

}  // namespace
}  // namespace prefctl
