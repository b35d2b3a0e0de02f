// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
//
// cta-split-lock through helpers that call helpers: a forwarding wrapper
// (`contains` returning `has(k)`), an add that locks and calls an unlocked
// `insertLocked`, and chains of them, get the composed summary. An unlocked
// helper is an event only where its caller holds a section. Every negative
// must stay silent.

#include <map>
#include <memory>
#include <mutex>
#include <string>

struct Widget {};

class Registry {
public:
  bool has(const std::string &k) {
    std::lock_guard<std::mutex> g(mu_);
    return items_.count(k) > 0;
  }
  // Forwarding wrappers of the check.
  bool contains(const std::string &k) { return has(k); }
  bool absent(const std::string &k) { return !contains(k); }
  // Called before its definition: summarized on first use.
  bool known(const std::string &k) { return viaLater(k); }
  bool viaLater(const std::string &k);
  // A locked check through an unlocked one.
  bool hasChecked(const std::string &k) {
    std::lock_guard<std::mutex> g(mu_);
    return hasLocked(k);
  }
  // A locked act through an unlocked one.
  void add(const std::string &k, Widget *w) {
    std::lock_guard<std::mutex> g(mu_);
    insertLocked(k, w);
  }
  // A forwarding wrapper of the act.
  void put(const std::string &k, Widget *w) { add(k, w); }
  // Re-checks under its lock, through an unlocked helper: not an act.
  void addOnce(const std::string &k, Widget *w) {
    std::lock_guard<std::mutex> g(mu_);
    insertIfAbsentLocked(k, w);
  }
  bool hasName(const std::string &k) {
    std::lock_guard<std::mutex> g(mu_);
    return names_.count(k) > 0;
  }
  bool containsName(const std::string &k) { return hasName(k); }
  // Wrappers of unlocked helpers take no lock either.
  bool peek(const std::string &k) { return hasLocked(k); }
  void poke(const std::string &k, Widget *w) { insertLocked(k, w); }
  // A getter and a setter through wrappers.
  std::shared_ptr<Widget> current() {
    std::lock_guard<std::mutex> g(mu_);
    return current_;
  }
  std::shared_ptr<Widget> cur() { return current(); }
  void setCurrent(std::shared_ptr<Widget> w) {
    std::lock_guard<std::mutex> g(mu_);
    current_ = std::move(w);
  }
  void setCur(std::shared_ptr<Widget> w) { setCurrent(std::move(w)); }
  // Mutual recursion: neither is summarized, and nothing loops.
  bool ping(const std::string &k) { return k.empty() ? has(k) : pong(k); }
  bool pong(const std::string &k) { return ping(k); }

  std::mutex &mutex() { return mu_; }
  bool hasLocked(const std::string &k) const { return items_.count(k) > 0; }
  void insertLocked(const std::string &k, Widget *w) { items_[k] = w; }

private:
  void insertIfAbsentLocked(const std::string &k, Widget *w) {
    if (items_.count(k))
      return;
    items_[k] = w;
  }

  std::mutex mu_;
  std::map<std::string, Widget *> items_;
  std::map<std::string, Widget *> names_;
  std::shared_ptr<Widget> current_;
};

bool Registry::viaLater(const std::string &k) { return contains(k); }

//===----------------------------------------------------------------------===//
// Positive.
//===----------------------------------------------------------------------===//

// 1. A wrapper of the check, then the locked act.
void p1(Registry &reg, const std::string &k) {
  if (!reg.contains(k))
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'reg.items_': checked under one lock and changed under another without a re-check [cta-split-lock]
  // CHECK-NEXT: :[[@LINE-2]]:8: note: check of 'reg.items_' here; shared because 'Registry' has the synchronization member 'mu_' (high confidence)
    reg.add(k, new Widget);
  // CHECK-NEXT: :[[@LINE-1]]:5: note: act on 'reg.items_' here
  // CHECK-NEXT: note: use one critical section
}

// 2. A negated wrapper of a wrapper, then a wrapper of the act.
void p2(Registry &reg, const std::string &k) {
  if (reg.absent(k))
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'reg.items_'{{.*}}[cta-split-lock]
  // CHECK-NEXT: note: check of 'reg.items_' here
    reg.put(k, new Widget);
  // CHECK-NEXT: :[[@LINE-1]]:5: note: act on 'reg.items_' here
  // CHECK-NEXT: note: use one critical section
}

// 3. The act locks and calls an unlocked insert.
void p3(Registry *reg, const std::string &k) {
  if (reg->has(k))
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'reg->items_'{{.*}}[cta-split-lock]
  // CHECK-NEXT: note: check of 'reg->items_' here
    return;
  reg->add(k, new Widget);
  // CHECK-NEXT: :[[@LINE-1]]:3: note: act on 'reg->items_' here
  // CHECK-NEXT: note: use one critical section
}

