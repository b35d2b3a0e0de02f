// RUN: %clang_cta_real -std=c++17 -fsyntax-only %s 2>&1 | %check_strict %s
// Chromium-style locks (base::Lock, butil::Lock) use Acquire()/Release(), and
// their guard takes the lock by reference.
#include <pthread.h>
#include <string>
class Lock {
public:
  void Acquire() { pthread_mutex_lock(&mu_); }
  void Release() { pthread_mutex_unlock(&mu_); }
  void AssertAcquired() const {}
private:
  pthread_mutex_t mu_ = PTHREAD_MUTEX_INITIALIZER;
};
class AutoLock {
public:
  explicit AutoLock(Lock &L) : L_(L) { L_.Acquire(); }
  ~AutoLock() { L_.Release(); }
private:
  Lock &L_;
};
Lock g_lock;
std::string *g_name = nullptr;

void guarded() {
  AutoLock hold(g_lock);
  if (!g_name)
    g_name = new std::string("a");
}

void manual() {
  g_lock.Acquire();
  if (!g_name)
    g_name = new std::string("b");
  g_lock.Release();
}

void asserted() {
  g_lock.AssertAcquired();
  if (!g_name)
    g_name = new std::string("c");
}

void unlocked() {
  if (!g_name)
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_name': lazy initialization is not atomic [cta-lazy-init]
    g_name = new std::string("d");
}
