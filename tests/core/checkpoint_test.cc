#include "core/checkpoint.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/core/test_dir.h"

namespace prefctl {
namespace {

CheckpointStore::Writer ValueWriter(int64_t value) {
  return [value](torch::serialize::OutputArchive& archive) {
    WriteInt(archive, "value", value);
  };
}

TEST(CheckpointStoreTest, KeepsLastNAndFindsLatest) {
  TestDir dir;
  CheckpointStore store(dir.File("checkpoints"), 2);
  for (int64_t step : {5, 10, 100}) store.Save(step, ValueWriter(step));
  const std::vector<std::string> all = CheckpointStore::List(store.directory());
  ASSERT_EQ(all.size(), 2u);
  const std::string latest = *CheckpointStore::Latest(store.directory());
  torch::serialize::InputArchive archive;
  LoadArchive(latest, &archive);
  EXPECT_EQ(ReadInt(archive, "value"), 100);
}

TEST(CheckpointStoreTest, BestIsSeparateFromRotation) {
  TestDir dir;
  CheckpointStore store(dir.File("checkpoints"), 1);
  const std::string best = store.SaveBest(ValueWriter(42));
  store.Save(1, ValueWriter(1));
  store.Save(2, ValueWriter(2));
  torch::serialize::InputArchive archive;
  LoadArchive(best, &archive);
  EXPECT_EQ(ReadInt(archive, "value"), 42);
}

TEST(CheckpointStoreTest, EmptyDirectoryHasNoLatest) {
  TestDir dir;
  EXPECT_FALSE(CheckpointStore::Latest(dir.path()).has_value());
  EXPECT_FALSE(CheckpointStore::Latest(dir.File("missing")).has_value());
}

TEST(CheckpointStoreTest, MissingAndCorruptFilesHaveClearErrors) {
  TestDir dir;
  torch::serialize::InputArchive archive;
  try {
    LoadArchive(dir.File("nope.pt"), &archive);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos);
  }
  std::ofstream(dir.File("bad.pt")) << "not a checkpoint";
  try {
    LoadArchive(dir.File("bad.pt"), &archive);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("bad.pt: not a readable checkpoint"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace prefctl
