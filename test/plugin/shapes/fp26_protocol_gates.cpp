// Protocol exclusion: a check-then-act behind a gate that admits one thread
// at a time is not a race. A gate is a test whose result decides whether the
// code runs: `exchange(true)`, `compare_exchange_*` from the empty value,
// `atomic_flag::test_and_set`, `try_lock` and a `try_to_lock` guard's
// `owns_lock()`; the code it admits is one critical section "gate:<object>",
// until the gate is opened again (`store(false)`, `clear()`, `unlock()`).
// Spin loops on the same operations take and release such a section like a
// mutex. The file is compiled against the mocks and the real headers.
// RUN: %clang_cta -fsyntax-only %s 2>&1 | FileCheck %s --implicit-check-not='{{warning|error}}:'
// RUN: %clang_cta_real -fsyntax-only %s 2>&1 | FileCheck %s --implicit-check-not='{{warning|error}}:'
#include <atomic>
#include <map>
#include <mutex>
#include <pthread.h>

struct Conf {};
void log(int);

class Gates {
public:
  //===--- Negatives: the gate admits one thread -------------------------===//

  // The rest of the function runs only for the thread that set the flag.
  void exchangeEarlyReturn(int k) {
    if (started_.exchange(true))
      return;
    if (!m_.count(k))
      m_[k] = 1;
  }

  // The gated block.
  void exchangeBlock(int k) {
    if (!started_.exchange(true, std::memory_order_acq_rel)) {
      if (m_.find(k) == m_.end())
        m_.emplace(k, 2);
    }
  }

  // Compared with false rather than negated.
  void exchangeCompared(int k) {
    if (started_.exchange(true) == false) {
      if (!m_.count(k))
        m_[k] = 3;
    }
  }

  // compare_exchange from the empty value: the one thread that moved it.
  void casBlock() {
    bool expected = false;
    if (running_.compare_exchange_strong(expected, true)) {
      if (!conf_)
        conf_ = new Conf;
    }
  }

  void casEarlyReturn(int k) {
    bool expected = false;
    if (!running_.compare_exchange_strong(expected, true))
      return;
    if (!m_.count(k))
      m_[k] = 4;
  }

  // A one-shot std::atomic_flag.
  void testAndSetOnce(int k) {
    if (once_.test_and_set())
      return;
    if (!m_.count(k))
      m_[k] = 5;
  }

  // try_lock gates the rest of the function until unlock().
  void tryLockEarlyReturn(int k) {
    if (!mu_.try_lock())
      return;
    if (!m_.count(k))
      m_[k] = 6;
    mu_.unlock();
  }

  // A try_to_lock guard tested by its bool conversion.
  void tryToLockGuardBool(int k) {
    std::unique_lock<std::mutex> l(mu_, std::try_to_lock);
    if (l) {
      if (!m_.count(k))
        m_[k] = 7;
    }
  }

  // The gate's result kept in a variable, then tested.
  void exchangeThroughVariable(int k) {
    bool was = started_.exchange(true);
    if (was)
      return;
    if (!m_.count(k))
      m_[k] = 8;
  }

  // C++17 if with an initializer.
  void exchangeIfInit(int k) {
    if (bool was = started_.exchange(true); was)
      return;
    if (!m_.count(k))
      m_[k] = 9;
  }

  // Spin lock on an atomic_flag: acquire by test_and_set, release by clear.
  void spinFlag(int k) {
    while (spin_.test_and_set(std::memory_order_acquire)) {
    }
    if (!m_.count(k))
      m_[k] = 10;
    spin_.clear(std::memory_order_release);
  }

  // Spin lock on exchange, released by store(false); an atomic counter
  // bounded inside it.
  void spinExchange() {
    while (busy_.exchange(true))
      ;
    if (inflight_.load() < cap_)
      inflight_.fetch_add(1);
    busy_.store(false);
  }

  // Spin lock by compare_exchange_weak from false, released by store(false).
  void spinCas(int k) {
    bool e;
    while (!busy_.compare_exchange_weak(e = false, true)) {
    }
    if (!m_.count(k))
      m_[k] = 11;
    busy_.store(false, std::memory_order_release);
  }

  // The gated branch is the else of a failed try_lock's early exit.
  void tryLockElse(int k) {
    if (!mu_.try_lock()) {
      log(k);
      return;
    } else {
      if (!m_.count(k))
        m_[k] = 12;
      mu_.unlock();
    }
  }

