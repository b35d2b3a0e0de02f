// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
//
// cta-lazy-init, double-checked locking on a non-atomic pointer or flag: the unlocked
// first test races with the locked write. The warning sits at the unlocked test; the
// act is the write under the lock.

#include <absl/synchronization/mutex.h>
#include <atomic>
#include <memory>
#include <mutex>

struct Engine {
  Engine();
  void start();
};

class Holder {
public:
  Engine *rawLockGuard() {
    if (!engine_) {
    // CHECK: :[[@LINE-1]]:10: warning: double-checked locking on non-atomic 'engine_': the unlocked check races with the locked write [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:10: note: check of 'engine_' here
      std::lock_guard<std::mutex> g(mu_);
      if (!engine_)
        engine_ = new Engine();
      // CHECK: :[[@LINE-1]]:9: note: act on 'engine_' here
      // CHECK: note: use {{.+}}
    }
    return engine_;
  }

  Engine *rawEqualsNullptrUniqueLock() {
    if (engine_ == nullptr) {
    // CHECK: :[[@LINE-1]]:9: warning: double-checked locking on non-atomic 'engine_': the unlocked check races with the locked write [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:9: note: check of 'engine_' here
      std::unique_lock<std::mutex> l(mu_);
      if (engine_ == nullptr) {
        Engine *e = new Engine();
        e->start();
        engine_ = e;
        // CHECK: :[[@LINE-1]]:9: note: act on 'engine_' here
        // CHECK: note: use {{.+}}
      }
    }
    return engine_;
  }

  // Early return on the unlocked fast path, then lock and re-check.
  Engine *rawEarlyReturn() {
    if (engine_)
    // CHECK: :[[@LINE-1]]:9: warning: double-checked locking on non-atomic 'engine_': the unlocked check races with the locked write [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:9: note: check of 'engine_' here
      return engine_;
    std::lock_guard<std::mutex> g(mu_);
    if (!engine_)
      engine_ = new Engine();
    // CHECK: :[[@LINE-1]]:7: note: act on 'engine_' here
    // CHECK: note: use {{.+}}
    return engine_;
  }

  Engine *rawManualLock() {
    if (!engine_) {
    // CHECK: :[[@LINE-1]]:10: warning: double-checked locking on non-atomic 'engine_': the unlocked check races with the locked write [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:10: note: check of 'engine_' here
      mu_.lock();
      if (!engine_)
        engine_ = new Engine();
      // CHECK: :[[@LINE-1]]:9: note: act on 'engine_' here
      // CHECK: note: use {{.+}}
      mu_.unlock();
    }
    return engine_;
  }

  Engine &uniquePtr() {
    if (!owned_) {
    // CHECK: :[[@LINE-1]]:10: warning: double-checked locking on non-atomic 'owned_': the unlocked check races with the locked write [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:10: note: check of 'owned_' here
      std::scoped_lock l(mu_);
      if (!owned_)
        owned_ = std::make_unique<Engine>();
      // CHECK: :[[@LINE-1]]:9: note: act on 'owned_' here
      // CHECK: note: use {{.+}}
    }
    return *owned_;
  }

  std::shared_ptr<Engine> sharedPtr() {
    if (!shared_) {
    // CHECK: :[[@LINE-1]]:10: warning: double-checked locking on non-atomic 'shared_': the unlocked check races with the locked write [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:10: note: check of 'shared_' here
      std::lock_guard<std::mutex> g(mu_);
      if (!shared_)
        shared_.reset(new Engine());
      // CHECK: :[[@LINE-1]]:9: note: act on 'shared_' here
      // CHECK: note: use {{.+}}
    }
    return shared_;
  }

  void boolFlag() {
    if (!started_) {
    // CHECK: :[[@LINE-1]]:10: warning: double-checked locking on non-atomic 'started_': the unlocked check races with the locked write [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:10: note: check of 'started_' here
      std::lock_guard<std::mutex> g(mu_);
      if (!started_) {
        engine_->start();
        started_ = true;
        // CHECK: :[[@LINE-1]]:9: note: act on 'started_' here
        // CHECK: note: use {{.+}}
      }
    }
  }

