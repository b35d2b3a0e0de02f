// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
//
// cta-split-lock: the check runs in one critical section and the act in a later one,
// with no re-check in the second. Every access is locked, so there is no data race and
// -Wthread-safety and ThreadSanitizer stay silent, but two threads can both pass the
// check. A reader (shared) section followed by a writer section is two sections.

#include <absl/synchronization/mutex.h>
#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

struct Conn {
  explicit Conn(const std::string &Name);
};
std::shared_ptr<Conn> makeConn(const std::string &Name);


class Pool {
public:
  //===--------------------------------------------------------------------===//
  // Positive.
  //===--------------------------------------------------------------------===//

  std::shared_ptr<Conn> twoLockGuardBlocks(const std::string &key) {
    {
      std::lock_guard<std::mutex> g(mu_);
      auto it = conns_.find(key);
      // CHECK: :[[@LINE-1]]:17: warning: check-then-act race on shared 'conns_': checked under one lock and changed under another without a re-check [cta-split-lock]
      // CHECK: :[[@LINE-2]]:17: note: check of 'conns_' here
      if (it != conns_.end())
        return it->second;
    }
    auto c = makeConn(key);
    {
      std::lock_guard<std::mutex> g(mu_);
      conns_[key] = c;
      // CHECK: :[[@LINE-1]]:7: note: act on 'conns_' here
      // CHECK: note: use {{.+}}
    }
    return c;
  }

  std::shared_ptr<Conn> uniqueLockUnlockRelock(const std::string &key) {
    std::unique_lock<std::mutex> l(mu_);
    auto it = conns_.find(key);
    // CHECK: :[[@LINE-1]]:15: warning: check-then-act race on shared 'conns_': checked under one lock and changed under another without a re-check [cta-split-lock]
    // CHECK: :[[@LINE-2]]:15: note: check of 'conns_' here
    if (it != conns_.end())
      return it->second;
    l.unlock();
    auto c = makeConn(key); // slow: done without the lock
    l.lock();
    conns_.emplace(key, c);
    // CHECK: :[[@LINE-1]]:5: note: act on 'conns_' here
    // CHECK: note: use {{.+}}
    return c;
  }

  void manualLockTwice(const std::string &key) {
    mu_.lock();
    bool present = conns_.count(key) != 0;
    // CHECK: :[[@LINE-1]]:20: warning: check-then-act race on shared 'conns_': checked under one lock and changed under another without a re-check [cta-split-lock]
    // CHECK: :[[@LINE-2]]:20: note: check of 'conns_' here
    mu_.unlock();
    if (present)
      return;
    auto c = makeConn(key);
    mu_.lock();
    conns_.insert({key, c});
    // CHECK: :[[@LINE-1]]:5: note: act on 'conns_' here
    // CHECK: note: use {{.+}}
    mu_.unlock();
  }

  void scopedLockBlocks(const std::string &key) {
    {
      std::scoped_lock l(mu_);
      if (conns_.count(key))
      // CHECK: :[[@LINE-1]]:11: warning: check-then-act race on shared 'conns_': checked under one lock and changed under another without a re-check [cta-split-lock]
      // CHECK: :[[@LINE-2]]:11: note: check of 'conns_' here
        return;
    }
    std::scoped_lock l(mu_);
    conns_[key] = makeConn(key);
    // CHECK: :[[@LINE-1]]:5: note: act on 'conns_' here
    // CHECK: note: use {{.+}}
  }

  // A reader lock for the lookup, a writer lock for the insert.
  std::shared_ptr<Conn> sharedThenUniqueLock(const std::string &key) {
    {
      std::shared_lock<std::shared_mutex> r(rw_);
      auto it = conns_.find(key);
      // CHECK: :[[@LINE-1]]:17: warning: check-then-act race on shared 'conns_': checked under one lock and changed under another without a re-check [cta-split-lock]
      // CHECK: :[[@LINE-2]]:17: note: check of 'conns_' here
      if (it != conns_.end())
        return it->second;
    }
    auto c = makeConn(key);
    std::unique_lock<std::shared_mutex> w(rw_);
    conns_[key] = c;
    // CHECK: :[[@LINE-1]]:5: note: act on 'conns_' here
    // CHECK: note: use {{.+}}
    return c;
  }

