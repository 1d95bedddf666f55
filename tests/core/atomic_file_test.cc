#include "core/atomic_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "tests/core/test_dir.h"

namespace prefctl {
namespace {

TEST(AtomicFileTest, WritesAndReplaces) {
  TestDir dir;
  const std::string path = dir.File("a.txt");
  WriteTextAtomically(path, "one");
  WriteTextAtomically(path, "two");
  EXPECT_EQ(ReadText(path), "two");
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST(AtomicFileTest, FailedWriteKeepsOldContent) {
  TestDir dir;
  const std::string path = dir.File("a.txt");
  WriteTextAtomically(path, "good");
  EXPECT_THROW(WriteFileAtomically(path,
                                   [](const std::string& temporary) {
                                     std::ofstream(temporary) << "partial";
                                     throw std::runtime_error("killed");
                                   }),
               std::runtime_error);
  EXPECT_EQ(ReadText(path), "good");
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

}  // namespace
}  // namespace prefctl
