#include "critics/fused_activations.h"

#include <algorithm>
#include <cmath>
#include <cstring>

// Each row function is compiled twice, for AVX2 with FMA and for the
// baseline x86-64, and picked when the program loads (GCC function
// multiversioning); the loops are written to vectorize in both.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define PREFCTL_ROW_KERNEL \
  __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define PREFCTL_ROW_KERNEL
#endif

namespace prefctl {
namespace {

// exp(y) for y <= 0: y = k ln 2 + r with |r| <= ln 2 / 2, exp(r) by its
// Taylor series to r^7 (truncation below 2e-8 relative), 2^k built in the
// exponent bits. ln 2 is split in two (Cody and Waite) so that k ln 2 is
// exact to float precision; y is clamped to -87, where 2^k stays normal.
inline float ExpNonPositive(float y) {
  y = std::max(y, -87.0f);
  // Round to nearest without a rounding instruction: adding 1.5 * 2^23
  // leaves no fraction bits.
  constexpr float kRound = 12582912.0f;
  const float k = (y * 1.44269504088896341f + kRound) - kRound;
  const float r = (y - k * 0.693359375f) + k * 2.12194440e-4f;
  float p = 1.0f / 5040.0f;
  p = p * r + 1.0f / 720.0f;
  p = p * r + 1.0f / 120.0f;
  p = p * r + 1.0f / 24.0f;
  p = p * r + 1.0f / 6.0f;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  const int32_t bits = (static_cast<int32_t>(k) + 127) << 23;
  float two_to_k;
  std::memcpy(&two_to_k, &bits, sizeof(two_to_k));
  return p * two_to_k;
}

// tanh |x| = (1 - e) / (1 + e) with e = exp(-2 |x|); beyond |x| = 9 the
// float result is 1 anyway.
inline float Tanh(float x) {
  const float magnitude = std::min(std::fabs(x), 9.0f);
  const float e = ExpNonPositive(-2.0f * magnitude);
  const float t = (1.0f - e) / (1.0f + e);
  return std::copysign(t, x);
}

// Both sides computed, then selected: GCC does not if-convert a branch
// holding float arithmetic that could trap, and would not vectorize.
inline float Elu(float x) {
  const float negative = ExpNonPositive(std::min(x, 0.0f)) - 1.0f;
  return std::max(x, 0.0f) + std::min(negative, 0.0f);
}

// Sum of (x[i] - center)^2, or of x[i] with `square` false. Sixteen running
// sums: one would chain every add on the last (GCC keeps float sums in order)
// and wait out each add's latency.
inline float RowSum(const float* x, int64_t width, float center, bool square) {
  constexpr int kLanes = 16;
  float lanes[kLanes] = {};
  int64_t i = 0;
  for (; i + kLanes <= width; i += kLanes) {
    for (int j = 0; j < kLanes; ++j) {
      const float value = x[i + j] - center;
      lanes[j] += square ? value * value : value;
    }
  }
  float sum = 0.0f;
  for (; i < width; ++i) {
    const float value = x[i] - center;
    sum += square ? value * value : value;
  }
  for (int j = 0; j < kLanes; ++j) sum += lanes[j];
  return sum;
}

PREFCTL_ROW_KERNEL void BiasLayerNormTanhRow(float* x, int64_t width,
                                             const float* bias,
                                             const float* scale,
                                             const float* shift) {
  for (int64_t i = 0; i < width; ++i) x[i] += bias[i];
  const float mean = RowSum(x, width, 0.0f, false) / static_cast<float>(width);
  const float variance =
      RowSum(x, width, mean, true) / static_cast<float>(width);
  const float inverse_std = 1.0f / std::sqrt(variance + 1e-5f);
  for (int64_t i = 0; i < width; ++i) {
    x[i] = Tanh((x[i] - mean) * inverse_std * scale[i] + shift[i]);
  }
}

PREFCTL_ROW_KERNEL void BiasEluRow(float* x, int64_t width, const float* bias) {
  for (int64_t i = 0; i < width; ++i) x[i] = Elu(x[i] + bias[i]);
}

}  // namespace

void BiasLayerNormTanhInPlace(float* x, int64_t rows, int64_t width,
                              const float* bias, const float* scale,
                              const float* shift) {
  for (int64_t row = 0; row < rows; ++row) {
    BiasLayerNormTanhRow(x + row * width, width, bias, scale, shift);
  }
}

void BiasEluInPlace(float* x, int64_t rows, int64_t width, const float* bias) {
  for (int64_t row = 0; row < rows; ++row) {
    BiasEluRow(x + row * width, width, bias);
  }
}

}  // namespace prefctl