  void sharedThenLockGuard(const std::string &key) {
    {
      std::shared_lock r(rw_);
      if (conns_.find(key) != conns_.end())
      // CHECK: :[[@LINE-1]]:11: warning: check-then-act race on shared 'conns_': checked under one lock and changed under another without a re-check [cta-split-lock]
      // CHECK: :[[@LINE-2]]:11: note: check of 'conns_' here
        return;
    }
    std::lock_guard<std::shared_mutex> w(rw_);
    conns_.emplace(key, makeConn(key));
    // CHECK: :[[@LINE-1]]:5: note: act on 'conns_' here
    // CHECK: note: use {{.+}}
  }

  void sharedMutexManual(const std::string &key) {
    rw_.lock_shared();
    bool present = conns_.count(key) > 0;
    // CHECK: :[[@LINE-1]]:20: warning: check-then-act race on shared 'conns_': checked under one lock and changed under another without a re-check [cta-split-lock]
    // CHECK: :[[@LINE-2]]:20: note: check of 'conns_' here
    rw_.unlock_shared();
    if (present)
      return;
    rw_.lock();
    conns_[key] = makeConn(key);
    // CHECK: :[[@LINE-1]]:5: note: act on 'conns_' here
    // CHECK: note: use {{.+}}
    rw_.unlock();
  }

  void sharedTimedMutex(const std::string &key) {
    {
      std::shared_lock<std::shared_timed_mutex> r(timed_rw_);
      if (conns_.count(key))
      // CHECK: :[[@LINE-1]]:11: warning: check-then-act race on shared 'conns_': checked under one lock and changed under another without a re-check [cta-split-lock]
      // CHECK: :[[@LINE-2]]:11: note: check of 'conns_' here
        return;
    }
    std::unique_lock<std::shared_timed_mutex> w(timed_rw_);
    conns_[key] = makeConn(key);
    // CHECK: :[[@LINE-1]]:5: note: act on 'conns_' here
    // CHECK: note: use {{.+}}
  }

  // Lazy pointer checked under one lock and set under another.
  Conn *lazyPointer() {
    {
      std::lock_guard<std::mutex> g(mu_);
      if (default_)
      // CHECK: :[[@LINE-1]]:11: warning: check-then-act race on shared 'default_': checked under one lock and changed under another without a re-check [cta-split-lock]
      // CHECK: :[[@LINE-2]]:11: note: check of 'default_' here
        return default_;
    }
    Conn *c = new Conn("default");
    std::lock_guard<std::mutex> g(mu_);
    default_ = c;
    // CHECK: :[[@LINE-1]]:5: note: act on 'default_' here
    // CHECK: note: use {{.+}}
    return c;
  }

  // A linear search under one lock, the append under another.
  void sequenceSearch(const std::string &name) {
    {
      std::lock_guard<std::mutex> g(mu_);
      if (std::find(names_.begin(), names_.end(), name) != names_.end())
      // CHECK: :[[@LINE-1]]:11: warning: check-then-act race on shared 'names_': checked under one lock and changed under another without a re-check [cta-split-lock]
      // CHECK: :[[@LINE-2]]:11: note: check of 'names_' here
        return;
    }
    std::lock_guard<std::mutex> g(mu_);
    names_.push_back(name);
    // CHECK: :[[@LINE-1]]:5: note: act on 'names_' here
    // CHECK: note: use {{.+}}
  }

  // A set: a duplicate insert can't happen, but "first" work is done twice.
  bool setMembership(int id) {
    {
      std::lock_guard<std::mutex> g(mu_);
      if (seen_.count(id))
      // CHECK: :[[@LINE-1]]:11: warning: check-then-act race on shared 'seen_': checked under one lock and changed under another without a re-check [cta-split-lock]
      // CHECK: :[[@LINE-2]]:11: note: check of 'seen_' here
        return false;
    }
    std::lock_guard<std::mutex> g(mu_);
    seen_.insert(id);
    // CHECK: :[[@LINE-1]]:5: note: act on 'seen_' here
    // CHECK: note: use {{.+}}
    return true;
  }

