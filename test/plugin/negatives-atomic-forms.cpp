// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_clean %s
//
// Already-atomic forms are never flagged (DESIGN section 4): try_emplace / emplace /
// insert alone (and their results used as the check), magic statics, std::call_once,
// absl::call_once, double-checked locking done right with acquire/release atomics,
// compare_exchange loops. All state here is shared (namespace scope, statics, or members
// of classes with a mutex). Nothing may be flagged.
// CHECK-NOT: warning:

#include <absl/base/call_once.h>
#include <absl/container/flat_hash_map.h>
#include <absl/synchronization/mutex.h>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>

struct Widget {
  Widget();
  explicit Widget(int N);
};
int compute(int K);
void announce(int Id);

std::map<int, int> g_map;
std::unordered_map<std::string, std::shared_ptr<Widget>> g_widgets;
std::set<int> g_seen;
absl::flat_hash_map<std::string, int> g_flat;

// --- one call that checks and acts ---------------------------------------------------

std::shared_ptr<Widget> tryEmplaceResultUsed(const std::string &k) {
  auto [it, inserted] = g_widgets.try_emplace(k, nullptr);
  if (inserted)
    it->second = std::make_shared<Widget>();
  return it->second;
}

void tryEmplaceAlone(int k) { g_map.try_emplace(k, compute(k)); }

void emplaceAlone(int k) { g_map.emplace(k, 1); }

void insertAlone(int k) { g_map.insert({k, 2}); }

void insertOrAssignAlone(int k) { g_map.insert_or_assign(k, 3); }

void subscriptAlone(int k) { g_map[k]++; }

// The insert's own result gates the side effect.
void insertSecondGatesSideEffect(int id) {
  if (g_seen.insert(id).second)
    announce(id);
}

void emplaceInIfInitializer(int k) {
  if (auto [it, ok] = g_map.emplace(k, 4); ok)
    announce(it->first);
}

void abslTryEmplace(const std::string &k) {
  auto result = g_flat.try_emplace(k, 5);
  if (!result.second)
    announce(result.first->second);
}

// --- magic statics: initialization of a function-local static is thread-safe ---------

Widget &magicStaticObject() {
  static Widget instance;
  return instance;
}

Widget *magicStaticPointer() {
  static Widget *p = new Widget(1);
  return p;
}

std::unique_ptr<Widget> &magicStaticUnique() {
  static auto p = std::make_unique<Widget>(2);
  return p;
}

const std::map<int, int> &magicStaticTable() {
  static const std::map<int, int> table = [] {
    std::map<int, int> m;
    for (int i = 0; i < 4; ++i)
      if (!m.count(i))
        m[i] = i * i;
    return m;
  }();
  return table;
}

// --- call_once -------------------------------------------------------------------------

std::once_flag g_once;
Widget *g_widget = nullptr;

Widget *stdCallOnce() {
  std::call_once(g_once, [] { g_widget = new Widget(3); });
  return g_widget;
}

// The null test inside the call_once callable runs exactly once.
Widget *stdCallOnceWithTest() {
  std::call_once(g_once, [] {
    if (!g_widget)
      g_widget = new Widget(4);
  });
  return g_widget;
}

class Lazy {
public:
  Widget &get() {
    std::call_once(once_, [this] { w_ = std::make_unique<Widget>(5); });
    return *w_;
  }

  Widget &getMemberFunction() {
    std::call_once(once_, &Lazy::init, this);
    return *w_;
  }

  Widget &getAbsl() {
    absl::call_once(absl_once_, [this] {
      if (!w_)
        w_ = std::make_unique<Widget>(6);
    });
    return *w_;
  }

private:
  void init() { w_ = std::make_unique<Widget>(7); }
  std::mutex mu_;
  std::once_flag once_;
  absl::once_flag absl_once_;
  std::unique_ptr<Widget> w_;
};

absl::once_flag g_absl_once;
bool g_ready = false;

void abslCallOnceFlag() {
  absl::call_once(g_absl_once, [] {
    compute(0);
    g_ready = true;
  });
}

// --- atomics -----------------------------------------------------------------------------

std::atomic<Widget *> g_atomic{nullptr};
std::mutex g_mu;

// Double-checked locking done right.
Widget *correctDcl() {
  Widget *w = g_atomic.load(std::memory_order_acquire);
  if (!w) {
    std::lock_guard<std::mutex> g(g_mu);
    w = g_atomic.load(std::memory_order_relaxed);
    if (!w) {
      w = new Widget(8);
      g_atomic.store(w, std::memory_order_release);
    }
  }
  return w;
}

// Publication by compare_exchange: the loser deletes its candidate.
Widget *compareExchangePublish() {
  Widget *w = g_atomic.load(std::memory_order_acquire);
  if (w)
    return w;
  Widget *fresh = new Widget(9);
  Widget *expected = nullptr;
  if (g_atomic.compare_exchange_strong(expected, fresh, std::memory_order_acq_rel,
                                       std::memory_order_acquire))
    return fresh;
  delete fresh;
  return expected;
}

std::atomic<int> g_slots{0};

// A compare_exchange loop with a bound check.
bool takeSlot(int max) {
  int cur = g_slots.load();
  do {
    if (cur >= max)
      return false;
  } while (!g_slots.compare_exchange_weak(cur, cur + 1));
  return true;
}

std::atomic<bool> g_started{false};

// exchange() tests and sets in one step.
void startOnce() {
  if (!g_started.exchange(true))
    compute(10);
}

// fetch_add hands out unique numbers.
std::atomic<int> g_next{0};
int nextId() { return g_next.fetch_add(1); }

// --- locked helpers --------------------------------------------------------------------

class Store {
public:
  // All under one lock, the check spread over a helper returning a bool.
  void add(int k) {
    std::lock_guard<std::mutex> g(mu_);
    if (!contains(k))
      m_[k] = compute(k);
  }

private:
  bool contains(int k) const { return m_.count(k) != 0; }
  std::mutex mu_;
  std::map<int, int> m_;
};

// Annotated: the caller holds the lock.
class Annotated {
public:
  void addLocked(int k) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (!ptrs_.count(k))
      ptrs_[k] = std::make_unique<Widget>(k);
  }

  Widget *lazyLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (!lazy_)
      lazy_ = new Widget(11);
    return lazy_;
  }

  Widget *lazyAsserted() {
    mu_.AssertHeld();
    if (lazy_ == nullptr)
      lazy_ = new Widget(12);
    return lazy_;
  }

private:
  absl::Mutex mu_;
  std::map<int, std::unique_ptr<Widget>> ptrs_ ABSL_GUARDED_BY(mu_);
  Widget *lazy_ ABSL_GUARDED_BY(mu_) = nullptr;
};
