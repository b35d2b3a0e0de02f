// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
//
// cta-map-get-or-add and critical sections. One section of any kind around both the
// check and the act makes them atomic (negative cases, no CHECK). A lock around only
// one of them does not (positive cases).

#include <absl/base/thread_annotations.h>
#include <absl/synchronization/mutex.h>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

int compute(int K);

class Cache {
public:
  //===--------------------------------------------------------------------===//
  // Positive: a lock around only part of the sequence.
  //===--------------------------------------------------------------------===//

  // Unlocked check, locked act, no re-check under the lock.
  int checkUnlockedActLocked(int k) {
    auto it = m_.find(k);
    // CHECK: :[[@LINE-1]]:15: warning: check-then-act race on shared 'm_': 'find' then 'operator[]' without one lock held across both [cta-map-get-or-add]
    // CHECK: :[[@LINE-2]]:15: note: check of 'm_' here
    if (it != m_.end())
      return it->second;
    int v = compute(k);
    std::lock_guard<std::mutex> g(mu_);
    m_[k] = v;
    // CHECK: :[[@LINE-1]]:5: note: act on 'm_' here
    // CHECK: note: use {{.+}}
    return v;
  }

  // Locked check, then the guard's scope ends and the act runs unlocked.
  void checkLockedActUnlocked(int k) {
    {
      std::lock_guard<std::mutex> g(mu_);
      if (m_.count(k))
      // CHECK: :[[@LINE-1]]:11: warning: check-then-act race on shared 'm_': 'count' then 'emplace' without one lock held across both [cta-map-get-or-add]
      // CHECK: :[[@LINE-2]]:11: note: check of 'm_' here
        return;
    }
    m_.emplace(k, compute(k));
    // CHECK: :[[@LINE-1]]:5: note: act on 'm_' here
    // CHECK: note: use {{.+}}
  }

  // unique_lock released before the act and never re-acquired.
  void uniqueLockUnlockedBeforeAct(int k) {
    std::unique_lock<std::mutex> l(mu_);
    if (m_.find(k) != m_.end())
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'm_': 'find' then 'operator[]' without one lock held across both [cta-map-get-or-add]
    // CHECK: :[[@LINE-2]]:9: note: check of 'm_' here
      return;
    l.unlock();
    m_[k] = compute(k);
    // CHECK: :[[@LINE-1]]:5: note: act on 'm_' here
    // CHECK: note: use {{.+}}
  }

  // Manual unlock() before the act.
  void manualUnlockBeforeAct(int k) {
    mu_.lock();
    bool missing = m_.count(k) == 0;
    // CHECK: :[[@LINE-1]]:20: warning: check-then-act race on shared 'm_': 'count' then 'insert' without one lock held across both [cta-map-get-or-add]
    // CHECK: :[[@LINE-2]]:20: note: check of 'm_' here
    mu_.unlock();
    if (missing)
      m_.insert({k, compute(k)});
    // CHECK: :[[@LINE-1]]:7: note: act on 'm_' here
    // CHECK: note: use {{.+}}
  }

  //===--------------------------------------------------------------------===//
  // Negative: one critical section around both.
  //===--------------------------------------------------------------------===//

  int lockGuard(int k) {
    std::lock_guard<std::mutex> g(mu_);
    auto it = m_.find(k);
    if (it != m_.end())
      return it->second;
    int v = compute(k);
    m_[k] = v;
    return v;
  }

  void lockGuardDeduced(int k) {
    std::lock_guard g(mu_);
    if (!m_.count(k))
      m_[k] = compute(k);
  }

  void scopedLock(int k) {
    std::scoped_lock l(mu_);
    if (m_.find(k) == m_.end())
      m_.emplace(k, 1);
  }

  void scopedLockTwoMutexes(int k) {
    std::scoped_lock l(mu_, other_);
    if (m_.count(k) == 0)
      m_.insert({k, 2});
  }

  void uniqueLock(int k) {
    std::unique_lock<std::mutex> l(mu_);
    if (!m_.count(k))
      m_.insert_or_assign(k, 3);
  }

  // Unlocked only after the act.
  void uniqueLockUnlockAfterAct(int k) {
    std::unique_lock<std::mutex> l(mu_);
    if (!m_.count(k))
      m_[k] = 4;
    l.unlock();
    compute(k);
  }