  // Two different mutexes are two critical sections.
  void differentMutexes(const std::string &key) {
    {
      std::lock_guard<std::mutex> g(mu_);
      if (conns_.count(key))
      // CHECK: :[[@LINE-1]]:11: warning: check-then-act race on shared 'conns_': checked under one lock and changed under another without a re-check [cta-split-lock]
      // CHECK: :[[@LINE-2]]:11: note: check of 'conns_' here
        return;
    }
    std::lock_guard<std::mutex> g(other_mu_);
    conns_[key] = makeConn(key);
    // CHECK: :[[@LINE-1]]:5: note: act on 'conns_' here
    // CHECK: note: use {{.+}}
  }

  //===--------------------------------------------------------------------===//
  // Negative.
  //===--------------------------------------------------------------------===//

  // The textbook fix: re-check under the second lock.
  std::shared_ptr<Conn> recheckUnderSecondLock(const std::string &key) {
    {
      std::lock_guard<std::mutex> g(mu_);
      auto it = conns_.find(key);
      if (it != conns_.end())
        return it->second;
    }
    auto c = makeConn(key);
    std::lock_guard<std::mutex> g(mu_);
    auto it = conns_.find(key);
    if (it != conns_.end())
      return it->second;
    conns_[key] = c;
    return c;
  }

  void recheckCount(const std::string &key) {
    {
      std::shared_lock<std::shared_mutex> r(rw_);
      if (conns_.count(key))
        return;
    }
    std::unique_lock<std::shared_mutex> w(rw_);
    if (conns_.find(key) == conns_.end())
      conns_[key] = makeConn(key);
  }

  // The writer's try_emplace decides; its result is used: that is the re-check.
  std::shared_ptr<Conn> readerThenTryEmplace(const std::string &key) {
    {
      std::shared_lock<std::shared_mutex> r(rw_);
      auto it = conns_.find(key);
      if (it != conns_.end())
        return it->second;
    }
    auto c = makeConn(key);
    std::unique_lock<std::shared_mutex> w(rw_);
    auto [it, inserted] = conns_.try_emplace(key, c);
    return it->second;
  }

  std::shared_ptr<Conn> readerThenEmplace(const std::string &key) {
    {
      std::shared_lock<std::shared_mutex> r(rw_);
      if (conns_.count(key))
        return conns_.at(key);
    }
    std::lock_guard<std::shared_mutex> w(rw_);
    auto result = conns_.emplace(key, makeConn(key));
    return result.first->second;
  }

  bool insertResultUsed(int id) {
    {
      std::lock_guard<std::mutex> g(mu_);
      if (seen_.count(id))
        return false;
    }
    std::lock_guard<std::mutex> g(mu_);
    return seen_.insert(id).second;
  }

  // A unique_lock released only after the act.
  void unlockAfterAct(const std::string &key) {
    std::unique_lock<std::mutex> l(mu_);
    if (!conns_.count(key))
      conns_[key] = nullptr;
    l.unlock();
    auto c = makeConn(key);
    l.lock();
    conns_[key] = c;
  }

  // Two sections touching different keys.
  void differentKeys(const std::string &a, const std::string &b) {
    {
      std::lock_guard<std::mutex> g(mu_);
      if (conns_.count(a))
        return;
    }
    std::lock_guard<std::mutex> g(mu_);
    conns_[b] = makeConn(b);
  }

  // A lazy pointer re-checked under the second lock.
  Conn *lazyPointerRechecked() {
    {
      std::lock_guard<std::mutex> g(mu_);
      if (default_)
        return default_;
    }
    Conn *c = new Conn("default");
    std::lock_guard<std::mutex> g(mu_);
    if (!default_)
      default_ = c;
    return default_;
  }

private:
  std::mutex mu_;
  std::mutex other_mu_;
  std::shared_mutex rw_;
  std::shared_timed_mutex timed_rw_;
  std::unordered_map<std::string, std::shared_ptr<Conn>> conns_;
  std::vector<std::string> names_;
  std::set<int> seen_;
  Conn *default_ = nullptr;
};

