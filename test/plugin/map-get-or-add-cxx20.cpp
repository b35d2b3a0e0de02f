// RUN: %clang_cta -std=c++20 -fsyntax-only %s 2>&1 | %check_strict %s
//
// cta-map-get-or-add with C++20's contains().

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>

std::map<std::string, int> g_map;
std::set<std::string> g_set;

void containsNegated(const std::string &k) {
  if (!g_map.contains(k))
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_map': 'contains' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:8: note: check of 'g_map' here
    g_map[k] = 1;
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_map' here
  // CHECK: note: use {{.+}}
}

int containsEarlyReturn(const std::string &k) {
  if (g_map.contains(k))
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_map': 'contains' then 'emplace' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_map' here
    return g_map.at(k);
  g_map.emplace(k, 2);
  // CHECK: :[[@LINE-1]]:3: note: act on 'g_map' here
  // CHECK: note: use {{.+}}
  return 2;
}

void containsSet(const std::string &k) {
  if (!g_set.contains(k))
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_set': 'contains' then 'insert' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:8: note: check of 'g_set' here
    g_set.insert(k);
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_set' here
  // CHECK: note: use {{.+}}
}

class Directory {
public:
  void add(const std::string &name, int id) {
    if (!entries_.contains(name))
    // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'entries_': 'contains' then 'try_emplace' without one lock held across both [cta-map-get-or-add]
    // CHECK: :[[@LINE-2]]:10: note: check of 'entries_' here
      entries_.try_emplace(name, id);
    // CHECK: :[[@LINE-1]]:7: note: act on 'entries_' here
    // CHECK: note: use {{.+}}
  }

  // Negative: contains and the insert under one lock_guard.
  void addLocked(const std::string &name, int id) {
    std::lock_guard<std::mutex> g(mu_);
    if (!entries_.contains(name))
      entries_.try_emplace(name, id);
  }

private:
  std::mutex mu_;
  std::unordered_map<std::string, int> entries_;
};

// Negative: a local map, not captured by any thread.
int localContains(const std::string &k) {
  std::map<std::string, int> m;
  if (!m.contains(k))
    m[k] = 3;
  return m[k];
}
