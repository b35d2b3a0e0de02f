// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
//
// cta-map-get-or-add: a lookup (find, count, equal_range, lower_bound, empty) and then an
// insertion of the same key (operator[], insert, emplace, emplace_hint, insert_or_assign,
// try_emplace) on a shared map, with no one lock held across both.
// One case = one function. The warning sits at the start of the check expression.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

struct Conn {
  explicit Conn(const std::string &Name);
};
std::shared_ptr<Conn> makeConn(const std::string &Name);
int compute(int K);

//===----------------------------------------------------------------------===//
// A member of a class with a mutex member (concurrency intent), no lock taken.
//===----------------------------------------------------------------------===//

class ConnCache {
public:
  // The motivating example: iterator kept in a variable, early return on hit.
  std::shared_ptr<Conn> findThenSubscript(const std::string &key) {
    auto it = cache_.find(key);
    // CHECK: :[[@LINE-1]]:15: warning: check-then-act race on shared 'cache_': 'find' then 'operator[]' without one lock held across both [cta-map-get-or-add]
    // CHECK: :[[@LINE-2]]:15: note: check of 'cache_' here
    if (it != cache_.end())
      return it->second;
    auto v = std::make_shared<Conn>(key);
    cache_[key] = v;
    // CHECK: :[[@LINE-1]]:5: note: act on 'cache_' here
    // CHECK: note: use {{.+}}
    return v;
  }

  void findEqualsEndSubscript(const std::string &key) {
    if (cache_.find(key) == cache_.end())
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'cache_': 'find' then 'operator[]' without one lock held across both [cta-map-get-or-add]
    // CHECK: :[[@LINE-2]]:9: note: check of 'cache_' here
      cache_[key] = makeConn(key);
    // CHECK: :[[@LINE-1]]:7: note: act on 'cache_' here
    // CHECK: note: use {{.+}}
  }

  void findEqualsEndInsertBraced(const std::string &key) {
    if (cache_.find(key) == cache_.end()) {
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'cache_': 'find' then 'insert' without one lock held across both [cta-map-get-or-add]
    // CHECK: :[[@LINE-2]]:9: note: check of 'cache_' here
      auto v = makeConn(key);
      cache_.insert({key, v});
      // CHECK: :[[@LINE-1]]:7: note: act on 'cache_' here
      // CHECK: note: use {{.+}}
    }
  }

  // Iterator in a variable, tested with '==' and the act inside the branch.
  void findVarEqualsEnd(const std::string &key) {
    auto it = cache_.find(key);
    // CHECK: :[[@LINE-1]]:15: warning: check-then-act race on shared 'cache_': 'find' then 'emplace' without one lock held across both [cta-map-get-or-add]
    // CHECK: :[[@LINE-2]]:15: note: check of 'cache_' here
    if (it == cache_.end()) {
      cache_.emplace(key, makeConn(key));
      // CHECK: :[[@LINE-1]]:7: note: act on 'cache_' here
      // CHECK: note: use {{.+}}
    }
  }

  // The act in the else-branch of a "found" test.
  std::shared_ptr<Conn> findElseBranch(const std::string &key) {
    std::shared_ptr<Conn> v;
    auto it = cache_.find(key);
    // CHECK: :[[@LINE-1]]:15: warning: check-then-act race on shared 'cache_': 'find' then 'operator[]' without one lock held across both [cta-map-get-or-add]
    // CHECK: :[[@LINE-2]]:15: note: check of 'cache_' here
    if (it != cache_.end()) {
      v = it->second;
    } else {
      v = makeConn(key);
      cache_[key] = v;
      // CHECK: :[[@LINE-1]]:7: note: act on 'cache_' here
      // CHECK: note: use {{.+}}
    }
    return v;
  }

  // C++17 if-with-initializer.
  void ifWithInitializer(const std::string &key) {
    if (auto it = cache_.find(key); it == cache_.end())
    // CHECK: :[[@LINE-1]]:19: warning: check-then-act race on shared 'cache_': 'find' then 'emplace' without one lock held across both [cta-map-get-or-add]
    // CHECK: :[[@LINE-2]]:19: note: check of 'cache_' here
      cache_.emplace(key, makeConn(key));
    // CHECK: :[[@LINE-1]]:7: note: act on 'cache_' here
    // CHECK: note: use {{.+}}
  }

  // 'this->cache_' at the check and 'cache_' at the act are the same object; the
  // object is named as spelled at the act.
  void thisArrowAtCheck(const std::string &key) {
    if (this->cache_.find(key) == cache_.end())
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'cache_': 'find' then 'operator[]' without one lock held across both [cta-map-get-or-add]
    // CHECK: :[[@LINE-2]]:9: note: check of 'cache_' here
      cache_[key] = makeConn(key);
    // CHECK: :[[@LINE-1]]:7: note: act on 'cache_' here
    // CHECK: note: use {{.+}}
  }