  // pthread_mutex_trylock returns 0 when it took the lock.
  void pthreadTryLock(int k) {
    if (pthread_mutex_trylock(&pm_) != 0)
      return;
    if (!m_.count(k))
      m_[k] = 13;
    pthread_mutex_unlock(&pm_);
  }

  // A std::call_once body runs once.
  void callOnce(int k) {
    std::call_once(of_, [&] {
      if (!m_.count(k))
        m_[k] = 14;
    });
  }

  //===--- Positives: no gate covers both the check and the act ----------===//

  // The gate is opened again between the check and the act.
  void gateOpenedBeforeAct(int k) {
    if (started_.exchange(true))
      return;
    bool has = m_.count(k) != 0;
    started_.store(false);
    if (!has)
      m_[k] = 20;
    // CHECK: :[[@LINE-4]]:16: warning: check-then-act race on shared 'm_': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  }

  // The act runs after the gated block, on every path.
  void actOutsideGate(int k) {
    if (!started_.exchange(true)) {
      if (m_.count(k))
        return;
    }
    m_[k] = 21;
    // CHECK: :[[@LINE-4]]:11: warning: check-then-act race on shared 'm_': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  }

  // An exchange whose result is ignored gates nothing.
  void resultIgnored(int k) {
    started_.exchange(true);
    if (!m_.count(k))
      m_[k] = 22;
    // CHECK: :[[@LINE-2]]:10: warning: check-then-act race on shared 'm_': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  }

  // Kept in a variable that no branch tests.
  void resultStoredNotTested(int k) {
    bool was = started_.exchange(true);
    log(was);
    if (!m_.count(k))
      m_[k] = 23;
    // CHECK: :[[@LINE-2]]:10: warning: check-then-act race on shared 'm_': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  }

  // The branch of the threads that lost: every one of them runs it.
  void losingBranch(int k) {
    if (started_.exchange(true)) {
      if (!m_.count(k))
        m_[k] = 24;
      // CHECK: :[[@LINE-2]]:12: warning: check-then-act race on shared 'm_': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
    }
  }

  // The else of a try_lock runs without the lock.
  void tryLockFailed(int k) {
    if (mu_.try_lock()) {
      mu_.unlock();
    } else {
      if (!m_.count(k))
        m_[k] = 25;
      // CHECK: :[[@LINE-2]]:12: warning: check-then-act race on shared 'm_': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
    }
  }

  // Two spin sections: checked in one, changed in the next.
  void twoSpinSections(int k) {
    while (spin_.test_and_set(std::memory_order_acquire)) {
    }
    bool has = m_.count(k) != 0;
    spin_.clear(std::memory_order_release);
    log(k);
    while (spin_.test_and_set(std::memory_order_acquire)) {
    }
    if (!has)
      m_[k] = 26;
    spin_.clear(std::memory_order_release);
    // CHECK: :[[@LINE-8]]:16: warning: check-then-act race on shared 'm_': checked under one lock and changed under another without a re-check [cta-split-lock]
  }

  // A compare_exchange that counts admits every thread in turn.
  void countingCas(int k) {
    int cur = n_.load();
    while (!n_.compare_exchange_weak(cur, cur + 1)) {
    }
    if (!m_.count(k))
      m_[k] = 27;
    // CHECK: :[[@LINE-2]]:10: warning: check-then-act race on shared 'm_': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  }

  // A spin loop that gives up leaves without the flag.
  void spinGivesUp(int k) {
    int tries = 0;
    while (spin_.test_and_set()) {
      if (++tries > 100)
        break;
    }
    if (!m_.count(k))
      m_[k] = 28;
    // CHECK: :[[@LINE-2]]:10: warning: check-then-act race on shared 'm_': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
    spin_.clear();
  }

  // exchange(false) opens the gate; it admits anyone.
  void exchangeFalse(int k) {
    if (!started_.exchange(false)) {
      if (!m_.count(k))
        m_[k] = 29;
      // CHECK: :[[@LINE-2]]:12: warning: check-then-act race on shared 'm_': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
    }
  }

private:
  std::mutex mu_;
  std::once_flag of_;
  pthread_mutex_t pm_ = PTHREAD_MUTEX_INITIALIZER;
  std::atomic<bool> started_{false}, running_{false}, busy_{false};
  std::atomic_flag once_, spin_;
  std::atomic<int> inflight_{0}, n_{0};
  int cap_ = 8;
  Conf *conf_ = nullptr;
  std::map<int, int> m_;
};
