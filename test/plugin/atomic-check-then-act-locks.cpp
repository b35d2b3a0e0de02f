// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
//
// cta-atomic-check-then-act and locks: one critical section over the read and the
// write is atomic; a read in one section and the write in a later one is not, and is
// reported by this rule (cta-split-lock leaves atomics alone). Each pair is reported
// by exactly one rule.

#include <atomic>
#include <mutex>

class Pool {
public:
  // The read under one lock, the write under a second one.
  bool reserve() {
    {
      std::lock_guard<std::mutex> g(mu_);
      if (used_.load() >= cap_)
      // CHECK: :[[@LINE-1]]:11: warning: check-then-act race on shared 'used_': 'load' then 'fetch_add' on a std::atomic are not atomic together [cta-atomic-check-then-act]
      // CHECK: :[[@LINE-2]]:11: note: check of 'used_' here
        return false;
    }
    std::lock_guard<std::mutex> g(mu_);
    used_.fetch_add(1);
    // CHECK: :[[@LINE-1]]:5: note: act on 'used_' here
    // CHECK: :[[@LINE-2]]:5: note: use a 'compare_exchange_weak' loop {{.+}}
    return true;
  }

  // A lock around the write only.
  void lower(int v) {
    if (v < low_) {
    // CHECK: :[[@LINE-1]]:13: warning: check-then-act race on shared 'low_': 'load' then 'assignment' on a std::atomic are not atomic together [cta-atomic-check-then-act]
    // CHECK: :[[@LINE-2]]:13: note: check of 'low_' here
      std::lock_guard<std::mutex> g(mu_);
      low_ = v;
      // CHECK: :[[@LINE-1]]:7: note: act on 'low_' here
      // CHECK: :[[@LINE-2]]:7: note: use a 'compare_exchange_weak' loop so the test and the write are one step: 'auto cur = low_.load(); while (v < cur && !low_.compare_exchange_weak(cur, v)) {}' (the write happened if 'v < cur' holds after the loop)
    }
  }

  // Negative: read and write under one lock.
  bool reserveLocked() {
    std::lock_guard<std::mutex> g(mu_);
    if (used_.load() >= cap_)
      return false;
    used_.fetch_add(1);
    return true;
  }

  // Negative: an unlocked fast path, re-checked under the lock before the write.
  bool reserveRechecked() {
    if (used_.load() >= cap_)
      return false;
    std::lock_guard<std::mutex> g(mu_);
    if (used_.load() >= cap_)
      return false;
    used_.fetch_add(1);
    return true;
  }

  // Negative: a reset after a test is not an act on a pointer or flag.
  void clearIfSet() {
    if (dirty_.load())
      dirty_.store(false);
  }

private:
  std::mutex mu_;
  std::atomic<int> used_{0};
  const int cap_ = 8;
  std::atomic<int> low_{1 << 30};
  std::atomic<bool> dirty_{false};
};
