// RUN: %clang_cta_real -std=c++17 -fsyntax-only %s 2>&1 | %check_clean %s
// FP: project lock functions (toku_mutex_lock -> toku_mutex_lock_with_source_location,
// rocksdb range-lock tree shape) are not recognized, so a flag handled under the
// lock is reported
#include <pthread.h>
inline void my_mutex_lock_at(pthread_mutex_t* m, const char*, int) { pthread_mutex_lock(m); }
inline void my_mutex_unlock(pthread_mutex_t* m) { pthread_mutex_unlock(m); }
#define my_mutex_lock(M) my_mutex_lock_at(M, __FILE__, __LINE__)
struct RetryInfo { pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER; bool running = false; };
void RetryAll(RetryInfo* info) {
  my_mutex_lock(&info->mu);
  if (!info->running) {
    info->running = true;               // not a race here:
  }
  my_mutex_unlock(&info->mu);
}
