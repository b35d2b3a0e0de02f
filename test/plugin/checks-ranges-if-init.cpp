// Checks spelled with std::ranges algorithms (function objects, not
// functions: `std::ranges::find` is a `__find_fn` object) and checks in a
// C++17 if with an initializer. The mocks add std::ranges::contains (C++23);
// the real libstdc++ run covers find, find_if, any_of and count.
// RUN: %clang_cta -std=c++20 -fsyntax-only %s 2>&1 | FileCheck %s --check-prefixes=CHECK,MOCK --implicit-check-not='{{warning|error}}:'
// RUN: %clang_cta_real -std=c++20 -fsyntax-only -DREAL %s 2>&1 | FileCheck %s --implicit-check-not='{{warning|error}}:'
#include <algorithm>
#include <map>
#include <mutex>
#include <string>
#include <vector>

class Peers {
public:
  void addFind(int id) {
    if (std::ranges::find(ids_, id) == ids_.end())
      ids_.push_back(id);
    // CHECK: :[[@LINE-2]]:9: warning: check-then-act race on shared 'ids_': 'std::ranges::find' then 'push_back' without one lock held across both [cta-seq-search-add]
  }

  void addFindIf(int id) {
    if (std::ranges::find_if(ids_, [&](int x) { return x == id; }) == ids_.end())
      ids_.push_back(id);
    // CHECK: :[[@LINE-2]]:9: warning: check-then-act race on shared 'ids_': 'std::ranges::find_if' then 'push_back' without one lock held across both [cta-seq-search-add]
  }

  void addAnyOf(int id) {
    if (!std::ranges::any_of(ids_, [&](int x) { return x == id; }))
      ids_.push_back(id);
    // CHECK: :[[@LINE-2]]:10: warning: check-then-act race on shared 'ids_': 'std::ranges::any_of' then 'push_back' without one lock held across both [cta-seq-search-add]
  }

  void addCount(int id) {
    if (std::ranges::count(ids_, id) == 0)
      ids_.push_back(id);
    // CHECK: :[[@LINE-2]]:9: warning: check-then-act race on shared 'ids_': 'std::ranges::count' then 'push_back' without one lock held across both [cta-seq-search-add]
  }

#ifndef REAL
  void addContains(int id) {
    if (!std::ranges::contains(ids_, id))
      ids_.push_back(id);
    // MOCK: :[[@LINE-2]]:10: warning: check-then-act race on shared 'ids_': 'std::ranges::contains' then 'push_back' without one lock held across both [cta-seq-search-add]
  }
#endif

  // C++17 if with an initializer.
  void addIfInit(const std::string &k, int v) {
    if (auto it = names_.find(k); it == names_.end())
      names_[k] = v;
    // CHECK: :[[@LINE-2]]:19: warning: check-then-act race on shared 'names_': 'find' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  }

  void addIfInitCount(const std::string &k, int v) {
    if (bool has = names_.count(k) != 0; !has)
      names_.emplace(k, v);
    // CHECK: :[[@LINE-2]]:20: warning: check-then-act race on shared 'names_': 'count' then 'emplace' without one lock held across both [cta-map-get-or-add]
  }

  // Negative: one lock over the ranges search and the append.
  void addLocked(int id) {
    std::lock_guard<std::mutex> g(mu_);
    if (std::ranges::find(ids_, id) == ids_.end())
      ids_.push_back(id);
  }

  // Negative: the lock in the if's initializer.
  void addIfInitLocked(const std::string &k, int v) {
    if (std::lock_guard<std::mutex> g(mu_); names_.find(k) == names_.end())
      names_[k] = v;
  }

  // Negative: a local vector.
  void addLocal(int id) {
    std::vector<int> local;
    if (std::ranges::find(local, id) == local.end())
      local.push_back(id);
  }

  // Negative: if-init with an insertion whose result decides.
  void addIfInitTry(const std::string &k, int v) {
    if (auto [it, inserted] = names_.try_emplace(k, v); !inserted)
      it->second = v;
  }

private:
  std::mutex mu_;
  std::vector<int> ids_;
  std::map<std::string, int> names_;
};
