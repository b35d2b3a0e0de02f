// RUN: %clang_cta_real -fsyntax-only %s 2>&1 | %check_clean --check-prefix=DEFAULT %s
// DEFAULT-NOT: warning:
// RUN: %clang_cta_real -fsyntax-only -fplugin-arg-cta-min-confidence=low %s 2>&1 | %check_strict %s
//
// History case trantor f95d9f5 ("Modify the EventLoopThread class"): run()
// asserted that no thread was started yet and then started one. The assert
// is the only test: two callers of run() both pass it (always, with NDEBUG)
// and start two threads. The fix starts the thread under std::call_once.
// The test's other branch aborts, so the code states "runs once" and the
// finding is low confidence (hidden by default). Same shape, own code.

#include <cassert>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

class Worker {
public:
  void run() {
    assert(!thread_);
    // CHECK: :[[@LINE-1]]:5: warning: check-then-act race on shared 'thread_': lazy initialization is not atomic [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:5: note: check of 'thread_' here; shared because 'Worker' has the synchronization member 'mu_' (low confidence)
    thread_ = std::make_unique<std::thread>([this] { loop(); });
    // CHECK: :[[@LINE-1]]:5: note: act on 'thread_' here
    // CHECK: :[[@LINE-2]]:5: note: use a function-local static (initialized once, thread-safe since C++11) or 'std::call_once'
    std::unique_lock<std::mutex> l(mu_);
    while (!ready_)
      cv_.wait(l);
  }

  // The fix: the thread is started once.
  void runOnce() {
    std::call_once(started_, [this] {
      thread_ = std::make_unique<std::thread>([this] { loop(); });
    });
  }

private:
  void loop();
  std::mutex mu_;
  std::condition_variable cv_;
  std::once_flag started_;
  bool ready_ = false;
  std::unique_ptr<std::thread> thread_;
};
