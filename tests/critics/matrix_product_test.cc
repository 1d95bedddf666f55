#include "critics/matrix_product.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <array>
#include <cmath>
#include <vector>

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

}  // namespace
}  // namespace prefctl
