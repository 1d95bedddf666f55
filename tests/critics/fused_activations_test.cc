#include "critics/fused_activations.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace prefctl {
namespace {

// Inputs spread over [-30, 30]: tanh saturates and exp meets its clamp.
torch::Tensor WideInputs(int64_t heads, int64_t rows, int64_t width) {
  return torch::randn({heads, rows, width}) * 10.0;
}

float MaxDifference(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).abs().max().item<float>();
}

// An odd width and row count, so no loop runs only whole vectors. (Not
// width 1: LibTorch normalizes as x * rstd - mean * rstd, which cancels to
// ~1e-4 there; SmallAndExtremeInputs checks that case against std::tanh.)
TEST(FusedActivationsTest, BiasLayerNormTanhMatchesLibTorch) {
  torch::manual_seed(0);
  for (const int64_t width : {7, 256}) {
    const torch::Tensor x = WideInputs(2, 13, width);
    const torch::Tensor scale = torch::randn({2, 1, width}) * 3.0;
    const torch::Tensor shift = torch::randn({2, 1, width});
    const torch::Tensor bias = torch::randn({2, 1, width});
    const torch::Tensor expected =
        torch::tanh(torch::layer_norm(x + bias, {width}) * scale + shift);
    torch::Tensor fused = x.clone();
    for (int64_t head = 0; head < 2; ++head) {
      BiasLayerNormTanhInPlace(fused[head].data_ptr<float>(), 13, width,
                               bias[head].data_ptr<float>(),
                               scale[head].data_ptr<float>(),
                               shift[head].data_ptr<float>());
    }
    // LibTorch normalizes as x * rstd - mean * rstd, rounding differently,
    // and scale (up to ~9 here) magnifies that.
    EXPECT_LT(MaxDifference(fused, expected), 4e-6) << "width " << width;
  }
}

TEST(FusedActivationsTest, BiasEluMatchesLibTorch) {
  torch::manual_seed(1);
  for (const int64_t width : {1, 7, 256}) {
    const torch::Tensor x = WideInputs(3, 11, width);
    const torch::Tensor bias = torch::randn({3, 1, width});
    const torch::Tensor expected = torch::elu(x + bias);
    torch::Tensor fused = x.clone();
    for (int64_t head = 0; head < 3; ++head) {
      BiasEluInPlace(fused[head].data_ptr<float>(), 11, width,
                     bias[head].data_ptr<float>());
    }
    EXPECT_LT(MaxDifference(fused, expected), 1e-6) << "width " << width;
  }
}

// Where the approximations are weakest: near 0, where tanh(x) ~ x and
// elu(x) ~ x, and at the far ends.
TEST(FusedActivationsTest, SmallAndExtremeInputs) {
  const torch::Tensor x =
      torch::tensor({0.0f, 1e-8f, -1e-6f, 1e-3f, -0.3f, 0.34657f, 8.9f, 9.1f,
                     -50.0f, 87.0f, -87.5f, -200.0f})
          .reshape({1, 1, -1});
  const int64_t width = x.size(2);
  const torch::Tensor zeros = torch::zeros({1, 1, width});
  torch::Tensor elu = x.clone();
  BiasEluInPlace(elu.data_ptr<float>(), 1, width, zeros.data_ptr<float>());
  EXPECT_LT(MaxDifference(elu, torch::elu(x)), 1e-6);
  // A row of width 1 normalizes to 0, so tanh sees exactly the shift.
  const torch::Tensor ones = torch::ones({1, 1, 1});
  for (int64_t i = 0; i < width; ++i) {
    torch::Tensor single = torch::zeros({1, 1, 1});
    BiasLayerNormTanhInPlace(single.data_ptr<float>(), 1, 1,
                             ones.data_ptr<float>(), ones.data_ptr<float>(),
                             x[0][0][i].data_ptr<float>());
    EXPECT_NEAR(single.item<float>(), std::tanh(x[0][0][i].item<float>()), 1e-7)
        << x[0][0][i].item<float>();
  }
}

}  // namespace
}  // namespace prefctl
