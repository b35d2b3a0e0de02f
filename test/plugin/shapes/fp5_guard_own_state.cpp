// RUN: %clang_cta_real -std=c++17 -fsyntax-only %s 2>&1 | %check_clean %s
// FP: the members of a lock-guard class itself (brpc's unique_lock specialization shape)
#include <pthread.h>
class ScopedLock {
 public:
  explicit ScopedLock(pthread_mutex_t* m) : mu_(m) { lock(); }
  ~ScopedLock() { if (owns_) pthread_mutex_unlock(mu_); }
  void lock() {
    if (owns_) return;            // a guard object belongs to one thread
    pthread_mutex_lock(mu_);
    owns_ = true;                 // not a race here: on 'owns_'
  }
 private:
  pthread_mutex_t* mu_;           // a pointer to a mutex counts as "concurrency intent"
  bool owns_ = false;
};
