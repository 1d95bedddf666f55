#include "core/stop_signals.h"

#include <pthread.h>

namespace prefctl {
namespace {

// Written by the handler, so lock-free (async-signal-safe) atomics only.
std::atomic<int> received_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);

void RecordSignal(int signal) {
  received_signal.store(signal, std::memory_order_relaxed);
}

sigset_t StopSet() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

StopSignals::StopSignals(Receiver receiver) {
  received_signal = 0;
  // The handler first, so no thread meets the default action (termination)
  // in between; without SA_RESTART, so that it interrupts waitpid.
  struct sigaction action = {};
  action.sa_handler = RecordSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &old_interrupt_);
  sigaction(SIGTERM, &action, &old_terminate_);
  if (receiver == Receiver::kOwnThread) {
    const sigset_t set = StopSet();
    pthread_sigmask(SIG_BLOCK, &set, &old_mask_);
    // Started after the block, so it inherits it, as sigwait requires.
    receiver_ = std::thread([this, set] {
      for (;;) {
        int signal = 0;
        if (sigwait(&set, &signal) != 0) continue;
        if (closing_) return;
        RecordSignal(signal);
      }
    });
  }
}

StopSignals::~StopSignals() {
  if (receiver_.joinable()) {
    closing_ = true;
    pthread_kill(receiver_.native_handle(), SIGTERM);
    receiver_.join();
    pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
  }
  sigaction(SIGINT, &old_interrupt_, nullptr);
  sigaction(SIGTERM, &old_terminate_, nullptr);
}

int StopSignals::received() const {
  return received_signal.load(std::memory_order_relaxed);
}

}  // namespace prefctl
