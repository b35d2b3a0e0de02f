// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
//
// cta-split-lock through helper summaries: `if (!reg.has(k)) reg.add(k);`
// where `has` returns whether a member holds the key and `add` inserts it,
// each under its own lock. Every positive names the helper call as the
// check or the act; every negative must stay silent.

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

struct Widget {};

class Registry {
public:
  bool has(const std::string &k) {
    std::lock_guard<std::mutex> g(mu_);
    return items_.count(k) > 0;
  }
  bool missing(const std::string &k) {
    std::lock_guard<std::mutex> g(mu_);
    return items_.find(k) == items_.end();
  }
  Widget *lookup(const std::string &k) {
    std::lock_guard<std::mutex> g(mu_);
    auto it = items_.find(k);
    if (it == items_.end())
      return nullptr;
    return it->second;
  }
  Widget *lookupTernary(const std::string &k) {
    std::lock_guard<std::mutex> g(mu_);
    auto it = items_.find(k);
    return it == items_.end() ? nullptr : it->second;
  }
  void add(const std::string &k, Widget *w) {
    std::lock_guard<std::mutex> g(mu_);
    items_[k] = w;
  }
  // Inserts only if absent, and says whether it did: its own re-check.
  bool tryAdd(const std::string &k, Widget *w) {
    std::lock_guard<std::mutex> g(mu_);
    return items_.emplace(k, w).second;
  }
  // Re-checks under its lock before inserting.
  void addIfAbsent(const std::string &k, Widget *w) {
    std::lock_guard<std::mutex> g(mu_);
    if (items_.count(k))
      return;
    items_[k] = w;
  }
  bool hasName(const std::string &k) {
    std::lock_guard<std::mutex> g(mu_);
    return names_.count(k) > 0;
  }
  // Takes no lock: the caller's business.
  bool hasUnlocked(const std::string &k) const { return items_.count(k) > 0; }
  void addUnlocked(const std::string &k, Widget *w) { items_[k] = w; }

  std::shared_ptr<Widget> current() {
    std::lock_guard<std::mutex> g(mu_);
    return current_;
  }
  void setCurrent(std::shared_ptr<Widget> w) {
    std::lock_guard<std::mutex> g(mu_);
    current_ = std::move(w);
  }
  bool ready() {
    std::lock_guard<std::mutex> g(mu_);
    return ready_;
  }
  void markReady() {
    std::lock_guard<std::mutex> g(mu_);
    ready_ = true;
  }

  // Within the class: the same object's helpers.
  void ensure(const std::string &k) {
    if (!has(k))
    // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'items_': checked under one lock and changed under another without a re-check [cta-split-lock]
    // CHECK-NEXT: :[[@LINE-2]]:10: note: check of 'items_' here; shared because 'Registry' has the synchronization member 'mu_' (high confidence)
      add(k, new Widget);
    // CHECK-NEXT: :[[@LINE-1]]:7: note: act on 'items_' here
    // CHECK-NEXT: note: use one critical section for the check and the act, or re-check under the second lock ('try_emplace' there and use its result)
  }
  // Negative: the caller holds the lock over both (a recursive design
  // would need a recursive mutex; the helpers here are the unlocked ones).
  void ensureHeld(const std::string &k) {
    std::lock_guard<std::mutex> g(mu_);
    if (!hasUnlocked(k))
      addUnlocked(k, new Widget);
  }
  std::mutex &mutex() { return mu_; }

private:
  std::mutex mu_;
  std::map<std::string, Widget *> items_;
  std::set<std::string> names_;
  std::shared_ptr<Widget> current_;
  bool ready_ = false;
};

Registry &registry() {
  static Registry r;
  return r;
}

//===----------------------------------------------------------------------===//
// Positive.
//===----------------------------------------------------------------------===//

// 1. Negated bool check, then the act, on an object reached by reference.
void p1(Registry &reg, const std::string &k) {
  if (!reg.has(k))
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'reg.items_': checked under one lock and changed under another without a re-check [cta-split-lock]
  // CHECK-NEXT: :[[@LINE-2]]:8: note: check of 'reg.items_' here; shared because 'Registry' has the synchronization member 'mu_' (high confidence)
    reg.add(k, new Widget);
  // CHECK-NEXT: :[[@LINE-1]]:5: note: act on 'reg.items_' here
  // CHECK-NEXT: note: use one critical section
}

// 2. A check that returns true when absent.
void p2(Registry &reg, const std::string &k) {
  if (reg.missing(k))
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'reg.items_'{{.*}}[cta-split-lock]
  // CHECK-NEXT: note: check of 'reg.items_' here
    reg.add(k, new Widget);
  // CHECK-NEXT: :[[@LINE-1]]:5: note: act on 'reg.items_' here
  // CHECK-NEXT: note: use one critical section
}

// 3. A lookup that returns null when absent, compared with nullptr.
void p3(Registry *reg, const std::string &k) {
  if (reg->lookup(k) == nullptr)
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'reg->items_'{{.*}}[cta-split-lock]
  // CHECK-NEXT: note: check of 'reg->items_' here
    reg->add(k, new Widget);
  // CHECK-NEXT: :[[@LINE-1]]:5: note: act on 'reg->items_' here
  // CHECK-NEXT: note: use one critical section
}

