// RUN: %clang_cta_real -fsyntax-only %s 2>&1 | %check_strict %s
//
// The rules against the real Abseil headers (libabsl-dev): absl::flat_hash_map's members
// come from absl::container_internal::raw_hash_set / raw_hash_map in Abseil's inline
// namespace; absl::Mutex and its RAII helpers carry thread-safety annotations.

#include "absl/base/call_once.h"
#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include <memory>
#include <string>

struct Conn {
  explicit Conn(const std::string &Name);
};

class Registry {
public:
  int idFor(const std::string &name) {
    auto it = ids_.find(name);
    // CHECK: :[[@LINE-1]]:15: warning: check-then-act race on shared 'ids_': 'find' then 'operator[]' without one lock held across both [cta-map-get-or-add]
    // CHECK: :[[@LINE-2]]:15: note: check of 'ids_' here
    if (it != ids_.end())
      return it->second;
    int id = next_++;
    ids_[name] = id;
    // CHECK: :[[@LINE-1]]:5: note: act on 'ids_' here
    // CHECK: note: use {{.+}}
    return id;
  }

  int idForSplit(const std::string &name) {
    {
      absl::ReaderMutexLock r(&mu_);
      auto it = ids_.find(name);
      // CHECK: :[[@LINE-1]]:17: warning: check-then-act race on shared 'ids_': checked under one lock and changed under another without a re-check [cta-split-lock]
      // CHECK: :[[@LINE-2]]:17: note: check of 'ids_' here
      if (it != ids_.end())
        return it->second;
    }
    absl::WriterMutexLock w(&mu_);
    int id = next_++;
    ids_.insert({name, id});
    // CHECK: :[[@LINE-1]]:5: note: act on 'ids_' here
    // CHECK: note: use {{.+}}
    return id;
  }

  void markSeen(int id) {
    if (!seen_.contains(id))
    // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'seen_': 'contains' then 'insert' without one lock held across both [cta-map-get-or-add]
    // CHECK: :[[@LINE-2]]:10: note: check of 'seen_' here
      seen_.insert(id);
    // CHECK: :[[@LINE-1]]:7: note: act on 'seen_' here
    // CHECK: note: use {{.+}}
  }

  // Negative: one MutexLock around both.
  int idForLocked(const std::string &name) {
    absl::MutexLock l(&mu_);
    auto it = ids_.find(name);
    if (it != ids_.end())
      return it->second;
    int id = next_++;
    ids_[name] = id;
    return id;
  }

  // Negative: the caller holds the lock.
  int idForRequiresLock(const std::string &name) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (!ids_.contains(name))
      ids_[name] = next_++;
    return ids_[name];
  }

  // Negative: try_emplace alone, result used.
  int idForTryEmplace(const std::string &name) {
    absl::MutexLock l(&mu_);
    auto [it, inserted] = ids_.try_emplace(name, next_);
    if (inserted)
      ++next_;
    return it->second;
  }

  // Negative: absl::call_once.
  Conn &defaultConn() {
    absl::call_once(once_, [this] { default_ = std::make_unique<Conn>("default"); });
    return *default_;
  }

private:
  absl::Mutex mu_;
  absl::once_flag once_;
  absl::flat_hash_map<std::string, int> ids_;
  absl::flat_hash_set<int> seen_;
  int next_ = 0;
  std::unique_ptr<Conn> default_;
};