  void thisArrowAtAct(const std::string &key) {
    if (!cache_.count(key))
    // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'this->cache_': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
    // CHECK: :[[@LINE-2]]:10: note: check of 'this->cache_' here
      this->cache_[key] = makeConn(key);
    // CHECK: :[[@LINE-1]]:7: note: act on 'this->cache_' here
    // CHECK: note: use {{.+}}
  }

  void flush();

private:
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<Conn>> cache_;
};

//===----------------------------------------------------------------------===//
// count() in its boolean and integer forms, on namespace-scope maps.
//===----------------------------------------------------------------------===//

std::map<int, int> g_counts;
std::unordered_map<std::string, int> g_ids;

void countNegated(int k) {
  if (!g_counts.count(k))
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_counts': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:8: note: check of 'g_counts' here
    g_counts[k] = compute(k);
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_counts' here
  // CHECK: note: use {{.+}}
}

void countEqualsZero(int k) {
  if (g_counts.count(k) == 0)
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_counts': 'count' then 'emplace' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_counts' here
    g_counts.emplace(k, compute(k));
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_counts' here
  // CHECK: note: use {{.+}}
}

int countGreaterZeroReturn(int k) {
  if (g_counts.count(k) > 0)
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_counts': 'count' then 'insert' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_counts' here
    return g_counts.at(k);
  int v = compute(k);
  g_counts.insert(std::make_pair(k, v));
  // CHECK: :[[@LINE-1]]:3: note: act on 'g_counts' here
  // CHECK: note: use {{.+}}
  return v;
}

int countNotEqualZeroReturn(const std::string &name) {
  if (g_ids.count(name) != 0)
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_ids': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_ids' here
    return g_ids[name];
  int id = static_cast<int>(g_ids.size());
  g_ids[name] = id;
  // CHECK: :[[@LINE-1]]:3: note: act on 'g_ids' here
  // CHECK: note: use {{.+}}
  return id;
}

int countImplicitBoolReturn(const std::string &name) {
  if (g_ids.count(name))
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_ids': 'count' then 'emplace' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_ids' here
    return g_ids.at(name);
  g_ids.emplace(name, 7);
  // CHECK: :[[@LINE-1]]:3: note: act on 'g_ids' here
  // CHECK: note: use {{.+}}
  return 7;
}

// The act in the false arm of a conditional operator.
int ternary(int k) {
  return g_counts.count(k) ? g_counts.at(k) : (g_counts[k] = compute(k));
  // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'g_counts': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:10: note: check of 'g_counts' here
  // CHECK: :[[@LINE-3]]:48: note: act on 'g_counts' here
  // CHECK: note: use {{.+}}
}

// Check and act repeated for every element of a loop.
void loopOverKeys(const std::vector<int> &keys) {
  for (auto &k : keys)
    if (!g_counts.count(k))
    // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'g_counts': 'count' then 'emplace' without one lock held across both [cta-map-get-or-add]
    // CHECK: :[[@LINE-2]]:10: note: check of 'g_counts' here
      g_counts.emplace(k, 0);
  // CHECK: :[[@LINE-1]]:7: note: act on 'g_counts' here
  // CHECK: note: use {{.+}}
}

//===----------------------------------------------------------------------===//
// Other checks: equal_range, lower_bound, empty.
//===----------------------------------------------------------------------===//

void equalRangeEmpty(int k) {
  auto r = g_counts.equal_range(k);
  // CHECK: :[[@LINE-1]]:12: warning: check-then-act race on shared 'g_counts': 'equal_range' then 'emplace' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:12: note: check of 'g_counts' here
  if (r.first == r.second)
    g_counts.emplace(k, 1);
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_counts' here
  // CHECK: note: use {{.+}}
}

// The classic hinted insertion: correct single-threaded, racy when shared.
void lowerBoundHint(int k) {
  auto lb = g_counts.lower_bound(k);
  // CHECK: :[[@LINE-1]]:13: warning: check-then-act race on shared 'g_counts': 'lower_bound' then 'emplace_hint' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:13: note: check of 'g_counts' here
  if (lb == g_counts.end() || lb->first != k)
    g_counts.emplace_hint(lb, k, compute(k));
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_counts' here
  // CHECK: note: use {{.+}}
}

void lowerBoundEqualsEnd(int k) {
  if (g_counts.lower_bound(k) == g_counts.end())
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_counts': 'lower_bound' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_counts' here
    g_counts[k] = 1;
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_counts' here
  // CHECK: note: use {{.+}}
}

