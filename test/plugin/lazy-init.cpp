// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
//
// cta-lazy-init: `if (!p) p = new T` and its variants on shared pointers, smart pointers
// and "initialized" flags, with no lock held across the test and the write.
// The warning sits at the start of the tested expression (the `p` of `!p`).

#include <memory>
#include <mutex>
#include <string>

struct Config {
  Config();
  explicit Config(const std::string &Path);
  void load();
};
void setupLogging();

//===----------------------------------------------------------------------===//
// Members of a class with a mutex member.
//===----------------------------------------------------------------------===//

class Service {
public:
  Config *rawNegation() {
    if (!raw_)
    // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'raw_': lazy initialization is not atomic [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:10: note: check of 'raw_' here
      raw_ = new Config();
    // CHECK: :[[@LINE-1]]:7: note: act on 'raw_' here
    // CHECK: note: use {{.+}}
    return raw_;
  }

  Config *rawEqualsNullptr() {
    if (raw_ == nullptr)
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'raw_': lazy initialization is not atomic [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:9: note: check of 'raw_' here
      raw_ = new Config("/etc/app.conf");
    // CHECK: :[[@LINE-1]]:7: note: act on 'raw_' here
    // CHECK: note: use {{.+}}
    return raw_;
  }

  Config *rawNullptrOnLeft() {
    if (nullptr == raw_)
    // CHECK: :[[@LINE-1]]:{{[0-9]+}}: warning: check-then-act race on shared 'raw_': lazy initialization is not atomic [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:{{[0-9]+}}: note: check of 'raw_' here
      raw_ = new Config();
    // CHECK: :[[@LINE-1]]:7: note: act on 'raw_' here
    // CHECK: note: use {{.+}}
    return raw_;
  }

  // Early return on "already initialized", then the initialization.
  Config *rawEarlyReturn() {
    if (raw_)
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'raw_': lazy initialization is not atomic [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:9: note: check of 'raw_' here
      return raw_;
    raw_ = new Config();
    // CHECK: :[[@LINE-1]]:5: note: act on 'raw_' here
    // CHECK: note: use {{.+}}
    return raw_;
  }

  Config *rawNotEqualsNullptrEarlyReturn() {
    if (raw_ != nullptr)
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'raw_': lazy initialization is not atomic [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:9: note: check of 'raw_' here
      return raw_;
    raw_ = new Config();
    // CHECK: :[[@LINE-1]]:5: note: act on 'raw_' here
    // CHECK: note: use {{.+}}
    return raw_;
  }

  // The conditional-operator form.
  Config *rawTernary() {
    return raw_ ? raw_ : (raw_ = new Config());
    // CHECK: :[[@LINE-1]]:12: warning: check-then-act race on shared 'raw_': lazy initialization is not atomic [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:12: note: check of 'raw_' here
    // CHECK: :[[@LINE-3]]:27: note: act on 'raw_' here
    // CHECK: note: use {{.+}}
  }

  // A lock around the write only: still two threads can both see null.
  Config *rawLockOnlyAroundWrite() {
    if (!raw_) {
    // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'raw_': lazy initialization is not atomic [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:10: note: check of 'raw_' here
      std::lock_guard<std::mutex> g(mu_);
      raw_ = new Config();
      // CHECK: :[[@LINE-1]]:7: note: act on 'raw_' here
      // CHECK: note: use {{.+}}
    }
    return raw_;
  }

  Config &uniqueMakeUnique() {
    if (!owned_)
    // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'owned_': lazy initialization is not atomic [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:10: note: check of 'owned_' here
      owned_ = std::make_unique<Config>();
    // CHECK: :[[@LINE-1]]:7: note: act on 'owned_' here
    // CHECK: note: use {{.+}}
    return *owned_;
  }

  Config &uniqueReset() {
    if (!owned_)
    // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'owned_': lazy initialization is not atomic [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:10: note: check of 'owned_' here
      owned_.reset(new Config());
    // CHECK: :[[@LINE-1]]:7: note: act on 'owned_' here
    // CHECK: note: use {{.+}}
    return *owned_;
  }

  Config &uniqueEqualsNullptr() {
    if (owned_ == nullptr)
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'owned_': lazy initialization is not atomic [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:9: note: check of 'owned_' here
      owned_ = std::unique_ptr<Config>(new Config());
    // CHECK: :[[@LINE-1]]:7: note: act on 'owned_' here
    // CHECK: note: use {{.+}}
    return *owned_;
  }

  Config *uniqueGetIsNull() {
    if (owned_.get() == nullptr)
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'owned_': lazy initialization is not atomic [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:9: note: check of 'owned_' here
      owned_ = std::make_unique<Config>();
    // CHECK: :[[@LINE-1]]:7: note: act on 'owned_' here
    // CHECK: note: use {{.+}}
    return owned_.get();
  }

  std::shared_ptr<Config> sharedMakeShared() {
    if (!shared_)
    // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'shared_': lazy initialization is not atomic [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:10: note: check of 'shared_' here
      shared_ = std::make_shared<Config>();
    // CHECK: :[[@LINE-1]]:7: note: act on 'shared_' here
    // CHECK: note: use {{.+}}
    return shared_;
  }

  std::shared_ptr<Config> sharedReset() {
    if (shared_)
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'shared_': lazy initialization is not atomic [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:9: note: check of 'shared_' here
      return shared_;
    shared_.reset(new Config());
    // CHECK: :[[@LINE-1]]:5: note: act on 'shared_' here
    // CHECK: note: use {{.+}}
    return shared_;
  }

  // The "initialized" flag form.
  void boolFlag() {
    if (!initialized_) {
    // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'initialized_': lazy initialization is not atomic [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:10: note: check of 'initialized_' here
      setupLogging();
      initialized_ = true;
      // CHECK: :[[@LINE-1]]:7: note: act on 'initialized_' here
      // CHECK: note: use {{.+}}
    }
  }

  void boolFlagEqualsFalse() {
    if (initialized_ == false) {
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'initialized_': lazy initialization is not atomic [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:9: note: check of 'initialized_' here
      setupLogging();
      initialized_ = true;
      // CHECK: :[[@LINE-1]]:7: note: act on 'initialized_' here
      // CHECK: note: use {{.+}}
    }
  }

  void boolFlagEarlyReturn() {
    if (initialized_)
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'initialized_': lazy initialization is not atomic [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:9: note: check of 'initialized_' here
      return;
    setupLogging();
    initialized_ = true;
    // CHECK: :[[@LINE-1]]:5: note: act on 'initialized_' here
    // CHECK: note: use {{.+}}
  }

  Config *thisArrow() {
    if (!this->raw_)
    // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'this->raw_': lazy initialization is not atomic [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:10: note: check of 'this->raw_' here
      this->raw_ = new Config();
    // CHECK: :[[@LINE-1]]:7: note: act on 'this->raw_' here
    // CHECK: note: use {{.+}}
    return raw_;
  }

  //===--------------------------------------------------------------------===//
  // Negative: test and write under one lock.
  //===--------------------------------------------------------------------===//

  Config *lockedRaw() {
    std::lock_guard<std::mutex> g(mu_);
    if (!raw_)
      raw_ = new Config();
    return raw_;
  }

  Config &lockedUnique() {
    std::unique_lock<std::mutex> l(mu_);
    if (!owned_)
      owned_ = std::make_unique<Config>();
    return *owned_;
  }

  void lockedFlag() {
    std::lock_guard<std::mutex> g(mu_);
    if (initialized_)
      return;
    setupLogging();
    initialized_ = true;
  }

  // Negative: a null test that does not lead to an initialization.
  void nullTestWithoutInit() {
    if (!raw_)
      return;
    raw_->load();
  }

private:
  std::mutex mu_;
  Config *raw_ = nullptr;
  std::unique_ptr<Config> owned_;
  std::shared_ptr<Config> shared_;
  bool initialized_ = false;
};

//===----------------------------------------------------------------------===//
// Static data members, namespace-scope and function-local static pointers.
//===----------------------------------------------------------------------===//

class Singleton {
public:
  static Singleton *instance() {
    if (!instance_)
    // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'instance_': lazy initialization is not atomic [cta-lazy-init]
    // CHECK: :[[@LINE-2]]:10: note: check of 'instance_' here
      instance_ = new Singleton();
    // CHECK: :[[@LINE-1]]:7: note: act on 'instance_' here
    // CHECK: note: use {{.+}}
    return instance_;
  }
  static Singleton *instanceOutOfLine();
  static Singleton *instance_;
};
Singleton *Singleton::instance_ = nullptr;

// Out of line, with the qualified spelling.
Singleton *Singleton::instanceOutOfLine() {
  if (Singleton::instance_ == nullptr)
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'Singleton::instance_': lazy initialization is not atomic [cta-lazy-init]
  // CHECK: :[[@LINE-2]]:7: note: check of 'Singleton::instance_' here
    Singleton::instance_ = new Singleton();
  // CHECK: :[[@LINE-1]]:5: note: act on 'Singleton::instance_' here
  // CHECK: note: use {{.+}}
  return instance_;
}

Config *g_config = nullptr;

Config *globalRaw() {
  if (!g_config)
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_config': lazy initialization is not atomic [cta-lazy-init]
  // CHECK: :[[@LINE-2]]:8: note: check of 'g_config' here
    g_config = new Config();
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_config' here
  // CHECK: note: use {{.+}}
  return g_config;
}

std::unique_ptr<Config> g_owned;

Config &globalUniqueReset() {
  if (!g_owned)
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_owned': lazy initialization is not atomic [cta-lazy-init]
  // CHECK: :[[@LINE-2]]:8: note: check of 'g_owned' here
    g_owned.reset(new Config());
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_owned' here
  // CHECK: note: use {{.+}}
  return *g_owned;
}

static bool s_logging_ready = false;

void globalFlag() {
  if (!s_logging_ready) {
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 's_logging_ready': lazy initialization is not atomic [cta-lazy-init]
  // CHECK: :[[@LINE-2]]:8: note: check of 's_logging_ready' here
    setupLogging();
    s_logging_ready = true;
    // CHECK: :[[@LINE-1]]:5: note: act on 's_logging_ready' here
    // CHECK: note: use {{.+}}
  }
}

Config *functionLocalStaticPointer() {
  static Config *cfg = nullptr;
  if (cfg == nullptr)
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'cfg': lazy initialization is not atomic [cta-lazy-init]
  // CHECK: :[[@LINE-2]]:7: note: check of 'cfg' here
    cfg = new Config();
  // CHECK: :[[@LINE-1]]:5: note: act on 'cfg' here
  // CHECK: note: use {{.+}}
  return cfg;
}

std::shared_ptr<Config> functionLocalStaticShared() {
  static std::shared_ptr<Config> cfg;
  if (!cfg)
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'cfg': lazy initialization is not atomic [cta-lazy-init]
  // CHECK: :[[@LINE-2]]:8: note: check of 'cfg' here
    cfg = std::make_shared<Config>();
  // CHECK: :[[@LINE-1]]:5: note: act on 'cfg' here
  // CHECK: note: use {{.+}}
  return cfg;
}

// The object is built in a local first and published afterwards.
Config *globalBuiltThenPublished() {
  if (!g_config) {
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_config': lazy initialization is not atomic [cta-lazy-init]
  // CHECK: :[[@LINE-2]]:8: note: check of 'g_config' here
    Config *c = new Config();
    c->load();
    g_config = c;
    // CHECK: :[[@LINE-1]]:5: note: act on 'g_config' here
    // CHECK: note: use {{.+}}
  }
  return g_config;
}

//===----------------------------------------------------------------------===//
// Negative: not shared, or not a lazy initialization.
//===----------------------------------------------------------------------===//

// No concurrency intent: no mutex, atomic or thread member, no method locks.
class PlainLazy {
public:
  Config &get() {
    if (!cfg_)
      cfg_ = std::make_unique<Config>();
    return *cfg_;
  }

private:
  std::unique_ptr<Config> cfg_;
};

thread_local Config *t_config = nullptr;

Config *threadLocalPointer() {
  if (!t_config)
    t_config = new Config();
  return t_config;
}

Config *localPointer(bool fresh) {
  Config *c = nullptr;
  if (fresh)
    c = new Config();
  if (!c)
    c = new Config("/default");
  return c;
}

// Resetting to null is not an initialization.
void releaseGlobal() {
  if (g_config)
    g_config = nullptr;
}
