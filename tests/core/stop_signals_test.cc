#include "core/stop_signals.h"

#include <gtest/gtest.h>
#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <thread>

namespace prefctl {
namespace {

bool Blocks(int signal) {
  sigset_t mask;
  pthread_sigmask(SIG_BLOCK, nullptr, &mask);
  return sigismember(&mask, signal) == 1;
}

TEST(StopSignalsTest, ASignalIsRecordedInsteadOfEndingTheProcess) {
  struct sigaction before = {}, after = {};
  sigaction(SIGTERM, nullptr, &before);
  {
    const StopSignals stop_signals(StopSignals::Receiver::kAnyThread);
    EXPECT_EQ(stop_signals.received(), 0);
    raise(SIGTERM);  // Handled in this thread before raise returns.
    EXPECT_EQ(stop_signals.received(), SIGTERM);
  }
  sigaction(SIGTERM, nullptr, &after);
  EXPECT_EQ(after.sa_handler, before.sa_handler);
  const StopSignals again(StopSignals::Receiver::kAnyThread);
  EXPECT_EQ(again.received(), 0);
}

TEST(StopSignalsTest, AnyThreadReceiverInterruptsABlockingCall) {
  const StopSignals stop_signals(StopSignals::Receiver::kAnyThread);
  int pipe_ends[2];
  ASSERT_EQ(pipe(pipe_ends), 0);
  const pthread_t reader = pthread_self();
  std::atomic<bool> returned{false};
  // Repeated, in case one lands before read blocks.
  std::thread sender([&] {
    while (!returned) {
      pthread_kill(reader, SIGINT);
      std::this_thread::yield();
    }
  });
  char byte = 0;
  const ssize_t result = read(pipe_ends[0], &byte, 1);
  const int error = errno;
  returned = true;
  sender.join();
  EXPECT_EQ(result, -1);
  EXPECT_EQ(error, EINTR);
  EXPECT_EQ(stop_signals.received(), SIGINT);
  close(pipe_ends[0]);
  close(pipe_ends[1]);
}

TEST(StopSignalsTest, OwnThreadReceiverKeepsSignalsOffThisAndNewThreads) {
  ASSERT_FALSE(Blocks(SIGTERM));
  {
    const StopSignals stop_signals(StopSignals::Receiver::kOwnThread);
    EXPECT_TRUE(Blocks(SIGINT));
    EXPECT_TRUE(Blocks(SIGTERM));
    bool new_thread_blocks = false;
    std::thread([&] {
      new_thread_blocks = Blocks(SIGINT) && Blocks(SIGTERM);
    }).join();
    EXPECT_TRUE(new_thread_blocks);
    kill(getpid(), SIGTERM);
    // Taken by the receiver thread: wait for it, with a generous deadline.
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (stop_signals.received() == 0 &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::yield();
    }
    EXPECT_EQ(stop_signals.received(), SIGTERM);
  }
  EXPECT_FALSE(Blocks(SIGTERM));
  EXPECT_FALSE(Blocks(SIGINT));
}

}  // namespace
}  // namespace prefctl
