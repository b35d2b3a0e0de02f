// A private helper that only constructors call runs while the object is
// built: its members are not shared yet (rocksdb MaybeCreateBackgroundThread
// from a constructor). A public function, or a helper with another caller,
// is judged as usual.
// RUN: %clang_cta -fsyntax-only -fplugin-arg-cta-min-confidence=low %s 2>&1 | FileCheck %s --implicit-check-not='{{warning|error}}:'
#include <map>
#include <mutex>

struct Worker {};

class Service {
public:
  Service() { maybeStart(); setup(); }
  explicit Service(int) { maybeStart(); }
  ~Service() { teardown(); }

  void restart() { reinit(); }
  void reset() {
    if (!worker_)
      worker_ = new Worker;
    // CHECK: :[[@LINE-2]]:10: warning: check-then-act race on shared 'worker_'
  }

private:
  void maybeStart() {
    if (!worker_)
      worker_ = new Worker;
  }
  void setup() { fill(1); }
  void fill(int k) {
    if (!m_.count(k))
      m_[k] = 1;
  }
  void teardown() {
    if (!m_.count(0))
      m_[0] = 0;
  }
  // Called from a constructor and from a public method: not init-only.
  void reinit() {
    if (!spare_)
      spare_ = new Worker;
    // CHECK: :[[@LINE-2]]:10: warning: check-then-act race on shared 'spare_'
  }

  std::mutex mu_;
  Worker *worker_ = nullptr;
  Worker *spare_ = nullptr;
  std::map<int, int> m_;

public:
  Service(char) { reinit(); }
};
