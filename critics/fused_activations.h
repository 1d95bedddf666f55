// One-pass activations for the Q ensemble's evaluations without gradients
// (the critic on N sampled actions per state, the n-step target), the bulk of
// an update's elementwise work: LibTorch makes one pass over the
// [heads, rows, width] activations per op (bias add, layer norm, scale,
// shift, tanh; bias add, ELU), these make one. They compute the same
// functions as those ops; tanh and exp here are accurate to about 1e-7
// absolute instead of LibTorch's 1 ulp, so results differ in the last bits.
// Plain floats, no LibTorch: the caller hands in contiguous buffers.
#ifndef PREFCTL_CRITICS_FUSED_ACTIVATIONS_H_
#define PREFCTL_CRITICS_FUSED_ACTIVATIONS_H_

#include <cstdint>

namespace prefctl {

// In place, x [rows, width], with y = x + bias:
//   x = tanh((y - mean) / sqrt(var + 1e-5) * scale + shift)
// with mean and (biased) variance of y over each row, as torch::layer_norm
// without its own affine; bias, scale and shift [width].
void BiasLayerNormTanhInPlace(float* x, int64_t rows, int64_t width,
                              const float* bias, const float* scale,
                              const float* shift);

// In place, x [rows, width]: x = elu(x + bias), bias [width].
void BiasEluInPlace(float* x, int64_t rows, int64_t width, const float* bias);

}  // namespace prefctl

#endif  // PREFCTL_CRITICS_FUSED_ACTIVATIONS_H_
