// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
//
// cta-split-lock on a size bound: the container's size tested in one
// critical section, the container grown in a later one. Two threads both see
// room and both add: the bound is exceeded. A size test is not a membership
// test, so no other rule pairs it, and an unlocked one is a plain data race
// (ThreadSanitizer's), not this rule's.

#include <deque>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

void prepare();

class Queue {
public:
  //===--------------------------------------------------------------------===//
  // Positive.
  //===--------------------------------------------------------------------===//

  bool postEarlyReturn(int x) {
    {
      std::lock_guard<std::mutex> g(mu_);
      if (q_.size() >= cap_)
      // CHECK: :[[@LINE-1]]:11: warning: check-then-act race on shared 'q_': checked under one lock and changed under another without a re-check [cta-split-lock]
      // CHECK: :[[@LINE-2]]:11: note: check of 'q_' here
        return false;
    }
    prepare();
    std::lock_guard<std::mutex> g(mu_);
    q_.push_back(x);
    // CHECK: :[[@LINE-1]]:5: note: act on 'q_' here
    // CHECK: :[[@LINE-2]]:5: note: test the size and change the container in one critical section, or test the bound again under the second lock
    return true;
  }

  bool postThroughFlag(int x) {
    bool full = false;
    {
      std::lock_guard<std::mutex> g(mu_);
      if (q_.size() > 1000)
      // CHECK: :[[@LINE-1]]:11: warning: check-then-act race on shared 'q_': checked under one lock {{.+}} [cta-split-lock]
      // CHECK: :[[@LINE-2]]:11: note: check of 'q_' here
        full = true;
    }
    if (full)
      return false;
    std::lock_guard<std::mutex> g(mu_);
    q_.emplace_back(x);
    // CHECK: :[[@LINE-1]]:5: note: act on 'q_' here
    // CHECK: note: test the size {{.+}}
    return true;
  }

  bool postThroughResult(int x) {
    std::unique_lock<std::mutex> l(mu_);
    bool room = q_.size() < cap_;
    // CHECK: :[[@LINE-1]]:17: warning: check-then-act race on shared 'q_': checked under one lock {{.+}} [cta-split-lock]
    // CHECK: :[[@LINE-2]]:17: note: check of 'q_' here
    l.unlock();
    if (!room)
      return false;
    prepare();
    l.lock();
    q_.push_front(x);
    // CHECK: :[[@LINE-1]]:5: note: act on 'q_' here
    // CHECK: note: test the size {{.+}}
    return true;
  }

  void postNegatedRoom(int x) {
    {
      std::lock_guard<std::mutex> g(mu_);
      if (!(q_.size() < cap_))
      // CHECK: :[[@LINE-1]]:13: warning: check-then-act race on shared 'q_': checked under one lock {{.+}} [cta-split-lock]
      // CHECK: :[[@LINE-2]]:13: note: check of 'q_' here
        return;
    }
    std::lock_guard<std::mutex> g(mu_);
    q_.push_back(x);
    // CHECK: :[[@LINE-1]]:5: note: act on 'q_' here
    // CHECK: note: test the size {{.+}}
  }

  //===--------------------------------------------------------------------===//
  // Negative.
  //===--------------------------------------------------------------------===//

  // One section over the bound and the add.
  bool postOneSection(int x) {
    std::lock_guard<std::mutex> g(mu_);
    if (q_.size() >= cap_)
      return false;
    q_.push_back(x);
    return true;
  }

  // The bound tested again under the second lock.
  bool postRechecked(int x) {
    {
      std::lock_guard<std::mutex> g(mu_);
      if (q_.size() >= cap_)
        return false;
    }
    prepare();
    std::lock_guard<std::mutex> g(mu_);
    if (q_.size() >= cap_)
      return false;
    q_.push_back(x);
    return true;
  }

  // No lock at all: a data race on the deque, not a split section.
  bool postUnlocked(int x) {
    if (q_.size() >= cap_)
      return false;
    q_.push_back(x);
    return true;
  }

