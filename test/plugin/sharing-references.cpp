// References and pointers into shared state are shared: an element of a
// shared container (`registry_[type]`, `m.at(k)`, an iterator's `->second`),
// a member reached through a method that returns a reference to this
// object's state, and a local pointer to any of those. Into a local, a copy,
// or under one lock: not reported.
// RUN: %clang_cta -fsyntax-only %s 2>&1 | FileCheck %s --implicit-check-not='{{warning|error}}:'
#include <map>
#include <mutex>
#include <string>

struct Codec {};

class Registry {
public:
  // A nested map reached through a reference to its bucket.
  void add(int type, const std::string &n, Codec *c) {
    auto &bucket = registry_[type];
    if (bucket.find(n) == bucket.end())
      bucket[n] = c;
    // CHECK: :[[@LINE-2]]:9: warning: check-then-act race on shared 'bucket': 'find' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  }

  // Through at().
  void addAt(int type, const std::string &n, Codec *c) {
    std::map<std::string, Codec *> &bucket = registry_.at(type);
    if (!bucket.count(n))
      bucket[n] = c;
    // CHECK: :[[@LINE-2]]:10: warning: check-then-act race on shared 'bucket': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  }

  // An iterator's ->second.
  void addFound(int type, const std::string &n, Codec *c) {
    auto it = registry_.find(type);
    if (it == registry_.end())
      return;
    if (!it->second.count(n))
      it->second[n] = c;
    // CHECK: :[[@LINE-2]]:10: warning: check-then-act race on shared 'it->second': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  }

  // A member reached through a method returning a reference.
  void addVia(int type, const std::string &n, Codec *c) {
    auto &bucket = bucketFor(type);
    if (!bucket.count(n))
      bucket[n] = c;
    // CHECK: :[[@LINE-2]]:10: warning: check-then-act race on shared 'bucket': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  }

  // A pointer into the shared map.
  void addPtr(int type, const std::string &n, Codec *c) {
    auto *bucket = &registry_[type];
    if (!bucket->count(n))
      (*bucket)[n] = c;
    // CHECK: :[[@LINE-2]]:10: warning: check-then-act race on shared '(*bucket)': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  }

  // Negative: one lock over the lookup of the bucket, the check and the act.
  void addLocked(int type, const std::string &n, Codec *c) {
    std::lock_guard<std::mutex> g(mu_);
    auto &bucket = registry_[type];
    if (bucket.find(n) == bucket.end())
      bucket[n] = c;
  }

  // Negative: a bucket of a local map.
  void addLocal(int type, const std::string &n, Codec *c) {
    std::map<int, std::map<std::string, Codec *>> local;
    auto &bucket = local[type];
    if (!bucket.count(n))
      bucket[n] = c;
    auto it = local.find(type);
    if (!it->second.count(n))
      it->second[n] = c;
  }

  // Negative: a bucket of a copy.
  void addCopy(int type, const std::string &n, Codec *c) {
    auto copy = registry_;
    auto &bucket = copy[type];
    if (!bucket.count(n))
      bucket[n] = c;
  }

  // Negative: a copy of the bucket.
  void addBucketCopy(int type, const std::string &n, Codec *c) {
    std::map<std::string, Codec *> bucket = registry_[type];
    if (!bucket.count(n))
      bucket[n] = c;
  }

  // Negative: the caller's map, by reference.
  static void fill(std::map<int, std::map<std::string, Codec *>> &out,
                   int type, const std::string &n, Codec *c) {
    auto &bucket = out[type];
    if (!bucket.count(n))
      bucket[n] = c;
  }

private:
  std::map<std::string, Codec *> &bucketFor(int type) {
    return registry_[type];
  }

  std::mutex mu_;
  std::map<int, std::map<std::string, Codec *>> registry_;
};

// A static map's bucket.
static std::map<int, std::map<int, int>> g_reg;

void addStatic(int t, int k) {
  auto &b = g_reg[t];
  if (!b.count(k))
    b[k] = 1;
  // CHECK: :[[@LINE-2]]:8: warning: check-then-act race on shared 'b': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
}

// Negative: a thread_local map's bucket.
thread_local std::map<int, std::map<int, int>> t_reg;

void addThreadLocal(int t, int k) {
  auto &b = t_reg[t];
  if (!b.count(k))
    b[k] = 1;
}

// Negative: a class without concurrency intent.
class Plain {
public:
  void add(int t, int k) {
    auto &b = reg_[t];
    if (!b.count(k))
      b[k] = 1;
  }

private:
  std::map<int, std::map<int, int>> reg_;
};
