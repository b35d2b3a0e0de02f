// RUN: %clang_cta_real -fsyntax-only %s 2>&1 | %check_strict %s
//
// History case spdlog 4456f96a ("Fixed clang warnings"): creating an
// asynchronous logger meant to hold the registry's pool mutex while it
// fetched the global thread pool and, if there was none, made and stored
// one. The guard was written as an unnamed temporary, so the mutex was
// released at the end of that statement: two loggers created at once made
// two pools. The fix names the guard so it holds across the test and the
// store.
//
// The state is read through a getter that returns a copy of the member
// under the registry's mutex and written through a setter that assigns it
// under the mutex again: the helper summaries make the getter's call the
// check and the setter's call the act, each its own critical section.
// Same shape, own code.

#include <memory>
#include <mutex>

struct Pool {};

class Registry {
public:
  static Registry &instance();
  std::shared_ptr<Pool> pool() {
    std::lock_guard<std::recursive_mutex> g(mu_);
    return pool_;
  }
  void setPool(std::shared_ptr<Pool> p) {
    std::lock_guard<std::recursive_mutex> g(mu_);
    pool_ = std::move(p);
  }
  std::recursive_mutex &mutex() { return mu_; }

private:
  std::recursive_mutex mu_;
  std::shared_ptr<Pool> pool_;
};

std::shared_ptr<Pool> sharedPool() {
  Registry &r = Registry::instance();
  std::lock_guard<std::recursive_mutex>(r.mutex()); // unlocked at the ';'
  std::shared_ptr<Pool> p = r.pool();
  // CHECK: :[[@LINE-1]]:29: warning: check-then-act race on shared 'r.pool_': checked under one lock and changed under another without a re-check [cta-split-lock]
  // CHECK-NEXT: :[[@LINE-2]]:29: note: check of 'r.pool_' here; shared because 'Registry' has the synchronization member 'mu_' (high confidence)
  if (p == nullptr) {
    p = std::make_shared<Pool>();
    r.setPool(p);
    // CHECK-NEXT: :[[@LINE-1]]:5: note: act on 'r.pool_' here
    // CHECK-NEXT: :[[@LINE-2]]:5: note: use one critical section for the check and the act, or re-check under the second lock
  }
  return p;
}

// The fix: a named guard, held from the fetch to the store.
std::shared_ptr<Pool> sharedPoolHeld() {
  Registry &r = Registry::instance();
  std::lock_guard<std::recursive_mutex> held(r.mutex());
  std::shared_ptr<Pool> p = r.pool();
  if (p == nullptr) {
    p = std::make_shared<Pool>();
    r.setPool(p);
  }
  return p;
}
