// A fixed pool of worker threads for data-parallel loops (the VecEnv steps
// its environments with it). The calling thread takes part, so a pool of T
// threads starts T - 1 workers and a pool of 1 runs everything inline.
//
// ParallelFor hands out contiguous, statically assigned index ranges: thread
// t always gets the same range, which keeps per-environment state on one core
// and makes results independent of scheduling. No heap allocation happens per
// call: the loop body is passed by reference through a plain function pointer.
//
// Waiting spins for a short while before sleeping on a condition variable:
// a batch of cheap environment steps takes tens of microseconds, about what a
// condition-variable wake-up costs, so sleeping at once would halve the gain
// of a second thread. The spin is bounded, so idle workers do not steal the
// core from the learner for long.
#ifndef PREFCTL_CORE_THREAD_POOL_H_
#define PREFCTL_CORE_THREAD_POOL_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace prefctl {

class ThreadPool {
 public:
  explicit ThreadPool(int num_threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int num_threads() const { return static_cast<int>(workers_.size()) + 1; }

  // Calls body(begin, end) on disjoint ranges covering [0, n) and returns when
  // all are done. Ranges are split evenly in index order across the threads.
  template <typename Body>
  void ParallelFor(int n, Body&& body) {
    auto trampoline = [](void* context, int begin, int end) {
      (*static_cast<std::remove_reference_t<Body>*>(context))(begin, end);
    };
    Run(n, trampoline, const_cast<void*>(static_cast<const void*>(&body)));
  }

 private:
  using RangeFunction = void (*)(void* context, int begin, int end);

  void Run(int n, RangeFunction function, void* context);
  void WorkerLoop(int worker_index);
  void RunShare(int thread_index);

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable work_done_;
  std::atomic<uint64_t> generation_{0};  // Bumped once per ParallelFor call.
  std::atomic<int> pending_{0};  // Workers still running the current call.
  std::atomic<bool> stopping_{false};
  RangeFunction function_ = nullptr;
  void* context_ = nullptr;
  int n_ = 0;
};

}  // namespace prefctl

#endif  // PREFCTL_CORE_THREAD_POOL_H_