  void uniqueLockDeferThenLock(int k) {
    std::unique_lock<std::mutex> l(mu_, std::defer_lock);
    compute(k);
    l.lock();
    if (m_.find(k) == m_.end())
      m_[k] = 5;
  }

  void uniqueLockTryToLock(int k) {
    std::unique_lock<std::mutex> l(mu_, std::try_to_lock);
    if (!l.owns_lock())
      return;
    if (!m_.count(k))
      m_[k] = 6;
  }

  void adoptLock(int k) {
    mu_.lock();
    std::lock_guard<std::mutex> g(mu_, std::adopt_lock);
    if (!m_.count(k))
      m_[k] = 7;
  }

  void manualLockUnlock(int k) {
    mu_.lock();
    if (m_.find(k) == m_.end())
      m_.emplace(k, 8);
    mu_.unlock();
  }

  // The lock is taken in an outer scope; check and act are nested inside it.
  void nestedBlocks(int k) {
    std::lock_guard<std::mutex> g(mu_);
    for (int i = 0; i < k; ++i) {
      if (i % 2)
        continue;
      if (!m_.count(i)) {
        m_[i] = i;
      }
    }
  }

  // A shared lock for both is one section: not this rule's business (the insert
  // under a reader lock is a data race that -Wthread-safety reports).
  void sharedLockForBoth(int k) {
    std::shared_lock<std::shared_mutex> l(rw_);
    if (!m_.count(k))
      m_[k] = 9;
  }

  void lockGuardOnSharedMutex(int k) {
    std::lock_guard<std::shared_mutex> l(rw_);
    if (!m_.count(k))
      m_[k] = 10;
  }

  void recursiveMutex(int k) {
    std::lock_guard<std::recursive_mutex> l(rec_);
    if (!m_.count(k))
      m_[k] = 11;
  }

  void timedMutex(int k) {
    std::unique_lock<std::timed_mutex> l(timed_);
    if (!m_.count(k))
      m_[k] = 12;
  }

private:
  std::mutex mu_;
  std::mutex other_;
  std::shared_mutex rw_;
  std::recursive_mutex rec_;
  std::timed_mutex timed_;
  std::map<int, int> m_;
};

class AbslCache {
public:
  void mutexLock(const std::string &k) {
    absl::MutexLock l(&mu_);
    if (m_.find(k) == m_.end())
      m_[k] = 1;
  }

  void writerMutexLock(const std::string &k) {
    absl::WriterMutexLock l(&mu_);
    if (!m_.count(k))
      m_.emplace(k, 2);
  }

  void manualLockUnlock(const std::string &k) {
    mu_.Lock();
    if (!m_.count(k))
      m_[k] = 3;
    mu_.Unlock();
  }

  void lockGuardOnAbslMutex(const std::string &k) {
    std::lock_guard<absl::Mutex> g(mu_);
    if (!m_.count(k))
      m_[k] = 4;
  }

  // The caller holds the lock: the annotation says so.
  void addLocked(const std::string &k) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (!m_.count(k))
      m_[k] = 5;
  }

  // The caller holds the lock: the assertion says so.
  void addAssertHeld(const std::string &k) {
    mu_.AssertHeld();
    if (m_.find(k) == m_.end())
      m_[k] = 6;
  }

  // Positive: ABSL_LOCKS_EXCLUDED says the caller does NOT hold it, nothing is locked.
  void addExcluded(const std::string &k) ABSL_LOCKS_EXCLUDED(mu_) {
    if (!m_.count(k))
    // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'm_': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
    // CHECK: :[[@LINE-2]]:10: note: check of 'm_' here
      m_[k] = 7;
    // CHECK: :[[@LINE-1]]:7: note: act on 'm_' here
    // CHECK: note: use {{.+}}
  }

private:
  absl::Mutex mu_;
  std::map<std::string, int> m_ ABSL_GUARDED_BY(mu_);
};

// Namespace-scope map and mutex.
std::mutex g_mu;
std::unordered_map<std::string, int> g_registry;

void globalLockGuard(const std::string &k) {
  std::lock_guard<std::mutex> g(g_mu);
  if (g_registry.find(k) == g_registry.end())
    g_registry[k] = 1;
}

void globalUnlocked(const std::string &k) {
  if (g_registry.find(k) == g_registry.end())
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_registry': 'find' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_registry' here
    g_registry[k] = 2;
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_registry' here
  // CHECK: note: use {{.+}}
}
