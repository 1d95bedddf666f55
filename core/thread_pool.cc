#include "core/thread_pool.h"

#include <chrono>
#include <stdexcept>

namespace prefctl {
namespace {

// How long a waiting thread spins before it sleeps.
constexpr auto kSpinDuration = std::chrono::microseconds(100);

// Spins until `done()` or the spin time is over; returns done().
template <typename Predicate>
bool SpinUntil(Predicate done) {
  const auto deadline = std::chrono::steady_clock::now() + kSpinDuration;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
  }
  return true;
}

}  // namespace

ThreadPool::ThreadPool(int num_threads) {
  if (num_threads < 1) {
    throw std::invalid_argument("ThreadPool needs at least one thread");
  }
  for (int i = 1; i < num_threads; ++i) {
    workers_.emplace_back([this, i] { WorkerLoop(i); });
  }
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

void ThreadPool::RunShare(int thread_index) {
  const int threads = num_threads();
  const int begin = static_cast<int>(int64_t{n_} * thread_index / threads);
  const int end = static_cast<int>(int64_t{n_} * (thread_index + 1) / threads);
  if (begin < end) function_(context_, begin, end);
}

void ThreadPool::Run(int n, RangeFunction function, void* context) {
  if (workers_.empty() || n <= 1) {
    if (n > 0) function(context, 0, n);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    function_ = function;
    context_ = context;
    n_ = n;
    pending_ = static_cast<int>(workers_.size());
    ++generation_;
  }
  work_ready_.notify_all();
  RunShare(0);
  if (SpinUntil([this] { return pending_.load() == 0; })) return;
  std::unique_lock<std::mutex> lock(mutex_);
  work_done_.wait(lock, [this] { return pending_.load() == 0; });
}

void ThreadPool::WorkerLoop(int worker_index) {
  uint64_t seen_generation = 0;
  while (true) {
    auto ready = [&] {
      return stopping_.load() || generation_.load() != seen_generation;
    };
    if (!SpinUntil(ready)) {
      std::unique_lock<std::mutex> lock(mutex_);
      work_ready_.wait(lock, ready);
    }
    if (stopping_) return;
    {
      // The lock orders this read of the call's arguments after their write.
      std::lock_guard<std::mutex> lock(mutex_);
      seen_generation = generation_;
    }
    RunShare(worker_index);
    if (pending_.fetch_sub(1) == 1) {
      std::lock_guard<std::mutex> lock(mutex_);
      work_done_.notify_one();
    }
  }
}

}  // namespace prefctl