// 4. Three wrappers deep, one defined after its caller.
void p4(Registry &reg, const std::string &k) {
  bool seen = reg.known(k);
  // CHECK: :[[@LINE-1]]:15: warning: check-then-act race on shared 'reg.items_'{{.*}}[cta-split-lock]
  // CHECK-NEXT: note: check of 'reg.items_' here
  if (!seen)
    reg.put(k, new Widget);
  // CHECK-NEXT: :[[@LINE-1]]:5: note: act on 'reg.items_' here
  // CHECK-NEXT: note: use one critical section
}

// 5. A locked check through an unlocked one.
void p5(Registry &reg, const std::string &k) {
  if (!reg.hasChecked(k))
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'reg.items_'{{.*}}[cta-split-lock]
  // CHECK-NEXT: note: check of 'reg.items_' here
    reg.add(k, new Widget);
  // CHECK-NEXT: :[[@LINE-1]]:5: note: act on 'reg.items_' here
  // CHECK-NEXT: note: use one critical section
}

// 6. Unlocked helpers in two sections of the caller's lock.
void p6(Registry &reg, const std::string &k) {
  bool seen;
  {
    std::lock_guard<std::mutex> g(reg.mutex());
    seen = reg.hasLocked(k);
    // CHECK: :[[@LINE-1]]:12: warning: check-then-act race on shared 'reg.items_'{{.*}}[cta-split-lock]
    // CHECK-NEXT: note: check of 'reg.items_' here
  }
  if (!seen) {
    std::lock_guard<std::mutex> g(reg.mutex());
    reg.insertLocked(k, new Widget);
    // CHECK-NEXT: :[[@LINE-1]]:5: note: act on 'reg.items_' here
    // CHECK-NEXT: note: use one critical section
  }
}

// 7. Wrappers of a getter and a setter (lazy init).
std::shared_ptr<Widget> p7(Registry &reg) {
  auto w = reg.cur();
  // CHECK: :[[@LINE-1]]:12: warning: check-then-act race on shared 'reg.current_'{{.*}}[cta-split-lock]
  // CHECK-NEXT: note: check of 'reg.current_' here
  if (!w) {
    w = std::make_shared<Widget>();
    reg.setCur(w);
    // CHECK-NEXT: :[[@LINE-1]]:5: note: act on 'reg.current_' here
    // CHECK-NEXT: note: use one critical section
  }
  return w;
}

//===----------------------------------------------------------------------===//
// Negative.
//===----------------------------------------------------------------------===//

// 1. The caller holds one lock over both wrappers.
std::mutex outer;
void n1(Registry &reg, const std::string &k) {
  std::lock_guard<std::mutex> g(outer);
  if (!reg.contains(k))
    reg.put(k, new Widget);
}

// 2. The add re-checks under its lock (through its unlocked helper).
void n2(Registry &reg, const std::string &k) {
  if (!reg.contains(k))
    reg.addOnce(k, new Widget);
}

// 3. Different keys.
void n3(Registry &reg, const std::string &a, const std::string &b) {
  if (!reg.contains(a))
    reg.put(b, new Widget);
}

// 4. Different members.
void n4(Registry &reg, const std::string &k) {
  if (!reg.containsName(k))
    reg.put(k, new Widget);
}

// 5. A local registry.
void n5(const std::string &k) {
  Registry local;
  if (!local.contains(k))
    local.put(k, new Widget);
}

// 6. Different objects.
void n6(Registry &x, Registry &y, const std::string &k) {
  if (!x.absent(k))
    return;
  y.put(k, new Widget);
}

// 7. Unlocked helpers (and their wrappers) with no lock held: the caller's
//    business, not a split lock.
void n7(Registry &reg, const std::string &k) {
  if (!reg.peek(k))
    reg.poke(k, new Widget);
  if (!reg.hasLocked(k))
    reg.insertLocked(k, new Widget);
}

// 8. Unlocked helpers in one section of the caller's lock.
void n8(Registry &reg, const std::string &k) {
  std::lock_guard<std::mutex> g(reg.mutex());
  if (!reg.peek(k))
    reg.poke(k, new Widget);
}

// 9. A cycle of wrappers is no check.
void n9(Registry &reg, const std::string &k) {
  if (!reg.ping(k))
    reg.add(k, new Widget);
}

// 10. The act runs when the wrapper found the key (an update).
void n10(Registry &reg, const std::string &k) {
  if (reg.contains(k))
    reg.put(k, new Widget);
}
