// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
//
// History case rocksdb 314de7e7de ("Make DB::Close() thread-safe"): close()
// tested a plain "closed" flag, did its checks under the state lock, set the
// flag and released everything. Two threads could both pass the test and
// release twice. The fix holds one mutex over the test, the set and the
// release. Same shape, own code.

#include <mutex>

int releaseAll();

class Store {
public:
  int close() {
    if (!closed_) {
    // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'closed_': lazy initialization is not atomic [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:10: note: check of 'closed_' here; shared because 'Store' has the synchronization member 'mu_' (medium confidence)
      {
        std::lock_guard<std::mutex> g(mu_);
        if (pinned_ != 0)
          return -1;
      }
      closed_ = true;
      // CHECK: :[[@LINE-1]]:7: note: act on 'closed_' here
      // CHECK: :[[@LINE-2]]:7: note: use 'std::call_once' with a 'std::once_flag' for the initialization
      return releaseAll();
    }
    return 0;
  }

  // The fix: one critical section from the test to the release.
  int closeOnce() {
    std::lock_guard<std::mutex> c(closeMu_);
    if (closed_)
      return status_;
    {
      std::lock_guard<std::mutex> g(mu_);
      if (pinned_ != 0)
        return -1;
    }
    closed_ = true;
    status_ = releaseAll();
    return status_;
  }

private:
  std::mutex mu_;
  std::mutex closeMu_;
  int pinned_ = 0;
  bool closed_ = false;
  int status_ = 0;
};
