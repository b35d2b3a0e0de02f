// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
//
// cta-set-insert-once: a membership test on a shared set (or a map used as a seen-set),
// then insert of the same key together with work the test was meant to run once. One
// case = one function; the warning sits at the check. Negatives have no CHECK line and
// the strict FileCheck rejects any warning they would produce.

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include "absl/container/flat_hash_set.h"

void send(int Id);
void notify(const std::string &Name);
void start(int Id);
bool verbose();
int compute(int K);
struct Bus {
  void publish(int Id);
};
struct Logger {
  Logger &operator<<(const std::string &S);
};
Logger &log();

std::set<int> g_seen;
std::unordered_set<std::string> g_names;

//===----------------------------------------------------------------------===//
// Positives: globals
//===----------------------------------------------------------------------===//

void countNegated(int id) {
  if (!g_seen.count(id)) {
    // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_seen': 'count' then 'insert' without one lock held across both; 'send' can run twice for one key [cta-set-insert-once]
    // CHECK-NEXT: :[[@LINE-2]]:8: note: check of 'g_seen' here
    g_seen.insert(id);
    // CHECK-NEXT: :[[@LINE-1]]:5: note: act on 'g_seen' here
    // CHECK-NEXT: note: use 'if (g_seen.insert(id).second)' so that only the thread that inserted runs 'send'
    send(id);
  }
}

void findEqualsEnd(const std::string &name) {
  if (g_names.find(name) == g_names.end()) {
    // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_names': 'find' then 'insert' without one lock held across both; 'notify' can run twice for one key [cta-set-insert-once]
    g_names.insert(name);
    notify(name);
  }
}

void countEqualsZeroEmplace(int id) {
  if (g_seen.count(id) == 0) {
    // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_seen': 'count' then 'emplace' without one lock held across both; 'start' can run twice for one key [cta-set-insert-once]
    g_seen.emplace(id);
    start(id);
  }
}

void earlyReturn(int id) {
  if (g_seen.count(id))
    // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_seen': 'count' then 'insert' without one lock held across both; 'send' can run twice for one key [cta-set-insert-once]
    return;
  g_seen.insert(id);
  send(id);
}

void workBeforeInsert(int id) {
  if (!g_seen.count(id)) {
    // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_seen': 'count' then 'insert' without one lock held across both; 'send' can run twice for one key [cta-set-insert-once]
    send(id);
    g_seen.insert(id);
  }
}

void throughResultVariable(int id) {
  bool known = g_seen.count(id) != 0;
  // CHECK: :[[@LINE-1]]:16: warning: check-then-act race on shared 'g_seen': 'count' then 'insert' without one lock held across both; 'start' can run twice for one key [cta-set-insert-once]
  if (!known) {
    g_seen.insert(id);
    start(id);
  }
}

void nestedWork(int id) {
  if (!g_seen.count(id)) {
    // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_seen': 'count' then 'insert' without one lock held across both; 'send' can run twice for one key [cta-set-insert-once]
    g_seen.insert(id);
    if (verbose())
      send(id);
  }
}

void streamLog(const std::string &name) {
  if (!g_names.count(name)) {
    // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_names': 'count' then 'insert' without one lock held across both; 'operator<<' can run twice for one key [cta-set-insert-once]
    g_names.insert(name);
    log() << name;
  }
}

int functionStatic(int id) {
  static std::set<int> started;
  if (started.find(id) == started.end()) {
    // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'started': 'find' then 'insert' without one lock held across both; 'start' can run twice for one key [cta-set-insert-once]
    started.insert(id);
    start(id);
  }
  return id;
}

//===----------------------------------------------------------------------===//
// Positives: members of classes with concurrency intent; maps used as seen-sets
//===----------------------------------------------------------------------===//

class Dispatcher {
public:
  void memberCallWork(int id) {
    if (!seen_.count(id)) {
      // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'seen_': 'count' then 'insert' without one lock held across both; 'bus_.publish' can run twice for one key [cta-set-insert-once]
      seen_.insert(id);
      bus_.publish(id);
    }
  }

  void counterWork(int id) {
    if (!seen_.count(id)) {
      // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'seen_': 'count' then 'insert' without one lock held across both; '++unique_' can run twice for one key [cta-set-insert-once]
      seen_.insert(id);
      ++unique_;
    }
  }

  void lockedInsertUnlockedCheck(int id) {
    if (!seen_.count(id)) {
      // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'seen_': 'count' then 'insert' without one lock held across both; 'send' can run twice for one key [cta-set-insert-once]
      std::lock_guard<std::mutex> g(mu_);
      seen_.insert(id);
      send(id);
    }
  }

  void mapFlagSubscript(int id) {
    if (!started_.count(id)) {
      // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'started_': 'count' then 'operator[]' without one lock held across both; 'start' can run twice for one key [cta-set-insert-once]
      // CHECK-NEXT: note: check of 'started_' here
      started_[id] = true;
      // CHECK-NEXT: note: act on 'started_' here
      // CHECK-NEXT: note: use 'if (started_.try_emplace(id, true).second)' so that only the thread that inserted runs 'start'
      start(id);
    }
  }

