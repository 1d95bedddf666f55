// C = A B for row-major float matrices through oneDNN's sgemm (libdnnl,
// which Debian's LibTorch itself loads), for the Q ensemble's products
// without gradients. Measured here (one thread, python3-torch's
// torch.mm for OpenBLAS): 0.45 of OpenBLAS's time at [5120, 256] x
// [256, 256], 0.24-0.47 from [1280, 6] x [6, 64] up; no layout copies, as
// LibTorch's own oneDNN path (at::mkldnn_linear) needs. Threads: oneDNN's
// OpenMP ones, i.e. what torch::set_num_threads set. A signal handled by a
// thread inside this call corrupts the heap (oneDNN 2.x's JIT kernels move
// rsp into the heap): a process that handles signals keeps them off the
// threads that call it (core/stop_signals.h).
#ifndef PREFCTL_CRITICS_MATRIX_PRODUCT_H_
#define PREFCTL_CRITICS_MATRIX_PRODUCT_H_

#include <cstdint>

namespace prefctl {

// c [m, n] = a [m, k] b [k, n], all contiguous. Throws std::runtime_error
// if oneDNN reports an error.
void MatrixProduct(const float* a, const float* b, float* c, int64_t m,
                   int64_t k, int64_t n);

}  // namespace prefctl

#endif  // PREFCTL_CRITICS_MATRIX_PRODUCT_H_
