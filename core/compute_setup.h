// Process-wide settings for tensor work on these machines, set once before
// training or benchmarking (DESIGN.md section 4: thread counts must be set
// deliberately on 2 cores).
#ifndef PREFCTL_CORE_COMPUTE_SETUP_H_
#define PREFCTL_CORE_COMPUTE_SETUP_H_

namespace prefctl {

// Sets LibTorch's intra-op threads and OpenBLAS's own thread count to
// `threads`, and keeps freed large tensor blocks in the process. Measured on
// the learner update (perf, 2-core VM): OpenBLAS worker threads spinning in
// sched_yield took 25% of the time, since torch::set_num_threads does not
// reach Debian's OpenBLAS; returning blocks to the kernel after every update
// cost 20% in page faults.
void SetUpCompute(int threads);

}  // namespace prefctl

#endif  // PREFCTL_CORE_COMPUTE_SETUP_H_
