// SIGINT and SIGTERM as a request to stop rather than the end of the
// process, for as long as a StopSignals object lives: a long job (a
// training, a suite) polls received() at safe points and saves its work.
//
// A computing process must keep the signals off its compute threads:
// oneDNN 2.x's JIT sgemm kernels (Debian 12 ships libdnnl 2.6.3;
// critics/matrix_product.h calls them) point rsp at a heap workspace while
// they run, so a signal frame pushed there overwrites heap memory (oneDNN
// issue #4845, fixed in 3.11 by PR #4855). Measured on this VM: dnnl_sgemm
// of [256, 256] x [256, 256] in a loop under a 5 kHz SIGALRM handler
// segfaults or aborts ("realloc(): invalid pointer") within a second, and
// `prefctl train` stopped by SIGTERM aborted with glibc heap corruption in
// 5 of 16 tries (docs/notes.md, session 16).
#ifndef PREFCTL_CORE_STOP_SIGNALS_H_
#define PREFCTL_CORE_STOP_SIGNALS_H_

#include <signal.h>

#include <atomic>
#include <thread>

namespace prefctl {

class StopSignals {
 public:
  enum class Receiver {
    // The handler runs in whichever thread the kernel picks, and a blocking
    // call there (waitpid) returns EINTR: for a process that waits.
    kAnyThread,
    // The constructing thread, and every thread it starts while the object
    // lives, blocks the signals; a thread of the object's own takes them:
    // for a process that computes. Threads started before keep the handler.
    kOwnThread,
  };

  // One at a time per process. Clears received().
  explicit StopSignals(Receiver receiver);
  // Restores the handlers and, for kOwnThread, the constructing thread's
  // signal mask; must run on the constructing thread.
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // SIGINT or SIGTERM once one arrived since construction, else 0.
  int received() const;

 private:
  struct sigaction old_interrupt_ = {}, old_terminate_ = {};
  sigset_t old_mask_ = {};
  std::atomic<bool> closing_{false};
  std::thread receiver_;
};

}  // namespace prefctl

#endif  // PREFCTL_CORE_STOP_SIGNALS_H_
