// RUN: %clang_cta_real -std=c++20 -fsyntax-only %s 2>&1 | %check_strict %s
//
// cta-set-insert-once against the real headers: libstdc++'s std::set / unordered_set
// (C++20 contains), Abseil's flat_hash_set (libabsl-dev) with absl::Mutex, and oneTBB's
// concurrent_unordered_set, whose insert alone is atomic.

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include <mutex>
#include <oneapi/tbb/concurrent_unordered_set.h>
#include <set>
#include <shared_mutex>
#include <string>
#include <unordered_set>

void send(int Id);
void notify(const std::string &Name);

class Subscribers {
public:
  void subscribe(int id) {
    if (!ids_.contains(id)) {
      // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'ids_': 'contains' then 'insert' without one lock held across both; 'send' can run twice for one key [cta-set-insert-once]
      // CHECK-NEXT: :[[@LINE-2]]:10: note: check of 'ids_' here
      ids_.insert(id);
      // CHECK-NEXT: :[[@LINE-1]]:7: note: act on 'ids_' here
      // CHECK-NEXT: note: use 'if (ids_.insert(id).second)' so that only the thread that inserted runs 'send'
      send(id);
    }
  }

  void announce(const std::string &name) {
    if (names_.find(name) == names_.end()) {
      // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'names_': 'find' then 'emplace' without one lock held across both; 'notify' can run twice for one key [cta-set-insert-once]
      names_.emplace(name);
      notify(name);
    }
  }

  // A reader lock for the test, the writer lock for the insert: two sections, which
  // cta-split-lock owns.
  void readerThenWriter(int id) {
    {
      std::shared_lock<std::shared_mutex> r(rw_);
      if (ids_.count(id))
        // CHECK: :[[@LINE-1]]:11: warning: check-then-act race on shared 'ids_': checked under one lock and changed under another without a re-check [cta-split-lock]
        return;
    }
    std::unique_lock<std::shared_mutex> w(rw_);
    ids_.insert(id);
    send(id);
  }

  // Negatives.
  void gated(int id) {
    if (ids_.insert(id).second)
      send(id);
  }

  void oneLock(const std::string &name) {
    std::lock_guard<std::mutex> g(mu_);
    if (!names_.count(name)) {
      names_.insert(name);
      notify(name);
    }
  }

  void writerOverAll(int id) {
    std::unique_lock<std::shared_mutex> w(rw_);
    if (!ids_.contains(id)) {
      ids_.insert(id);
      send(id);
    }
  }

private:
  std::mutex mu_;
  std::shared_mutex rw_;
  std::set<int> ids_;
  std::unordered_set<std::string> names_;
};

class Tracker {
public:
  void track(int id) {
    if (!seen_.contains(id)) {
      // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'seen_': 'contains' then 'insert' without one lock held across both; 'send' can run twice for one key [cta-set-insert-once]
      seen_.insert(id);
      send(id);
    }
  }

  void flagMap(int id) {
    if (!started_.contains(id)) {
      // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'started_': 'contains' then 'try_emplace' without one lock held across both; 'send' can run twice for one key [cta-set-insert-once]
      started_.try_emplace(id, true);
      send(id);
    }
  }

  // Negatives.
  void underMutexLock(int id) {
    absl::MutexLock l(&mu_);
    if (!seen_.contains(id)) {
      seen_.insert(id);
      send(id);
    }
  }

  void gatedAbsl(int id) {
    if (seen_.insert(id).second)
      send(id);
  }

  void callerHolds(int id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (!seen_.contains(id)) {
      seen_.insert(id);
      send(id);
    }
  }

private:
  absl::Mutex mu_;
  absl::flat_hash_set<int> seen_;
  absl::flat_hash_map<int, bool> started_;
};

// oneTBB's concurrent set: insert is atomic and reports the insertion.
class Fanout {
public:
  void gatedConcurrent(int id) {
    if (seen_.insert(id).second)
      send(id);
  }

private:
  tbb::concurrent_unordered_set<int> seen_;
};