  // The size of one container, the add to another.
  void postOther(int x) {
    {
      std::lock_guard<std::mutex> g(mu_);
      if (q_.size() >= cap_)
        return;
    }
    std::lock_guard<std::mutex> g(mu_);
    spill_.push_back(x);
  }

  // A flag set under both outcomes says nothing.
  void postFlagBothWays(int x) {
    bool full = false;
    {
      std::lock_guard<std::mutex> g(mu_);
      if (q_.size() > cap_)
        full = true;
      else
        full = true;
    }
    if (full)
      return;
    std::lock_guard<std::mutex> g(mu_);
    q_.push_back(x);
  }

  // A flag set again without a guard forgets the bound.
  void postFlagReset(int x) {
    bool full = false;
    {
      std::lock_guard<std::mutex> g(mu_);
      if (q_.size() > cap_)
        full = true;
    }
    full = false;
    if (full)
      return;
    std::lock_guard<std::mutex> g(mu_);
    q_.push_back(x);
  }

  // A flag set to what it already was carries nothing.
  void postFlagAlreadySet(int x) {
    bool full = true;
    {
      std::lock_guard<std::mutex> g(mu_);
      if (q_.size() > cap_)
        full = true;
    }
    if (full)
      return;
    std::lock_guard<std::mutex> g(mu_);
    q_.push_back(x);
  }

  // The size as a loop bound, then an add in a later section.
  int sumThenAppend(int x) {
    int Sum = 0;
    {
      std::lock_guard<std::mutex> g(mu_);
      for (std::size_t I = 0; I < q_.size(); ++I)
        Sum += q_[I];
    }
    std::lock_guard<std::mutex> g(mu_);
    q_.push_back(x);
    return Sum;
  }

  // A full buffer is drained, not grown: the add runs when it is full.
  void drainWhenFull(int x) {
    {
      std::lock_guard<std::mutex> g(mu_);
      if (q_.size() < cap_)
        return;
    }
    std::lock_guard<std::mutex> g(mu_);
    q_.clear();
    q_.push_back(x);
  }

  // A local buffer belongs to this call.
  std::size_t local(int x) {
    std::deque<int> Mine;
    {
      std::lock_guard<std::mutex> g(mu_);
      if (Mine.size() >= cap_)
        return 0;
    }
    std::lock_guard<std::mutex> g(mu_);
    Mine.push_back(x);
    return Mine.size();
  }

private:
  std::mutex mu_;
  std::size_t cap_ = 64;
  std::deque<int> q_;
  std::vector<int> spill_;
};

class Sessions {
public:
  // Positive: a capped map, read-locked for the bound, write-locked for the
  // insert.
  bool open(const std::string &id) {
    {
      std::shared_lock<std::shared_mutex> r(mu_);
      if (by_id_.size() >= max_)
      // CHECK: :[[@LINE-1]]:11: warning: check-then-act race on shared 'by_id_': checked under one lock {{.+}} [cta-split-lock]
      // CHECK: :[[@LINE-2]]:11: note: check of 'by_id_' here
        return false;
    }
    std::unique_lock<std::shared_mutex> w(mu_);
    by_id_[id] = 1;
    // CHECK: :[[@LINE-1]]:5: note: act on 'by_id_' here
    // CHECK: note: test the size {{.+}}
    return true;
  }

  // Negative: the insert's own re-check of the bound under the write lock.
  bool openRechecked(const std::string &id) {
    {
      std::shared_lock<std::shared_mutex> r(mu_);
      if (by_id_.size() >= max_)
        return false;
    }
    std::unique_lock<std::shared_mutex> w(mu_);
    if (by_id_.size() >= max_)
      return false;
    by_id_[id] = 1;
    return true;
  }

private:
  std::shared_mutex mu_;
  std::size_t max_ = 1024;
  std::map<std::string, int> by_id_;
};
