#include "critics/matrix_product.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <torch/torch.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cmath>
#include <thread>
#include <vector>

#include "core/stop_signals.h"

namespace prefctl {
namespace {

TEST(MatrixProductTest, MatchesLibTorchAtOddAndLargeShapes) {
  torch::manual_seed(0);
  for (const auto& [m, k, n] : std::vector<std::array<int64_t, 3>>{
           {1, 1, 1}, {7, 3, 5}, {33, 23, 17}, {5120, 256, 256}}) {
    const torch::Tensor a = torch::randn({m, k}), b = torch::randn({k, n});
    torch::Tensor c = torch::full({m, n}, std::nanf(""));  // All overwritten.
    MatrixProduct(a.data_ptr<float>(), b.data_ptr<float>(), c.data_ptr<float>(),
                  m, k, n);
    const torch::Tensor expected =
        torch::mm(a.to(torch::kDouble), b.to(torch::kDouble));
    // Float sums of k terms of size ~1: relative error ~k * 6e-8.
    EXPECT_LT((c.to(torch::kDouble) - expected).abs().max().item<double>(),
              1e-5 * std::sqrt(static_cast<double>(k)) * 4)
        << m << " x " << k << " x " << n;
  }
}

// oneDNN's JIT sgemm corrupts the heap when its thread takes a signal
// (core/stop_signals.h); under StopSignals' own receiver thread, a storm of
// SIGTERMs leaves every product exact. Without it this crashes or mismatches.
TEST(MatrixProductTest, ExactUnderAStormOfSignalsKeptOffThisThread) {
  const StopSignals stop_signals(StopSignals::Receiver::kOwnThread);
  torch::manual_seed(0);
  const int64_t size = 256;
  const torch::Tensor a = torch::randn({size, size}),
                      b = torch::randn({size, size});
  const torch::Tensor expected = torch::empty({size, size});
  MatrixProduct(a.data_ptr<float>(), b.data_ptr<float>(),
                expected.data_ptr<float>(), size, size, size);
  std::atomic<bool> done{false};
  std::thread sender([&] {
    while (!done) kill(getpid(), SIGTERM);
  });
  int mismatches = 0;
  for (int i = 0; i < 1000; ++i) {
    const torch::Tensor c = torch::empty({size, size});
    MatrixProduct(a.data_ptr<float>(), b.data_ptr<float>(), c.data_ptr<float>(),
                  size, size, size);
    if (!torch::equal(c, expected)) ++mismatches;
  }
  done = true;
  sender.join();
  EXPECT_EQ(stop_signals.received(), SIGTERM);
  EXPECT_EQ(mismatches, 0);
}

}  // namespace
}  // namespace prefctl
