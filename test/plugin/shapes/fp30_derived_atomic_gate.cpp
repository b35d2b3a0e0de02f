// Protocol exclusion through an atomic wrapper: brpc's `butil::atomic<T>`
// derives from std::atomic<T>, and `Socket::StartWrite` /
// `ExecutionQueueBase::start_execute` gate their bodies on the result of
// `_head.exchange(node)`: only the thread that found the queue empty (null)
// goes on. The exchange is the base class's, and gates as std::atomic's does.
// RUN: %clang_cta_real -fsyntax-only %s 2>&1 | FileCheck %s --implicit-check-not='{{warning|error}}:'
#include <atomic>
#include <mutex>

namespace butil {
template <typename T> class atomic : public ::std::atomic<T> {
public:
  atomic() {}
};
} // namespace butil

struct Req {
  Req *next = nullptr;
  bool shutdown() const;
};

class Socket {
public:
  // Negative: the rest of the function runs for the thread whose exchange
  // returned null only.
  int StartWrite(Req *req) {
    Req *const prev = _write_head.exchange(req, std::memory_order_release);
    if (prev != nullptr) {
      req->next = prev;
      return 0;
    }
    if (_is_write_shutdown)
      return -1;
    _is_write_shutdown = req->shutdown();
    return 1;
  }

  // Positive twin: the check and act are before the gate, where every
  // thread runs.
  int StartWriteEarly(Req *req) {
    if (_early)
      return -1;
    // CHECK: [[@LINE-2]]:9: warning: {{.*}}'_early'{{.*}} [cta-lazy-init]
    _early = req->shutdown();
    Req *const prev = _write_head.exchange(req, std::memory_order_release);
    if (prev != nullptr)
      return 0;
    return 1;
  }

private:
  std::mutex _mutex;
  butil::atomic<Req *> _write_head;
  bool _is_write_shutdown = false;
  bool _early = false;
};
