// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
//
// cta-atomic-check-then-act: a std::atomic read (load() or an implicit conversion),
// tested, then written (store, =, ++, fetch_add, fetch_sub, exchange) with no lock
// over both. Each access is atomic; the test and the write are not. The warning sits
// at the read; the last note gives the compare_exchange loop (or exchange) to use.

#include <atomic>
#include <mutex>

struct Node {
  Node();
};
void startWorkers();
void log(int N);

class Limiter {
public:
  // A bounded counter: both threads see 9 < 10, the count ends at 11.
  bool tryAcquire() {
    if (inflight_.load() < cap_) {
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'inflight_': 'load' then 'fetch_add' on a std::atomic are not atomic together [cta-atomic-check-then-act]
    // CHECK: :[[@LINE-2]]:9: note: check of 'inflight_' here
      inflight_.fetch_add(1);
      // CHECK: :[[@LINE-1]]:7: note: act on 'inflight_' here
      // CHECK: :[[@LINE-2]]:7: note: use a 'compare_exchange_weak' loop so the test and the write are one step: 'auto cur = inflight_.load(); while (cur < cap_ && !inflight_.compare_exchange_weak(cur, cur + 1)) {}' (the write happened if 'cur < cap_' holds after the loop), or 'fetch_add' first and undo it when the bound is exceeded
      return true;
    }
    return false;
  }

  // The same with an early exit and ++.
  bool tryAcquireEarlyExit() {
    if (inflight_ >= cap_)
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'inflight_': 'load' then 'operator++' on a std::atomic are not atomic together [cta-atomic-check-then-act]
    // CHECK: :[[@LINE-2]]:9: note: check of 'inflight_' here
      return false;
    ++inflight_;
    // CHECK: :[[@LINE-1]]:5: note: act on 'inflight_' here
    // CHECK: :[[@LINE-2]]:5: note: use a 'compare_exchange_weak' loop so the test and the write are one step: 'auto cur = inflight_.load(); while (!(cur >= cap_) && !inflight_.compare_exchange_weak(cur, cur + 1)) {}' (the write happened if '!(cur >= cap_)' holds after the loop), or 'fetch_add' first and undo it when the bound is exceeded
    return true;
  }

  // A release that can go below zero.
  void release() {
    if (inflight_.load(std::memory_order_relaxed) > 0)
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'inflight_': 'load' then 'fetch_sub' on a std::atomic are not atomic together [cta-atomic-check-then-act]
    // CHECK: :[[@LINE-2]]:9: note: check of 'inflight_' here
      inflight_.fetch_sub(1, std::memory_order_relaxed);
    // CHECK: :[[@LINE-1]]:7: note: act on 'inflight_' here
    // CHECK: :[[@LINE-2]]:7: note: use a 'compare_exchange_weak' loop {{.*}}'auto cur = inflight_.load(); while (cur > 0 && !inflight_.compare_exchange_weak(cur, cur - 1)) {}'{{.*}}
  }

  // A relaxed add under a budget check, through a local snapshot.
  bool spend(long bytes) {
    long used = used_.load(std::memory_order_relaxed);
    // CHECK: :[[@LINE-1]]:17: warning: check-then-act race on shared 'used_': 'load' then 'fetch_add' on a std::atomic are not atomic together [cta-atomic-check-then-act]
    // CHECK: :[[@LINE-2]]:17: note: check of 'used_' here
    if (used + bytes > budget_)
      return false;
    used_.fetch_add(bytes, std::memory_order_relaxed);
    // CHECK: :[[@LINE-1]]:5: note: act on 'used_' here
    // CHECK: :[[@LINE-2]]:5: note: use a 'compare_exchange_weak' loop {{.+}}
    return true;
  }

  // A high-water mark: a smaller value can overwrite a larger one.
  void observe(long v) {
    if (v > peak_)
    // CHECK: :[[@LINE-1]]:13: warning: check-then-act race on shared 'peak_': 'load' then 'assignment' on a std::atomic are not atomic together [cta-atomic-check-then-act]
    // CHECK: :[[@LINE-2]]:13: note: check of 'peak_' here
      peak_ = v;
    // CHECK: :[[@LINE-1]]:7: note: act on 'peak_' here
    // CHECK: :[[@LINE-2]]:7: note: use a 'compare_exchange_weak' loop so the test and the write are one step: 'auto cur = peak_.load(); while (v > cur && !peak_.compare_exchange_weak(cur, v)) {}' (the write happened if 'v > cur' holds after the loop)
  }

  // A high-water mark with store().
  void observeStore(long v) {
    if (peak_.load() < v)
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'peak_': 'load' then 'store' on a std::atomic are not atomic together [cta-atomic-check-then-act]
    // CHECK: :[[@LINE-2]]:9: note: check of 'peak_' here
      peak_.store(v);
    // CHECK: :[[@LINE-1]]:7: note: act on 'peak_' here
    // CHECK: :[[@LINE-2]]:7: note: use a 'compare_exchange_weak' loop {{.*}}'auto cur = peak_.load(); while (cur < v && !peak_.compare_exchange_weak(cur, v)) {}'{{.*}}
  }

  // Negative: fetch_add first, then check and undo.
  bool tryAcquireUndo() {
    if (inflight_.fetch_add(1) >= cap_) {
      inflight_.fetch_sub(1);
      return false;
    }
    return true;
  }

