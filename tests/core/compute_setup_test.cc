#include "core/compute_setup.h"

#include <dlfcn.h>
#include <gtest/gtest.h>
#include <torch/torch.h>

namespace prefctl {
namespace {

// torch::set_num_threads does not reach Debian's OpenBLAS, whose spinning
// workers cost a quarter of the learner's time on 2 cores (DESIGN.md
// section 4); SetUpCompute sets both.
TEST(ComputeSetupTest, SetsTorchAndOpenBlasThreads) {
  using GetThreads = int (*)();
  const auto openblas_threads = reinterpret_cast<GetThreads>(
      dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
  for (int threads : {2, 1}) {
    SetUpCompute(threads);
    EXPECT_EQ(torch::get_num_threads(), threads);
    if (openblas_threads != nullptr) {
      EXPECT_EQ(openblas_threads(), threads);
    }
  }
}

}  // namespace
}  // namespace prefctl
