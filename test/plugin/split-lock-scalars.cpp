// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
//
// cta-split-lock on plain integers and flags: a bound, a counter or a state
// compared in one critical section and updated in a later one.

#include <mutex>

void startWorkers();

class Limiter {
public:
  //===--------------------------------------------------------------------===//
  // Positive.
  //===--------------------------------------------------------------------===//

  bool acquire() {
    {
      std::lock_guard<std::mutex> g(mu_);
      if (active_ >= limit_)
      // CHECK: :[[@LINE-1]]:11: warning: check-then-act race on shared 'active_': checked under one lock and changed under another without a re-check [cta-split-lock]
      // CHECK: :[[@LINE-2]]:11: note: check of 'active_' here
        return false;
    }
    startWorkers();
    std::lock_guard<std::mutex> g(mu_);
    ++active_;
    // CHECK: :[[@LINE-1]]:5: note: act on 'active_' here
    // CHECK: note: use {{.+}}
    return true;
  }

  void start() {
    std::unique_lock<std::mutex> l(mu_);
    if (!started_) {
    // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'started_': checked under one lock and changed under another without a re-check [cta-split-lock]
    // CHECK: :[[@LINE-2]]:10: note: check of 'started_' here
      l.unlock();
      startWorkers();
      l.lock();
      started_ = true;
      // CHECK: :[[@LINE-1]]:7: note: act on 'started_' here
      // CHECK: note: use {{.+}}
    }
  }

  enum State { Idle, Running };
  void run() {
    mu_.lock();
    if (state_ != Idle) {
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'state_': checked under one lock and changed under another without a re-check [cta-split-lock]
    // CHECK: :[[@LINE-2]]:9: note: check of 'state_' here
      mu_.unlock();
      return;
    }
    mu_.unlock();
    startWorkers();
    mu_.lock();
    state_ = Running;
    // CHECK: :[[@LINE-1]]:5: note: act on 'state_' here
    // CHECK: note: use {{.+}}
    mu_.unlock();
  }

  //===--------------------------------------------------------------------===//
  // Negative.
  //===--------------------------------------------------------------------===//

  // One section for the bound and the increment.
  bool acquireOneSection() {
    std::lock_guard<std::mutex> g(mu_);
    if (active_ >= limit_)
      return false;
    ++active_;
    return true;
  }

  // The bound tested again under the second lock.
  bool acquireRechecked() {
    {
      std::lock_guard<std::mutex> g(mu_);
      if (active_ >= limit_)
        return false;
    }
    startWorkers();
    std::lock_guard<std::mutex> g(mu_);
    if (active_ >= limit_)
      return false;
    ++active_;
    return true;
  }

  // The update is not guarded by the test.
  void countAlways() {
    {
      std::lock_guard<std::mutex> g(mu_);
      if (active_ > limit_)
        startWorkers();
    }
    std::lock_guard<std::mutex> g(mu_);
    ++active_;
  }

  // A local counter and a parameter are the function's own.
  int localTally(int n) {
    int hits = 0;
    {
      std::lock_guard<std::mutex> g(mu_);
      if (hits >= n)
        return hits;
    }
    std::lock_guard<std::mutex> g(mu_);
    ++hits;
    return hits;
  }

  // A different member is changed.
  void otherMember() {
    {
      std::lock_guard<std::mutex> g(mu_);
      if (active_ >= limit_)
        return;
    }
    std::lock_guard<std::mutex> g(mu_);
    ++served_;
  }

  // No lock at the check: not this rule's (a data race on a plain integer).
  void unlockedBound() {
    if (active_ >= limit_)
      return;
    std::lock_guard<std::mutex> g(mu_);
    ++active_;
  }

private:
  std::mutex mu_;
  int active_ = 0;
  int served_ = 0;
  const int limit_ = 8;
  long used_ = 0;
  long budget_ = 1 << 20;
  bool started_ = false;
  State state_ = Idle;
};

// The same shape in a constructor: 'this' belongs to one thread.
struct Startup {
  explicit Startup(int n) {
    {
      std::lock_guard<std::mutex> g(mu_);
      if (active_ >= n)
        return;
    }
    std::lock_guard<std::mutex> g(mu_);
    ++active_;
  }
  std::mutex mu_;
  int active_ = 0;
};