  // Negative: the correct form, an atomic pointer with acquire/release and a re-check.
  Engine *atomicAcquireRelease() {
    Engine *e = atomic_.load(std::memory_order_acquire);
    if (!e) {
      std::lock_guard<std::mutex> g(mu_);
      e = atomic_.load(std::memory_order_relaxed);
      if (!e) {
        e = new Engine();
        atomic_.store(e, std::memory_order_release);
      }
    }
    return e;
  }

  // Negative: the same with the default (sequentially consistent) orderings.
  Engine *atomicSeqCst() {
    Engine *e = atomic_.load();
    if (e == nullptr) {
      std::lock_guard<std::mutex> g(mu_);
      e = atomic_;
      if (e == nullptr) {
        e = new Engine();
        atomic_ = e;
      }
    }
    return e;
  }

  // Negative: an atomic "ready" flag guarding a plain pointer, acquire/release.
  Engine *atomicFlag() {
    if (!ready_.load(std::memory_order_acquire)) {
      std::lock_guard<std::mutex> g(mu_);
      if (!ready_.load(std::memory_order_relaxed)) {
        engine_ = new Engine();
        ready_.store(true, std::memory_order_release);
      }
    }
    return engine_;
  }

private:
  std::mutex mu_;
  Engine *engine_ = nullptr;
  std::unique_ptr<Engine> owned_;
  std::shared_ptr<Engine> shared_;
  bool started_ = false;
  std::atomic<Engine *> atomic_{nullptr};
  std::atomic<bool> ready_{false};
};

// Static member, absl::MutexLock.
class Pool {
public:
  static Pool *get() {
    if (pool_ == nullptr) {
    // CHECK: :[[@LINE-1]]:9: warning: double-checked locking on non-atomic 'pool_': the unlocked check races with the locked write [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:9: note: check of 'pool_' here
      absl::MutexLock l(&init_mu_);
      if (pool_ == nullptr)
        pool_ = new Pool();
      // CHECK: :[[@LINE-1]]:9: note: act on 'pool_' here
      // CHECK: note: use {{.+}}
    }
    return pool_;
  }

private:
  static absl::Mutex init_mu_;
  static Pool *pool_;
};

// Namespace scope; `volatile` is not atomic.
std::mutex g_mu;
Engine *volatile g_engine = nullptr;

Engine *globalVolatile() {
  if (!g_engine) {
  // CHECK: :[[@LINE-1]]:8: warning: double-checked locking on non-atomic 'g_engine': the unlocked check races with the locked write [cta-lazy-init]
  // CHECK: :[[@LINE-2]]:8: note: check of 'g_engine' here
    std::lock_guard<std::mutex> g(g_mu);
    if (!g_engine)
      g_engine = new Engine();
    // CHECK: :[[@LINE-1]]:7: note: act on 'g_engine' here
    // CHECK: note: use {{.+}}
  }
  return g_engine;
}

Engine *functionLocalStatic() {
  static Engine *e = nullptr;
  static std::mutex m;
  if (!e) {
  // CHECK: :[[@LINE-1]]:8: warning: double-checked locking on non-atomic 'e': the unlocked check races with the locked write [cta-lazy-init]
  // CHECK: :[[@LINE-2]]:8: note: check of 'e' here
    std::lock_guard<std::mutex> g(m);
    if (!e)
      e = new Engine();
    // CHECK: :[[@LINE-1]]:7: note: act on 'e' here
    // CHECK: note: use {{.+}}
  }
  return e;
}

// Negative: a static atomic pointer, correct DCL.
std::atomic<Engine *> g_atomic_engine{nullptr};

Engine *globalAtomic() {
  Engine *e = g_atomic_engine.load(std::memory_order_acquire);
  if (e == nullptr) {
    std::lock_guard<std::mutex> g(g_mu);
    e = g_atomic_engine.load(std::memory_order_relaxed);
    if (e == nullptr) {
      e = new Engine();
      g_atomic_engine.store(e, std::memory_order_release);
    }
  }
  return e;
}
