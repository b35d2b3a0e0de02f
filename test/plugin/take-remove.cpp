// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
//
// cta-take-remove: a check that an element is there, a read of it, then its removal, on a
// shared map, set, deque, list or queue, with no one lock held over all three. One case =
// one function; the warning sits at the check. Negatives have no CHECK line and the
// strict FileCheck rejects any warning they would produce.

#include <deque>
#include <list>
#include <map>
#include <mutex>
#include <queue>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

struct Job {
  int id;
};
void run(const Job &J);
void use(int V);

std::deque<Job> g_jobs;
std::map<int, int> g_pending;
std::unordered_map<std::string, Job> g_byName;

//===----------------------------------------------------------------------===//
// Positives: globals, no lock
//===----------------------------------------------------------------------===//

void dequeFrontPop() {
  if (!g_jobs.empty()) {
    // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_jobs': 'empty', 'front' then 'pop_front' without one lock held across all three; two threads can take the same element [cta-take-remove]
    // CHECK-NEXT: :[[@LINE-2]]:8: note: check of 'g_jobs' here
    Job j = g_jobs.front();
    g_jobs.pop_front();
    // CHECK-NEXT: :[[@LINE-1]]:5: note: act on 'g_jobs' here
    // CHECK-NEXT: note: use one lock held across 'empty', 'front' and 'pop_front', or a concurrent queue's 'try_pop' (tbb::concurrent_queue)
    run(j);
  }
}

void dequeEarlyReturnMove() {
  if (g_jobs.empty())
    // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_jobs': 'empty', 'back' then 'pop_back' without one lock held across all three; two threads can take the same element [cta-take-remove]
    return;
  Job j = std::move(g_jobs.back());
  g_jobs.pop_back();
  run(j);
}

void mapCountSubscriptErase(int k) {
  if (g_pending.count(k)) {
    // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_pending': 'count', 'operator[]' then 'erase' without one lock held across all three; two threads can take the same element [cta-take-remove]
    // CHECK-NEXT: note: check of 'g_pending' here
    int v = g_pending[k];
    g_pending.erase(k);
    // CHECK-NEXT: note: act on 'g_pending' here
    // CHECK-NEXT: note: use 'auto node = g_pending.extract(k)' under one lock and take 'node.mapped()' only if 'node' is not empty
    use(v);
  }
}

void mapFindIteratorErase(int k) {
  auto it = g_pending.find(k);
  // CHECK: :[[@LINE-1]]:13: warning: check-then-act race on shared 'g_pending': 'find', 'it->second' then 'erase' without one lock held across all three; two threads can take the same element [cta-take-remove]
  if (it != g_pending.end()) {
    int v = std::move(it->second);
    g_pending.erase(it);
    use(v);
  }
}

void mapAtExtract(const std::string &name) {
  if (g_byName.count(name) != 0) {
    // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_byName': 'count', 'at' then 'extract' without one lock held across all three; two threads can take the same element [cta-take-remove]
    Job j = g_byName.at(name);
    g_byName.extract(name);
    run(j);
  }
}

void mapDerefIterator(int k) {
  auto it = g_pending.find(k);
  // CHECK: :[[@LINE-1]]:13: warning: check-then-act race on shared 'g_pending': 'find', '*it' then 'erase' without one lock held across all three; two threads can take the same element [cta-take-remove]
  if (it == g_pending.end())
    return;
  std::pair<const int, int> kv = *it;
  g_pending.erase(k);
  use(kv.second);
}

void beginNotEnd() {
  if (g_jobs.begin() != g_jobs.end()) {
    // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_jobs': 'begin() != end()', 'front' then 'pop_front' without one lock held across all three; two threads can take the same element [cta-take-remove]
    run(g_jobs.front());
    g_jobs.pop_front();
  }
}

void throughResultVariable() {
  bool has = !g_jobs.empty();
  // CHECK: :[[@LINE-1]]:15: warning: check-then-act race on shared 'g_jobs': 'empty', 'front' then 'pop_front' without one lock held across all three; two threads can take the same element [cta-take-remove]
  if (has) {
    run(g_jobs.front());
    g_jobs.pop_front();
  }
}

//===----------------------------------------------------------------------===//
// Positives: members of classes with concurrency intent, and lock sections
//===----------------------------------------------------------------------===//

class WorkQueue {
public:
  void queuePop() {
    if (!q_.empty()) {
      // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'q_': 'empty', 'front' then 'pop' without one lock held across all three; two threads can take the same element [cta-take-remove]
      Job j = q_.front();
      q_.pop();
      run(j);
    }
  }

  void listFrontPop() {
    if (!list_.empty()) {
      // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'list_': 'empty', 'front' then 'pop_front' without one lock held across all three; two threads can take the same element [cta-take-remove]
      int v = list_.front();
      list_.pop_front();
      use(v);
    }
  }

  void stackTop() {
    if (!stack_.empty()) {
      // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'stack_': 'empty', 'top' then 'pop' without one lock held across all three; two threads can take the same element [cta-take-remove]
      int v = stack_.top();
      stack_.pop();
      use(v);
    }
  }