  void mapFlagEmplace(int id) {
    if (started_.find(id) == started_.end()) {
      // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'started_': 'find' then 'emplace' without one lock held across both; 'send' can run twice for one key [cta-set-insert-once]
      started_.emplace(id, true);
      send(id);
    }
  }

  void abslSet(int id) {
    if (!hashed_.contains(id)) {
      // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'hashed_': 'contains' then 'insert' without one lock held across both; 'send' can run twice for one key [cta-set-insert-once]
      hashed_.insert(id);
      send(id);
    }
  }

  //--- Negatives ---------------------------------------------------------------------

  // The insert's result gates the work: exactly one thread runs it.
  void gatedOnSecond(int id) {
    if (seen_.insert(id).second)
      send(id);
  }

  void gatedThroughBinding(int id) {
    auto [it, inserted] = seen_.insert(id);
    if (inserted)
      send(*it);
  }

  // One critical section over the test, the insert and the work.
  void allUnderOneLock(int id) {
    std::lock_guard<std::mutex> g(mu_);
    if (!seen_.count(id)) {
      seen_.insert(id);
      send(id);
    }
  }

  void uniqueLockOverAll(int id) {
    std::unique_lock<std::mutex> g(mu_);
    if (seen_.find(id) == seen_.end()) {
      seen_.emplace(id);
      bus_.publish(id);
    }
  }

  // The insert runs when the key is present: no insert-once.
  void presentBranch(int id) {
    if (seen_.count(id)) {
      seen_.insert(id);
      send(id);
    }
  }

  // Another key is inserted than the one tested.
  void otherKey(int a, int b) {
    if (!seen_.count(a)) {
      seen_.insert(b);
      send(a);
    }
  }

  // The constructor runs before the object is shared.
  Dispatcher(int id) {
    if (!seen_.count(id)) {
      seen_.insert(id);
      send(id);
    }
  }

  // A set that never leaves the function.
  void localSet(int id) {
    std::set<int> local;
    if (!local.count(id)) {
      local.insert(id);
      send(id);
    }
  }

  // absl's insert reports the insertion as well.
  void abslGated(int id) {
    if (hashed_.insert(id).second)
      send(id);
  }

private:
  std::mutex mu_;
  std::set<int> seen_;
  std::map<int, bool> started_;
  absl::flat_hash_set<int> hashed_;
  Bus bus_;
  int unique_ = 0;
};

thread_local std::set<int> t_seen;

void threadLocalSet(int id) {
  if (!t_seen.count(id)) {
    t_seen.insert(id);
    send(id);
  }
}

// No concurrency intent: the class has no mutex, atomic or thread.
class PlainRegistry {
public:
  void add(int id) {
    if (!ids_.count(id)) {
      ids_.insert(id);
      send(id);
    }
  }

private:
  std::set<int> ids_;
};

//===----------------------------------------------------------------------===//
// Boundaries: the lookup guards no repeated work, so the pair stays a get-or-add
//===----------------------------------------------------------------------===//

void insertOnly(int id) {
  if (!g_seen.count(id))
    // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_seen': 'count' then 'insert' without one lock held across both [cta-map-get-or-add]
    g_seen.insert(id);
}

bool firstTime(int id) {
  if (!g_seen.count(id)) {
    // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_seen': 'count' then 'insert' without one lock held across both [cta-map-get-or-add]
    g_seen.insert(id);
    return true;
  }
  return false;
}

void workAfterTheIf(int id) {
  if (!g_seen.count(id))
    // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_seen': 'count' then 'insert' without one lock held across both [cta-map-get-or-add]
    g_seen.insert(id);
  send(id);
}

std::map<int, int> g_cache;

// A cache stores the product of the work: that is a get-or-add.
void cacheValue(int k) {
  if (!g_cache.count(k)) {
    // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_cache': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
    g_cache[k] = compute(k);
    send(k);
  }
}

std::multiset<int> g_multi;

void multisetHasNoInsertOnce(int id) {
  if (!g_multi.count(id)) {
    // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_multi': 'count' then 'insert' without one lock held across both [cta-map-get-or-add]
    g_multi.insert(id);
    send(id);
  }
}

void localCounterIsNoWork(int id) {
  int n = 0;
  if (!g_seen.count(id)) {
    // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_seen': 'count' then 'insert' without one lock held across both [cta-map-get-or-add]
    g_seen.insert(id);
    ++n;
  }
  (void)n;
}

std::map<int, int> g_flags;

// The early exit's branch (a read through the iterator) is not guarded work.
int earlyExitReadIsNoWork(int k) {
  auto it = g_flags.find(k);
  // CHECK: :[[@LINE-1]]:13: warning: check-then-act race on shared 'g_flags': 'find' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  if (it != g_flags.end())
    return it->second;
  g_flags[k] = 7;
  return 7;
}
