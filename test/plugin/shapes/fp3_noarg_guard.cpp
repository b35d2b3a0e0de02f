// RUN: %clang_cta_real -std=c++17 -fsyntax-only %s 2>&1 | %check_clean %s
// FP: an RAII guard whose default constructor locks a static mutex (brpc LoggingLock shape)
#include <mutex>
#include <string>
class LogLock {
 public:
  LogLock() { mu().lock(); }
  ~LogLock() { mu().unlock(); }
 private:
  static std::mutex& mu() { static std::mutex m; return m; }
};
std::string* g_name = nullptr;
void SetDefaultName() {
  LogLock hold;                   // the whole body is one critical section
  if (!g_name)
    g_name = new std::string("debug.log");   // not a race here:
}

// The constructor locks through a static helper that locks a global.
static pthread_mutex_t g_log_mutex = PTHREAD_MUTEX_INITIALIZER;
class LogLock2 {
public:
  LogLock2() { lockAll(); }
  ~LogLock2() { unlockAll(); }
private:
  static void lockAll() { pthread_mutex_lock(&g_log_mutex); }
  static void unlockAll() { pthread_mutex_unlock(&g_log_mutex); }
};
std::string *g_other = nullptr;
void SetOther() {
  LogLock2 hold;
  if (!g_other)
    g_other = new std::string("other.log");
}