// 4. The lookup's result in a variable, tested with `!`; static storage.
void p4(const std::string &k) {
  Widget *w = registry().lookupTernary(k);
  // CHECK: :[[@LINE-1]]:15: warning: check-then-act race on shared 'registry().items_'{{.*}}[cta-split-lock]
  // CHECK-NEXT: note: check of 'registry().items_' here; shared because 'registry().items_' is reached through an accessor of static storage (high confidence)
  if (!w)
    registry().add(k, new Widget);
  // CHECK-NEXT: :[[@LINE-1]]:5: note: act on 'registry().items_' here
  // CHECK-NEXT: note: use one critical section
}

// 5. An early return on present: the act after it.
void p5(Registry &reg, const std::string &k) {
  if (reg.has(k))
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'reg.items_'{{.*}}[cta-split-lock]
  // CHECK-NEXT: note: check of 'reg.items_' here
    return;
  reg.add(k, new Widget);
  // CHECK-NEXT: :[[@LINE-1]]:3: note: act on 'reg.items_' here
  // CHECK-NEXT: note: use one critical section
}

// 6. A getter's copy tested for null, then the setter (lazy init).
std::shared_ptr<Widget> p6(Registry &reg) {
  auto w = reg.current();
  // CHECK: :[[@LINE-1]]:12: warning: check-then-act race on shared 'reg.current_'{{.*}}[cta-split-lock]
  // CHECK-NEXT: note: check of 'reg.current_' here
  if (!w) {
    w = std::make_shared<Widget>();
    reg.setCurrent(w);
    // CHECK-NEXT: :[[@LINE-1]]:5: note: act on 'reg.current_' here
    // CHECK-NEXT: note: use one critical section
  }
  return w;
}

// 7. A flag getter, the work, then the setter of the flag.
void prepare();
void p7(Registry &reg) {
  if (!reg.ready()) {
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'reg.ready_'{{.*}}[cta-split-lock]
  // CHECK-NEXT: note: check of 'reg.ready_' here
    prepare();
    reg.markReady();
    // CHECK-NEXT: :[[@LINE-1]]:5: note: act on 'reg.ready_' here
    // CHECK-NEXT: note: use one critical section
  }
}

// 8. The insert-if-absent helper whose result the caller ignores: an act
//    like any other after the separate check.
void p8(Registry &reg, const std::string &k) {
  if (!reg.has(k))
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'reg.items_'{{.*}}[cta-split-lock]
  // CHECK-NEXT: note: check of 'reg.items_' here
    reg.tryAdd(k, new Widget);
  // CHECK-NEXT: :[[@LINE-1]]:5: note: act on 'reg.items_' here
  // CHECK-NEXT: note: use one critical section
}

// 9. A temporary guard ends at its ';': it covers neither call.
void p9(Registry &reg, const std::string &k) {
  std::lock_guard<std::mutex>(reg.mutex());
  bool known = reg.has(k);
  // CHECK: :[[@LINE-1]]:16: warning: check-then-act race on shared 'reg.items_'{{.*}}[cta-split-lock]
  // CHECK-NEXT: note: check of 'reg.items_' here
  if (!known)
    reg.add(k, new Widget);
  // CHECK-NEXT: :[[@LINE-1]]:5: note: act on 'reg.items_' here
  // CHECK-NEXT: note: use one critical section
}

//===----------------------------------------------------------------------===//
// Negative.
//===----------------------------------------------------------------------===//

// 1. The caller holds one lock over both calls.
std::mutex outer;
void n1(Registry &reg, const std::string &k) {
  std::lock_guard<std::mutex> g(outer);
  if (!reg.has(k))
    reg.add(k, new Widget);
}

// 2. The insert-if-absent helper's result decides.
bool n2(Registry &reg, const std::string &k) {
  if (reg.has(k))
    return false;
  return reg.tryAdd(k, new Widget);
}

// 3. The add re-checks under its own lock.
void n3(Registry &reg, const std::string &k) {
  if (!reg.has(k))
    reg.addIfAbsent(k, new Widget);
}

// 4. An object of this function's own: not shared.
void n4(const std::string &k) {
  Registry local;
  if (!local.has(k))
    local.add(k, new Widget);
}

// 5. Different keys.
void n5(Registry &reg, const std::string &a, const std::string &b) {
  if (!reg.has(a))
    reg.add(b, new Widget);
}

// 6. Different objects.
void n6(Registry &x, Registry &y, const std::string &k) {
  if (!x.has(k))
    y.add(k, new Widget);
}

// 7. The check and the act are on different members.
void n7(Registry &reg, const std::string &k) {
  if (!reg.hasName(k))
    reg.add(k, new Widget);
}

// 8. The act runs when the check found the key (an update, not an add).
void n8(Registry &reg, const std::string &k) {
  if (reg.has(k))
    reg.add(k, new Widget);
}

// 9. Helpers that take no lock: the caller holds the lock over both
//    (Registry::ensureHeld); unlocked helpers are not summarized.
void n9(Registry &reg, const std::string &k) {
  if (!reg.hasUnlocked(k))
    reg.addUnlocked(k, new Widget);
}

// 10. A const getter whose copy is tested, and nothing is set.
bool n10(Registry &reg) {
  auto w = reg.current();
  if (!w)
    return false;
  return true;
}

// 11. The caller's guard on the registry's own mutex covers both (the
//     helpers here are the unlocked ones, so the mutex is not re-entered).
void n11(Registry &reg, const std::string &k) {
  std::lock_guard<std::mutex> held(reg.mutex());
  if (!reg.hasUnlocked(k))
    reg.addUnlocked(k, new Widget);
}

// 12. A flag set alone behind its test: setting it twice is the same
//     (as `if (!ready_) ready_ = true;`).
void n12(Registry &reg) {
  if (!reg.ready())
    reg.markReady();
}
