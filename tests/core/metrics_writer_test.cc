#include "core/metrics_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "tests/core/test_dir.h"

namespace prefctl {
namespace {

TEST(MetricsWriterTest, WritesHeaderAndRows) {
  TestDir dir;
  const std::string path = dir.File("metrics.csv");
  {
    MetricsWriter writer(path);
    writer.Write({{"env_steps", 100}, {"eval_return", 1.5}});
    writer.Write({{"env_steps", 200}, {"eval_return", std::nan("")}});
  }
  const MetricsTable table = ReadMetrics(path);
  ASSERT_EQ(table.columns,
            (std::vector<std::string>{"env_steps", "eval_return"}));
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_DOUBLE_EQ(table.rows[0][1], 1.5);
  EXPECT_TRUE(std::isnan(table.rows[1][1]));
}

// A run started by an older prefctl and resumed by one that reports more.
TEST(MetricsWriterTest, ANewStatisticAddsAColumnEmptyInEarlierRows) {
  TestDir dir;
  const std::string path = dir.File("metrics.csv");
  {
    MetricsWriter writer(path);
    writer.Write({{"env_steps", 100}, {"eval_return", 1.5}});
  }
  {
    MetricsWriter resumed(path, /*keep_rows_through_env_steps=*/100);
    resumed.Write(
        {{"env_steps", 200}, {"eval_entropy", -2}, {"eval_return", 3}});
    resumed.Write({{"env_steps", 300}, {"eval_return", 4}});
  }
  const MetricsTable table = ReadMetrics(path);
  ASSERT_EQ(table.columns, (std::vector<std::string>{"env_steps", "eval_return",
                                                     "eval_entropy"}));
  ASSERT_EQ(table.rows.size(), 3u);
  EXPECT_DOUBLE_EQ(table.rows[0][1], 1.5);
  EXPECT_TRUE(std::isnan(table.rows[0][2]));
  EXPECT_DOUBLE_EQ(table.rows[1][1], 3);
  EXPECT_DOUBLE_EQ(table.rows[1][2], -2);
  EXPECT_DOUBLE_EQ(table.rows[2][1], 4);
  EXPECT_TRUE(std::isnan(table.rows[2][2]));
}

TEST(MetricsWriterTest, ResumeDropsRowsAfterCheckpoint) {
  TestDir dir;
  const std::string path = dir.File("metrics.csv");
  {
    MetricsWriter writer(path);
    for (int step : {100, 200, 300})
      writer.Write({{"env_steps", double(step)}});
  }
  {
    MetricsWriter resumed(path, /*keep_rows_through_env_steps=*/200);
    resumed.Write({{"env_steps", 250}});
  }
  const MetricsTable table = ReadMetrics(path);
  ASSERT_EQ(table.rows.size(), 3u);
  EXPECT_DOUBLE_EQ(table.rows[2][0], 250);
}

TEST(MetricsWriterTest, IgnoresTornLastRow) {
  TestDir dir;
  const std::string path = dir.File("metrics.csv");
  std::ofstream(path) << "env_steps,eval_return\n1,2\n3";
  EXPECT_EQ(ReadMetrics(path).rows.size(), 1u);
}

}  // namespace
}  // namespace prefctl
