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
