// RUN: %clang_cta_real -fsyntax-only %s 2>&1 | %check_strict %s
// RUN: %clang_cta_real -std=c++20 -fsyntax-only %s 2>&1 | %check_strict %s
//
// cta-take-remove against the real headers: libstdc++'s deque, list, queue and maps
// (also in C++20, where '!=' on iterators may be a rewritten '=='), Abseil's
// flat_hash_map with absl::Mutex, and oneTBB's concurrent_queue, whose try_pop takes
// atomically.

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include <deque>
#include <list>
#include <map>
#include <mutex>
#include <oneapi/tbb/concurrent_queue.h>
#include <queue>
#include <string>
#include <unordered_map>
#include <utility>

struct Job {
  int id = 0;
};
void run(const Job &J);
void use(int V);

class Pool {
public:
  void runOne() {
    if (!jobs_.empty()) {
      // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'jobs_': 'empty', 'front' then 'pop_front' without one lock held across all three; two threads can take the same element [cta-take-remove]
      // CHECK-NEXT: :[[@LINE-2]]:10: note: check of 'jobs_' here
      Job j = std::move(jobs_.front());
      jobs_.pop_front();
      // CHECK-NEXT: :[[@LINE-1]]:7: note: act on 'jobs_' here
      // CHECK-NEXT: note: use one lock held across 'empty', 'front' and 'pop_front', or a concurrent queue's 'try_pop' (tbb::concurrent_queue)
      run(j);
    }
  }

  void beginNotEnd() {
    if (jobs_.begin() != jobs_.end()) {
      // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'jobs_': 'begin() != end()', 'front' then 'pop_front' without one lock held across all three; two threads can take the same element [cta-take-remove]
      run(jobs_.front());
      jobs_.pop_front();
    }
  }

  void queueTwoSections() {
    Job j;
    {
      std::lock_guard<std::mutex> g(mu_);
      if (queue_.empty())
        // CHECK: :[[@LINE-1]]:11: warning: check-then-act race on shared 'queue_': 'empty', 'front' then 'pop' under two locks without a re-check; two threads can take the same element [cta-take-remove]
        return;
      j = queue_.front();
    }
    run(j);
    std::lock_guard<std::mutex> g(mu_);
    queue_.pop();
  }

  int takeOwner(const std::string &name) {
    auto it = owners_.find(name);
    // CHECK: :[[@LINE-1]]:15: warning: check-then-act race on shared 'owners_': 'find', 'it->second' then 'erase' without one lock held across all three; two threads can take the same element [cta-take-remove]
    // CHECK-NEXT: note: check of 'owners_' here
    // CHECK-NEXT: note: act on 'owners_' here
    // CHECK-NEXT: note: use 'auto node = owners_.extract(name)' under one lock and take 'node.mapped()' only if 'node' is not empty
    if (it == owners_.end())
      return -1;
    int v = it->second;
    owners_.erase(it);
    return v;
  }

  void listBack() {
    if (!recent_.empty()) {
      // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'recent_': 'empty', 'back' then 'pop_back' without one lock held across all three; two threads can take the same element [cta-take-remove]
      use(recent_.back());
      recent_.pop_back();
    }
  }

  // Negatives.
  void oneLock() {
    std::lock_guard<std::mutex> g(mu_);
    if (!jobs_.empty()) {
      run(jobs_.front());
      jobs_.pop_front();
    }
  }

  int extractGates(const std::string &name) {
    std::lock_guard<std::mutex> g(mu_);
    auto node = owners_.extract(name);
    return node.empty() ? -1 : node.mapped();
  }

  void eraseGates(const std::string &name) {
    if (owners_.count(name)) {
      int v = owners_.at(name);
      if (owners_.erase(name) == 1)
        use(v);
    }
  }

private:
  std::mutex mu_;
  std::deque<Job> jobs_;
  std::queue<Job> queue_;
  std::list<int> recent_;
  std::unordered_map<std::string, int> owners_;
};

class Sessions {
public:
  int close(int id) {
    if (sessions_.contains(id)) {
      // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'sessions_': 'contains', 'operator[]' then 'erase' without one lock held across all three; two threads can take the same element [cta-take-remove]
      int fd = sessions_[id];
      sessions_.erase(id);
      return fd;
    }
    return -1;
  }

  // Negatives.
  int closeLocked(int id) {
    absl::MutexLock l(&mu_);
    if (!sessions_.contains(id))
      return -1;
    int fd = sessions_[id];
    sessions_.erase(id);
    return fd;
  }

  int closeHeld(int id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    auto it = sessions_.find(id);
    if (it == sessions_.end())
      return -1;
    int fd = it->second;
    sessions_.erase(it);
    return fd;
  }

private:
  absl::Mutex mu_;
  absl::flat_hash_map<int, int> sessions_;
};

// oneTBB: try_pop is the take; the class's concurrent member makes it shared, so its
// plain deque is reported and its concurrent queue is not.
class Feeder {
public:
  void takeConcurrent() {
    Job j;
    if (!ready_.empty() && ready_.try_pop(j))
      run(j);
  }

  void takeBounded() {
    Job j;
    if (bounded_.try_pop(j))
      run(j);
  }

  void takePlain() {
    if (!backlog_.empty()) {
      // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'backlog_': 'empty', 'front' then 'pop_front' without one lock held across all three; two threads can take the same element [cta-take-remove]
      run(backlog_.front());
      backlog_.pop_front();
    }
  }

private:
  tbb::concurrent_queue<Job> ready_;
  tbb::concurrent_bounded_queue<Job> bounded_;
  std::deque<Job> backlog_;
};
