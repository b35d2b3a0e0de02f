// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
// XFAIL: *
//
// History case trantor 8af4886 ("Make the getNextLoop method multi-thread
// safe"): round-robin selection read the loop at a plain index, incremented
// it and reset it to 0 when it reached the end. Two threads get one loop,
// or one reads past the end between the increment and the reset. The fix
// is one fetch_add on a std::atomic index, taken modulo the size.
//
// KNOWN MISS (expected to fail until cta models it): the wrap-around of a
// plain integer (increment, compare with a bound, reset) is not a check of
// any rule (cta-atomic-check-then-act needs a std::atomic), and the class
// has no synchronization member, so its members are not shared under the
// concurrency-intent policy (the pool is shared by every connection's
// thread in the project). When this starts passing, remove the XFAIL and
// pin the exact diagnostic. Same shape, own code.

#include <atomic>
#include <cstddef>
#include <vector>

struct Loop;

class RoundRobin {
public:
  Loop *next() {
    if (loops_.empty())
      return nullptr;
    Loop *l = loops_[index_];
    ++index_;
    if (index_ >= loops_.size())
    // CHECK: :[[@LINE-1]]:{{[0-9]+}}: warning: check-then-act race on shared 'index_'{{.*}} [cta-{{.+}}]
      index_ = 0;
    return l;
  }

private:
  std::vector<Loop *> loops_;
  std::size_t index_ = 0;
};

// The fix.
class AtomicRoundRobin {
public:
  Loop *next() {
    if (loops_.empty())
      return nullptr;
    std::size_t i = index_.fetch_add(1, std::memory_order_relaxed);
    return loops_[i % loops_.size()];
  }

private:
  std::vector<Loop *> loops_;
  std::atomic<std::size_t> index_{0};
};
