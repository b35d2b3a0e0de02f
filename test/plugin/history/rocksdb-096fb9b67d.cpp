// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
// XFAIL: *
//
// History case rocksdb 096fb9b67d ("Fix data race in WalManager"): a purge
// ran at most once per interval behind a plain integer timestamp: compare it
// with now, return if recent, store now, purge. Two threads both see an old
// timestamp and both purge. The fix is a compare-exchange loop on an atomic.
//
// KNOWN MISS (expected to fail until cta models it): no rule checks a
// compare-then-assign of a plain integer member (a time or count throttle);
// cta-lazy-init covers pointers, flags and optionals and
// cta-atomic-check-then-act only std::atomic. When this starts passing,
// remove the XFAIL and pin the exact diagnostic. Same shape, own code.

#include <atomic>
#include <cstdint>
#include <mutex>

void deleteOldFiles();

class Purger {
public:
  void purge(std::uint64_t now) {
    if (lastRun_ + kInterval > now)
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'lastRun_'{{.*}} [cta-{{.+}}]
      return;
    lastRun_ = now;
    // CHECK: :[[@LINE-1]]:5: note: act on 'lastRun_' here
    deleteOldFiles();
  }

  // The fix: the test and the store are one compare-exchange.
  void purgeOnce(std::uint64_t now) {
    std::uint64_t old = lastRunAtomic_.load(std::memory_order_relaxed);
    do {
      if (old + kInterval > now)
        return;
    } while (!lastRunAtomic_.compare_exchange_weak(old, now,
                                                   std::memory_order_relaxed));
    deleteOldFiles();
  }

private:
  static constexpr std::uint64_t kInterval = 600;
  std::mutex filesMu_;
  std::uint64_t lastRun_ = 0;
  std::atomic<std::uint64_t> lastRunAtomic_{0};
};