  // Negative: a compare_exchange loop with the bound inside.
  bool tryAcquireCas() {
    int cur = inflight_.load();
    do {
      if (cur >= cap_)
        return false;
    } while (!inflight_.compare_exchange_weak(cur, cur + 1));
    return true;
  }

  // Negative: a high-water mark by compare_exchange.
  void observeCas(long v) {
    long prev = peak_.load();
    while (prev < v && !peak_.compare_exchange_weak(prev, v)) {
    }
  }

  // Negative: a fast-path test, then the fetch_add whose result decides.
  bool tryAcquireFastPath() {
    if (inflight_.load() >= cap_)
      return false;
    if (inflight_.fetch_add(1) >= cap_) {
      inflight_.fetch_sub(1);
      return false;
    }
    return true;
  }

  // Negative: test and write under one lock.
  bool tryAcquireLocked() {
    std::lock_guard<std::mutex> g(mu_);
    if (inflight_.load() >= cap_)
      return false;
    ++inflight_;
    return true;
  }

  // Negative: an unconditional add, then a test of its result.
  void count() {
    if (++calls_ % 1000 == 0)
      log(calls_.load());
  }

private:
  std::mutex mu_;
  std::atomic<int> inflight_{0};
  const int cap_ = 10;
  std::atomic<long> used_{0};
  const long budget_ = 1 << 20;
  std::atomic<long> peak_{0};
  std::atomic<unsigned> calls_{0};
};

//===----------------------------------------------------------------------===//
// One-shot flags and pointer publication.
//===----------------------------------------------------------------------===//

std::atomic<bool> g_started{false};
std::atomic<Node *> g_head{nullptr};
std::mutex g_mu;

void startOnce() {
  if (!g_started) {
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_started': 'flag test' then 'assignment' on a std::atomic are not atomic together [cta-atomic-check-then-act]
  // CHECK: :[[@LINE-2]]:8: note: check of 'g_started' here
    g_started = true;
    // CHECK: :[[@LINE-1]]:5: note: act on 'g_started' here
    // CHECK: :[[@LINE-2]]:5: note: use 'exchange' so one thread sees the old value: 'if (!g_started.exchange(true)) { ... }'
    startWorkers();
  }
}

void startOnceLoadStore() {
  if (g_started.load(std::memory_order_acquire))
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_started': 'flag test' then 'store' on a std::atomic are not atomic together [cta-atomic-check-then-act]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_started' here
    return;
  g_started.store(true, std::memory_order_release);
  // CHECK: :[[@LINE-1]]:3: note: act on 'g_started' here
  // CHECK: :[[@LINE-2]]:3: note: use 'exchange' so one thread sees the old value: 'if (!g_started.exchange(true)) { ... }'
  startWorkers();
}

Node *publish() {
  if (!g_head.load())
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_head': 'null test' then 'store' on a std::atomic are not atomic together [cta-atomic-check-then-act]
  // CHECK: :[[@LINE-2]]:8: note: check of 'g_head' here
    g_head.store(new Node());
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_head' here
  // CHECK: :[[@LINE-2]]:5: note: use 'compare_exchange_strong' so one thread publishes: 'Node *fresh = new Node(), *expected = nullptr; if (!g_head.compare_exchange_strong(expected, fresh)) delete fresh;', or a function-local static
  return g_head.load();
}

// A snapshot in a local, then a publish with no lock and no re-check.
Node *publishSnapshot() {
  Node *n = g_head.load(std::memory_order_acquire);
  // CHECK: :[[@LINE-1]]:13: warning: check-then-act race on shared 'g_head': 'load' then 'store' on a std::atomic are not atomic together [cta-atomic-check-then-act]
  // CHECK: :[[@LINE-2]]:13: note: check of 'g_head' here
  if (n)
    return n;
  n = new Node();
  g_head.store(n, std::memory_order_release);
  // CHECK: :[[@LINE-1]]:3: note: act on 'g_head' here
  // CHECK: :[[@LINE-2]]:3: note: use 'compare_exchange_strong' so one thread publishes: 'Node *expected = nullptr; if (!g_head.compare_exchange_strong(expected, n)) delete n;', or a function-local static
  return n;
}

// Negative: exchange tests and sets in one step.
void startOnceExchange() {
  if (!g_started.exchange(true))
    startWorkers();
}

// Negative: a fast-path test, then the exchange whose result decides.
void startOnceFastPath() {
  if (g_started.load(std::memory_order_acquire))
    return;
  if (g_started.exchange(true, std::memory_order_acq_rel))
    return;
  startWorkers();
}

// Negative: setting a flag and nothing else: two threads leave the same state.
void markSeen() {
  if (!g_started.load())
    g_started.store(true);
}

// Negative: correct double-checked locking, acquire load, re-check, release store.
Node *dcl() {
  Node *n = g_head.load(std::memory_order_acquire);
  if (!n) {
    std::lock_guard<std::mutex> g(g_mu);
    n = g_head.load(std::memory_order_relaxed);
    if (!n) {
      n = new Node();
      g_head.store(n, std::memory_order_release);
    }
  }
  return n;
}

// Negative: publication by compare_exchange.
Node *publishCas() {
  Node *n = g_head.load();
  if (n)
    return n;
  Node *fresh = new Node();
  Node *expected = nullptr;
  if (g_head.compare_exchange_strong(expected, fresh))
    return fresh;
  return expected;
}

// Negative: a local atomic is this thread's own.
int localCounter(int cap) {
  std::atomic<int> n{0};
  if (n.load() < cap)
    n.fetch_add(1);
  return n.load();
}
