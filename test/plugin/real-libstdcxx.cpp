// RUN: %clang_cta_real -fsyntax-only %s 2>&1 | %check_strict %s
//
// The rules against the real libstdc++ headers (std::__cxx11 strings and lists, _Rb_tree
// and _Hashtable internals, __normal_iterator): the same verdicts as with the mocks.

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

struct Conn {
  explicit Conn(const std::string &Name);
};

class ConnCache {
public:
  std::shared_ptr<Conn> get(const std::string &key) {
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

  std::shared_ptr<Conn> getSplit(const std::string &key) {
    {
      std::shared_lock<std::shared_mutex> r(rw_);
      auto it = cache_.find(key);
      // CHECK: :[[@LINE-1]]:17: warning: check-then-act race on shared 'cache_': checked under one lock and changed under another without a re-check [cta-split-lock]
      // CHECK: :[[@LINE-2]]:17: note: check of 'cache_' here
      if (it != cache_.end())
        return it->second;
    }
    auto v = std::make_shared<Conn>(key);
    std::unique_lock<std::shared_mutex> w(rw_);
    cache_.emplace(key, v);
    // CHECK: :[[@LINE-1]]:5: note: act on 'cache_' here
    // CHECK: note: use {{.+}}
    return v;
  }

  Conn &defaultConn() {
    if (!default_)
    // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'default_': lazy initialization is not atomic [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:10: note: check of 'default_' here
      default_ = std::make_unique<Conn>("default");
    // CHECK: :[[@LINE-1]]:7: note: act on 'default_' here
    // CHECK: note: use {{.+}}
    return *default_;
  }

  // Negative: one lock around both.
  std::shared_ptr<Conn> getLocked(const std::string &key) {
    std::lock_guard<std::mutex> g(mu_);
    auto it = cache_.find(key);
    if (it != cache_.end())
      return it->second;
    auto v = std::make_shared<Conn>(key);
    cache_[key] = v;
    return v;
  }

  // Negative: try_emplace alone, result used.
  std::shared_ptr<Conn> getTryEmplace(const std::string &key) {
    std::lock_guard<std::mutex> g(mu_);
    auto [it, inserted] = cache_.try_emplace(key, nullptr);
    if (inserted)
      it->second = std::make_shared<Conn>(key);
    return it->second;
  }

  // Negative: call_once.
  Conn &defaultConnOnce() {
    std::call_once(once_, [this] { default_ = std::make_unique<Conn>("default"); });
    return *default_;
  }

private:
  std::mutex mu_;
  std::shared_mutex rw_;
  std::once_flag once_;
  std::unordered_map<std::string, std::shared_ptr<Conn>> cache_;
  std::unique_ptr<Conn> default_;
};

std::map<int, int> g_counts;
std::vector<std::string> g_names;

void countThenSubscript(int k) {
  if (!g_counts.count(k))
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_counts': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:8: note: check of 'g_counts' here
    g_counts[k] = 1;
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_counts' here
  // CHECK: note: use {{.+}}
}

void findThenPushBack(const std::string &n) {
  if (std::find(g_names.begin(), g_names.end(), n) == g_names.end())
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_names': 'std::find' then 'push_back' without one lock held across both [cta-seq-search-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_names' here
    g_names.push_back(n);
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_names' here
  // CHECK: note: use {{.+}}
}

// Negative: a local map.
int localMap(int k) {
  std::map<int, int> m;
  if (!m.count(k))
    m[k] = 2;
  return m[k];
}

// Negative: a magic static.
std::map<int, int> &table() {
  static std::map<int, int> t;
  return t;
}