std::map<std::string, int> g_defaults;

void emptyThenEmplace() {
  if (g_defaults.empty())
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_defaults': 'empty' then 'emplace' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_defaults' here
    g_defaults.emplace("default", 0);
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_defaults' here
  // CHECK: note: use {{.+}}
}

//===----------------------------------------------------------------------===//
// Every kind of act after a check.
//===----------------------------------------------------------------------===//

void actInsertOrAssign(int k) {
  if (!g_counts.count(k))
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_counts': 'count' then 'insert_or_assign' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:8: note: check of 'g_counts' here
    g_counts.insert_or_assign(k, compute(k));
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_counts' here
  // CHECK: note: use {{.+}}
}

// try_emplace whose result is ignored does not re-check: the check still decides.
void actTryEmplaceAfterCheck(int k) {
  if (g_counts.find(k) == g_counts.end())
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_counts': 'find' then 'try_emplace' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_counts' here
    g_counts.try_emplace(k, compute(k));
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_counts' here
  // CHECK: note: use {{.+}}
}

void actInsertMakePair(const std::string &name) {
  if (g_ids.find(name) == g_ids.end())
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_ids': 'find' then 'insert' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_ids' here
    g_ids.insert(std::make_pair(name, 1));
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_ids' here
  // CHECK: note: use {{.+}}
}

void actInsertValueType(const std::string &name) {
  if (!g_ids.count(name)) {
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_ids': 'count' then 'insert' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:8: note: check of 'g_ids' here
    std::pair<const std::string, int> entry(name, 2);
    g_ids.insert(entry);
    // CHECK: :[[@LINE-1]]:5: note: act on 'g_ids' here
    // CHECK: note: use {{.+}}
  }
}

// operator[] used for its reference, not assigned directly.
void actSubscriptIncrementAfterMiss(const std::string &name) {
  if (g_ids.find(name) == g_ids.end())
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_ids': 'find' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_ids' here
    ++g_ids[name];
  // CHECK: :[[@LINE-1]]:7: note: act on 'g_ids' here
  // CHECK: note: use {{.+}}
}

//===----------------------------------------------------------------------===//
// Static data members and function-local statics are shared.
//===----------------------------------------------------------------------===//

struct Registry {
  static std::map<std::string, int> handlers_;

  static void addStaticMember(const std::string &name, int h) {
    if (handlers_.count(name) == 0)
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'handlers_': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
    // CHECK: :[[@LINE-2]]:9: note: check of 'handlers_' here
      handlers_[name] = h;
    // CHECK: :[[@LINE-1]]:7: note: act on 'handlers_' here
    // CHECK: note: use {{.+}}
  }
};

// A static member reached by its qualified name from a free function.
void addQualifiedStaticMember(const std::string &name) {
  if (Registry::handlers_.find(name) == Registry::handlers_.end())
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'Registry::handlers_': 'find' then 'emplace' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'Registry::handlers_' here
    Registry::handlers_.emplace(name, 0);
  // CHECK: :[[@LINE-1]]:5: note: act on 'Registry::handlers_' here
  // CHECK: note: use {{.+}}
}

int functionLocalStatic(int k) {
  static std::unordered_map<int, int> memo;
  auto it = memo.find(k);
  // CHECK: :[[@LINE-1]]:13: warning: check-then-act race on shared 'memo': 'find' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:13: note: check of 'memo' here
  if (it != memo.end())
    return it->second;
  int v = compute(k);
  memo[k] = v;
  // CHECK: :[[@LINE-1]]:3: note: act on 'memo' here
  // CHECK: note: use {{.+}}
  return v;
}

namespace svc {
namespace {
std::map<std::string, std::string> s_config;
} // namespace

// A namespace-scope map in an anonymous namespace is still shared by every thread.
const std::string &configValue(const std::string &key) {
  auto it = s_config.find(key);
  // CHECK: :[[@LINE-1]]:13: warning: check-then-act race on shared 's_config': 'find' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:13: note: check of 's_config' here
  if (it != s_config.end())
    return it->second;
  s_config[key] = "unset";
  // CHECK: :[[@LINE-1]]:3: note: act on 's_config' here
  // CHECK: note: use {{.+}}
  return s_config.at(key);
}
} // namespace svc

// A shared map reached through a reference to it: the same object.
void throughReference(int k) {
  std::map<int, int> &m = g_counts;
  if (m.find(k) == m.end())
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'm': 'find' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'm' here
    m[k] = 0;
  // CHECK: :[[@LINE-1]]:5: note: act on 'm' here
  // CHECK: note: use {{.+}}
}
