// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
//
// History case brpc 1337db03 ("Fix batch create stream and make
// SetHostSocket thread safe"): attaching a stream to its host connection
// tested the host pointer, complained if it was set, registered the stream
// and stored the pointer. Two streams of one batch could both see it unset
// and register twice. The fix runs the body under std::call_once.
// Same shape, own code.

#include <memory>
#include <mutex>

void logError(const char *Msg);

struct Host {
  int attach(int Id);
  std::unique_ptr<Host> addRef();
};

class Channel {
public:
  int setHost(Host *h) {
    if (host_ != nullptr) {
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'host_': lazy initialization is not atomic [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:9: note: check of 'host_' here; shared because 'Channel' has the synchronization member 'mu_' (medium confidence)
      logError("setHost called twice");
      return -1;
    }
    std::unique_ptr<Host> ref = h->addRef();
    if (ref->attach(id_) != 0)
      return -1;
    host_ = ref.release();
    // CHECK: :[[@LINE-1]]:5: note: act on 'host_' here
    // CHECK: :[[@LINE-2]]:5: note: use a function-local static (initialized once, thread-safe since C++11) or 'std::call_once'
    return 0;
  }

  // The fix: the whole attachment runs once.
  int setHostOnce(Host *h) {
    std::call_once(hostOnce_, [this, h] {
      std::unique_ptr<Host> ref = h->addRef();
      if (ref->attach(id_) == 0)
        host_ = ref.release();
    });
    return 0;
  }

private:
  std::mutex mu_;
  std::once_flag hostOnce_;
  int id_ = 0;
  Host *host_ = nullptr;
};