  void priorityTop() {
    if (prio_.empty())
      // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'prio_': 'empty', 'top' then 'pop' without one lock held across all three; two threads can take the same element [cta-take-remove]
      return;
    use(prio_.top());
    prio_.pop();
  }

  // Check and read under one lock, the removal under a later one.
  void twoSections() {
    Job j;
    {
      std::lock_guard<std::mutex> g(mu_);
      if (q_.empty())
        // CHECK: :[[@LINE-1]]:11: warning: check-then-act race on shared 'q_': 'empty', 'front' then 'pop' under two locks without a re-check; two threads can take the same element [cta-take-remove]
        return;
      j = q_.front();
    }
    std::lock_guard<std::mutex> g(mu_);
    q_.pop();
    run(j);
  }

  int twoSectionsMap(int k) {
    int v = 0;
    mu_.lock();
    bool has = owners_.count(k) > 0;
    // CHECK: :[[@LINE-1]]:16: warning: check-then-act race on shared 'owners_': 'count', 'operator[]' then 'erase' under two locks without a re-check; two threads can take the same element [cta-take-remove]
    if (has)
      v = owners_[k];
    mu_.unlock();
    if (has) {
      std::lock_guard<std::mutex> g(mu_);
      owners_.erase(k);
    }
    return v;
  }

  void setFindErase(int id) {
    auto it = ids_.find(id);
    // CHECK: :[[@LINE-1]]:15: warning: check-then-act race on shared 'ids_': 'find', '*it' then 'erase' without one lock held across all three; two threads can take the same element [cta-take-remove]
    // CHECK-NEXT: note: check of 'ids_' here
    // CHECK-NEXT: note: act on 'ids_' here
    // CHECK-NEXT: note: use 'auto node = ids_.extract(id)' under one lock and take 'node.value()' only if 'node' is not empty
    if (it != ids_.end()) {
      use(*it);
      ids_.erase(it);
    }
  }

  //--- Negatives ---------------------------------------------------------------------

  // All three under one lock.
  void allUnderOneLock() {
    std::lock_guard<std::mutex> g(mu_);
    if (!q_.empty()) {
      run(q_.front());
      q_.pop();
    }
  }

  void uniqueLockMap(int k) {
    std::unique_lock<std::mutex> g(mu_);
    if (owners_.count(k)) {
      use(owners_[k]);
      owners_.erase(k);
    }
  }

  // The removal's result gates the use: erase(k) says whether it removed.
  void eraseGates(int k) {
    if (owners_.count(k)) {
      int v = owners_[k];
      if (owners_.erase(k))
        use(v);
    }
  }

  // extract takes and removes in one call; its node handle tells.
  void extractGates(int k) {
    auto node = owners_.extract(k);
    if (!node.empty())
      use(node.mapped());
  }

  void extractAfterCheckGates(int k) {
    if (owners_.count(k)) {
      auto node = owners_.extract(k);
      if (node)
        use(node.mapped());
    }
  }

  // No read: an erase of what may be gone is a no-op, not a take.
  void eraseWithoutRead(int k) {
    if (owners_.count(k))
      owners_.erase(k);
  }

  // The removal runs when the check saw "absent".
  void absentBranch(int k) {
    if (!owners_.count(k)) {
      use(owners_.at(k));
      owners_.erase(k);
    }
  }

  // A read of another key than the one removed.
  void otherKey(int a, int b) {
    if (owners_.count(a)) {
      use(owners_[b]);
      owners_.erase(a);
    }
  }

  // The read comes after the removal: no element is taken by the check's word.
  void readAfterRemove() {
    if (!list_.empty()) {
      list_.pop_front();
      use(list_.size());
    }
  }

  // Constructors run before the object is shared.
  WorkQueue() {
    if (!q_.empty()) {
      run(q_.front());
      q_.pop();
    }
  }

private:
  std::mutex mu_;
  std::queue<Job> q_;
  std::list<int> list_;
  std::stack<int> stack_;
  std::priority_queue<int> prio_;
  std::map<int, int> owners_;
  std::set<int> ids_;
};

// A local deque never leaves the function.
void localDeque(std::deque<Job> input) {
  std::deque<Job> local = input;
  if (!local.empty()) {
    run(local.front());
    local.pop_front();
  }
}

thread_local std::deque<Job> t_jobs;

void threadLocalDeque() {
  if (!t_jobs.empty()) {
    run(t_jobs.front());
    t_jobs.pop_front();
  }
}

// No concurrency intent.
class Batch {
public:
  void next() {
    if (!items_.empty()) {
      run(items_.front());
      items_.pop_front();
    }
  }

private:
  std::deque<Job> items_;
};

// A loop that drains under one lock per iteration, re-checking each time.
class Drainer {
public:
  void drain() {
    while (true) {
      std::lock_guard<std::mutex> g(mu_);
      if (q_.empty())
        break;
      run(q_.front());
      q_.pop_front();
    }
  }

private:
  std::mutex mu_;
  std::deque<Job> q_;
};
