#include "core/compute_setup.h"

#include <dlfcn.h>
#include <malloc.h>
#include <torch/torch.h>

namespace prefctl {

void SetUpCompute(int threads) {
  torch::set_num_threads(threads);
  // Looked up at run time: libtorch brings OpenBLAS in as a dependency, and
  // Debian ships no development link for it.
  using SetThreads = void (*)(int);
  if (auto set_openblas_threads = reinterpret_cast<SetThreads>(
          dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) {
    set_openblas_threads(threads);
  }
  // glibc's largest mmap threshold (32 MiB on 64-bit) serves activations
  // from the heap, and a high trim threshold keeps the heap from shrinking.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

}  // namespace prefctl
