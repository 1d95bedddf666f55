#include "core/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <vector>

namespace prefctl {
namespace {

TEST(ThreadPoolTest, CoversEveryIndexExactlyOnce) {
  for (int threads : {1, 2, 3}) {
    ThreadPool pool(threads);
    for (int n : {0, 1, 5, 97}) {
      std::vector<int> hits(n, 0);
      pool.ParallelFor(n, [&](int begin, int end) {
        for (int i = begin; i < end; ++i) ++hits[i];
      });
      for (int h : hits) EXPECT_EQ(h, 1) << threads << " threads, n=" << n;
    }
  }
}

TEST(ThreadPoolTest, ReusedManyTimesWithoutLosingWork) {
  ThreadPool pool(2);
  std::atomic<long> total{0};
  for (int round = 0; round < 2000; ++round) {
    pool.ParallelFor(8, [&](int begin, int end) { total += end - begin; });
  }
  EXPECT_EQ(total.load(), 2000 * 8);
}

TEST(ThreadPoolTest, RejectsZeroThreads) {
  EXPECT_THROW(ThreadPool(0), std::invalid_argument);
}

}  // namespace
}  // namespace prefctl
