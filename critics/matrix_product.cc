#include "critics/matrix_product.h"

#include <dnnl.h>

#include <stdexcept>
#include <string>

namespace prefctl {

void MatrixProduct(const float* a, const float* b, float* c, int64_t m,
                   int64_t k, int64_t n) {
  const dnnl_status_t status =
      dnnl_sgemm('N', 'N', m, n, k, 1.0f, a, k, b, n, 0.0f, c, n);
  if (status != dnnl_success) {
    throw std::runtime_error("oneDNN sgemm failed (status " +
                             std::to_string(static_cast<int>(status)) +
                             ") for [" + std::to_string(m) + ", " +
                             std::to_string(k) + "] x [" + std::to_string(k) +
                             ", " + std::to_string(n) + "]");
  }
}

}  // namespace prefctl