class AbslPool {
public:
  int mutexLockBlocks(const std::string &key) {
    {
      absl::MutexLock l(&mu_);
      auto it = ids_.find(key);
      // CHECK: :[[@LINE-1]]:17: warning: check-then-act race on shared 'ids_': checked under one lock and changed under another without a re-check [cta-split-lock]
      // CHECK: :[[@LINE-2]]:17: note: check of 'ids_' here
      if (it != ids_.end())
        return it->second;
    }
    absl::MutexLock l(&mu_);
    ids_[key] = next_++;
    // CHECK: :[[@LINE-1]]:5: note: act on 'ids_' here
    // CHECK: note: use {{.+}}
    return ids_[key];
  }

  void readerThenWriterMutexLock(const std::string &key) {
    {
      absl::ReaderMutexLock r(&mu_);
      if (ids_.count(key))
      // CHECK: :[[@LINE-1]]:11: warning: check-then-act race on shared 'ids_': checked under one lock and changed under another without a re-check [cta-split-lock]
      // CHECK: :[[@LINE-2]]:11: note: check of 'ids_' here
        return;
    }
    absl::WriterMutexLock w(&mu_);
    ids_.emplace(key, next_++);
    // CHECK: :[[@LINE-1]]:5: note: act on 'ids_' here
    // CHECK: note: use {{.+}}
  }

  void readerThenMutexLock(const std::string &key) {
    {
      absl::ReaderMutexLock r(&mu_);
      if (ids_.find(key) != ids_.end())
      // CHECK: :[[@LINE-1]]:11: warning: check-then-act race on shared 'ids_': checked under one lock and changed under another without a re-check [cta-split-lock]
      // CHECK: :[[@LINE-2]]:11: note: check of 'ids_' here
        return;
    }
    absl::MutexLock w(&mu_);
    ids_.insert({key, next_++});
    // CHECK: :[[@LINE-1]]:5: note: act on 'ids_' here
    // CHECK: note: use {{.+}}
  }

  void manualReaderLockThenLock(const std::string &key) {
    mu_.ReaderLock();
    bool present = ids_.count(key) != 0;
    // CHECK: :[[@LINE-1]]:20: warning: check-then-act race on shared 'ids_': checked under one lock and changed under another without a re-check [cta-split-lock]
    // CHECK: :[[@LINE-2]]:20: note: check of 'ids_' here
    mu_.ReaderUnlock();
    if (present)
      return;
    mu_.Lock();
    ids_[key] = next_++;
    // CHECK: :[[@LINE-1]]:5: note: act on 'ids_' here
    // CHECK: note: use {{.+}}
    mu_.Unlock();
  }

  // Negative: re-check under the writer lock.
  void readerThenWriterRecheck(const std::string &key) {
    {
      absl::ReaderMutexLock r(&mu_);
      if (ids_.count(key))
        return;
    }
    absl::WriterMutexLock w(&mu_);
    if (!ids_.count(key))
      ids_[key] = next_++;
  }

  // Negative: one MutexLock for both.
  void oneMutexLock(const std::string &key) {
    absl::MutexLock l(&mu_);
    if (!ids_.count(key))
      ids_[key] = next_++;
  }

private:
  absl::Mutex mu_;
  std::map<std::string, int> ids_;
  int next_ = 0;
};

// Namespace-scope state, two lock_guard blocks.
std::mutex g_mu;
std::map<int, std::string> g_names;

void globalTwoBlocks(int id) {
  {
    std::lock_guard<std::mutex> g(g_mu);
    if (g_names.find(id) != g_names.end())
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'g_names': checked under one lock and changed under another without a re-check [cta-split-lock]
    // CHECK: :[[@LINE-2]]:9: note: check of 'g_names' here
      return;
  }
  std::string name = "worker";
  std::lock_guard<std::mutex> g(g_mu);
  g_names.emplace(id, name);
  // CHECK: :[[@LINE-1]]:3: note: act on 'g_names' here
  // CHECK: note: use {{.+}}
}
