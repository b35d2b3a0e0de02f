// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
//
// A getter that returns a reference or pointer into its object's state
// (`Bucket &bucket(int t) { lock; return buckets_[t]; }`, `Widget *&slot(k)
// { lock; return slots_[k]; }`): what the caller checks and changes through
// the returned reference is that object's state, shared as the object is;
// the getter's lock covers only the lookup. Into a local object, a copy, a
// class without concurrency intent, or under one lock: not reported.

#include <map>
#include <mutex>
#include <string>

struct Codec {};
struct Widget {};
using Bucket = std::map<std::string, Codec *>;

class Registry {
public:
  Bucket &bucket(int type) {
    std::lock_guard<std::mutex> g(mu_);
    return buckets_[type];
  }
  Bucket *bucketPtr(int type) {
    std::lock_guard<std::mutex> g(mu_);
    return &buckets_[type];
  }
  Widget *&slot(const std::string &k) {
    std::lock_guard<std::mutex> g(mu_);
    return slots_[k];
  }
  // The caller holds mu_ (mutex()).
  Bucket &bucketLocked(int type) { return buckets_[type]; }
  // A copy: the caller's own.
  Bucket snapshot(int type) {
    std::lock_guard<std::mutex> g(mu_);
    return buckets_[type];
  }
  // Not this object's state.
  Bucket &pick(Bucket &mine) { return mine; }
  std::mutex &mutex() { return mu_; }

private:
  std::mutex mu_;
  std::map<int, Bucket> buckets_;
  std::map<std::string, Widget *> slots_;
};

Registry &registry() {
  static Registry r;
  return r;
}

//===----------------------------------------------------------------------===//
// Positive.
//===----------------------------------------------------------------------===//

// 1. find then operator[] on the returned bucket.
void p1(Registry &reg, int t, const std::string &n, Codec *c) {
  auto &b = reg.bucket(t);
  if (b.find(n) == b.end())
    b[n] = c;
  // CHECK: :[[@LINE-2]]:7: warning: check-then-act race on shared 'b': 'find' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  // CHECK-NEXT: :[[@LINE-3]]:7: note: check of 'b' here; shared because 'Registry' has the synchronization member 'mu_' (medium confidence)
  // CHECK-NEXT: :[[@LINE-3]]:5: note: act on 'b' here
}

// 2. Through a pointer the getter returns.
void p2(Registry *reg, int t, const std::string &n, Codec *c) {
  Bucket *b = reg->bucketPtr(t);
  if (!b->count(n))
    (*b)[n] = c;
  // CHECK: :[[@LINE-2]]:8: warning: check-then-act race on shared '(*b)': 'count' then 'operator[]'{{.*}}[cta-map-get-or-add]
  // CHECK-NEXT: note: check of '(*b)' here; shared because 'Registry' has the synchronization member 'mu_'
  // CHECK-NEXT: note: act on '(*b)' here
}

// 3. A slot by reference: lazy initialization of an element.
void p3(Registry &reg, const std::string &k) {
  Widget *&s = reg.slot(k);
  if (!s)
    s = new Widget;
  // CHECK: :[[@LINE-2]]:8: warning: check-then-act race on shared 's': lazy initialization is not atomic [cta-lazy-init]
  // CHECK-NEXT: note: check of 's' here; shared because 'Registry' has the synchronization member 'mu_'
  // CHECK-NEXT: :[[@LINE-3]]:5: note: act on 's' here
}

// 4. The getter called at the check and at the act.
void p4(Registry &reg, int t, const std::string &n, Codec *c) {
  if (!reg.bucket(t).count(n))
    reg.bucket(t)[n] = c;
  // CHECK: :[[@LINE-2]]:8: warning: check-then-act race on shared 'reg.bucket(t)'{{.*}}[cta-map-get-or-add]
  // CHECK-NEXT: note: check of 'reg.bucket(t)' here; shared because 'Registry' has the synchronization member 'mu_'
  // CHECK-NEXT: note: act on 'reg.bucket(t)' here
}

// 5. A registry of static storage.
void p5(int t, const std::string &n, Codec *c) {
  auto &b = registry().bucket(t);
  if (!b.count(n))
    b[n] = c;
  // CHECK: :[[@LINE-2]]:8: warning: check-then-act race on shared 'b'{{.*}}[cta-map-get-or-add]
  // CHECK-NEXT: note: check of 'b' here; shared because 'b' is reached through an accessor of static storage (high confidence)
  // CHECK-NEXT: note: act on 'b' here
}

//===----------------------------------------------------------------------===//
// Negative.
//===----------------------------------------------------------------------===//

// 1. The caller holds the registry's lock over the lookup, check and act.
void n1(Registry &reg, int t, const std::string &n, Codec *c) {
  std::lock_guard<std::mutex> g(reg.mutex());
  auto &b = reg.bucketLocked(t);
  if (b.find(n) == b.end())
    b[n] = c;
}

// 2. A local registry.
void n2(int t, const std::string &n, Codec *c) {
  Registry local;
  auto &b = local.bucket(t);
  if (!b.count(n))
    b[n] = c;
}

// 3. A copy of the bucket.
void n3(Registry &reg, int t, const std::string &n, Codec *c) {
  Bucket b = reg.snapshot(t);
  if (!b.count(n))
    b[n] = c;
}

// 4. Two registries: checked in one bucket, changed in another.
void n4(Registry &x, Registry &y, int t, const std::string &n, Codec *c) {
  auto &a = x.bucket(t);
  auto &b = y.bucket(t);
  if (!a.count(n))
    b[n] = c;
}

// 5. Two buckets of one registry.
void n5(Registry &reg, int t, int u, const std::string &n, Codec *c) {
  auto &a = reg.bucket(t);
  auto &b = reg.bucket(u);
  if (!a.count(n))
    b[n] = c;
}

// 6. The getter returns the caller's own bucket, not its object's state.
void n6(Registry &reg, const std::string &n, Codec *c) {
  Bucket mine;
  auto &b = reg.pick(mine);
  if (!b.count(n))
    b[n] = c;
}

// 7. A class without concurrency intent.
class Plain {
public:
  Bucket &bucket(int t) { return buckets_[t]; }

private:
  std::map<int, Bucket> buckets_;
};
void n7(Plain &p, int t, const std::string &n, Codec *c) {
  auto &b = p.bucket(t);
  if (!b.count(n))
    b[n] = c;
}

// 8. A slot tested and set with the lock held over both.
void n8(Registry &reg, const std::string &k, std::mutex &m) {
  std::lock_guard<std::mutex> g(m);
  Widget *&s = reg.slot(k);
  if (!s)
    s = new Widget;
}
