// Log libraries whose fatal messages are not [[noreturn]] (butil, trantor):
// a message made at a fatal severity states the same single-caller protocol
// as an assert, so the finding drops to low confidence. A severity whose
// last word is not "fatal" (FATAL_LEVEL, DFATAL) is an ordinary log line.
// RUN: %clang_cta -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=DEFAULT --implicit-check-not='{{warning|error}}:'
// RUN: %clang_cta -fsyntax-only -fplugin-arg-cta-min-confidence=low %s 2>&1 | FileCheck %s --check-prefix=LOW --implicit-check-not='{{warning|error}}:'
#include <mutex>

namespace logging {
typedef int LogSeverity;
const LogSeverity BLOG_INFO = 0;
const LogSeverity BLOG_FATAL = 4;
const LogSeverity BLOG_DFATAL = BLOG_FATAL;
int GetMinLogLevel();
class LogMessage {
public:
  LogMessage(const char *file, int line, LogSeverity severity);
  ~LogMessage();
  LogMessage &stream() { return *this; }
};
template <class T> LogMessage &operator<<(LogMessage &m, const T &) { return m; }
struct LogMessageVoidify {
  void operator&(LogMessage &) {}
};
void RawLog(int level, const char *message);
} // namespace logging

// butil: a lazy stream, enabled by a test of the severity alone.
#define BLOG_IS_ON(sev) ((::logging::BLOG_##sev) >= ::logging::GetMinLogLevel())
#define BLAZY(stream, cond) !(cond) ? (void)0 : ::logging::LogMessageVoidify() & (stream)
#define LOG(sev) BLAZY(::logging::LogMessage(__FILE__, __LINE__, ::logging::BLOG_##sev).stream(), BLOG_IS_ON(sev))
#define LOG_IF(sev, c) BLAZY(::logging::LogMessage(__FILE__, __LINE__, ::logging::BLOG_##sev).stream(), BLOG_IS_ON(sev) && (c))

// trantor: an enumerator of the logger's class.
struct Logger {
  enum LogLevel { kTrace, kInfo, kError, kFatal };
  Logger(const char *file, int line, LogLevel level);
  ~Logger();
  Logger &stream() { return *this; }
};
template <class T> Logger &operator<<(Logger &l, const T &) { return l; }
#define LOG_FATAL Logger(__FILE__, __LINE__, Logger::kFatal).stream()
#define LOG_ERROR Logger(__FILE__, __LINE__, Logger::kError).stream()

// rocksdb: FATAL_LEVEL only logs.
enum class InfoLogLevel { INFO_LEVEL, FATAL_LEVEL };
void Log(InfoLogLevel, const char *);

struct Ctx {};

class Socket {
public:
  // The fatal message comes first, the return after it is dead code.
  Ctx *mutableAuth() {
    if (auth_ != nullptr) {
      LOG(FATAL) << "called twice";
      return nullptr;
    }
    // LOW: :[[@LINE-4]]:9: warning: check-then-act race on shared 'auth_'
    // LOW: (low confidence)
    auth_ = new Ctx;
    return auth_;
  }
  void connecting() {
    if (chan_)
      LOG_FATAL << "already connecting";
    // LOW: :[[@LINE-2]]:9: warning: check-then-act race on shared 'chan_'
    // LOW: (low confidence)
    chan_ = new Ctx;
  }
  void raw() {
    if (raw_) {
      logging::RawLog(logging::BLOG_FATAL, "twice");
      return;
    }
    // LOW: :[[@LINE-4]]:9: warning: check-then-act race on shared 'raw_'
    // LOW: (low confidence)
    raw_ = new Ctx;
  }
  // Ordinary severities: the check picks a branch, the finding stays.
  void errorOnly() {
    if (err_) {
      LOG_ERROR << "twice";
      return;
    }
    // DEFAULT: :[[@LINE-4]]:9: warning: check-then-act race on shared 'err_'
    // DEFAULT: (medium confidence)
    // LOW: :[[@LINE-6]]:9: warning: check-then-act race on shared 'err_'
    err_ = new Ctx;
  }
  void fatalLevelOnlyLogs() {
    if (lvl_) {
      Log(InfoLogLevel::FATAL_LEVEL, "twice");
      return;
    }
    // DEFAULT: :[[@LINE-4]]:9: warning: check-then-act race on shared 'lvl_'
    // DEFAULT: (medium confidence)
    // LOW: :[[@LINE-6]]:9: warning: check-then-act race on shared 'lvl_'
    lvl_ = new Ctx;
  }
  void debugFatal() {
    if (dbg_) {
      LOG(DFATAL) << "twice";
      return;
    }
    // DEFAULT: :[[@LINE-4]]:9: warning: check-then-act race on shared 'dbg_'
    // DEFAULT: (medium confidence)
    // LOW: :[[@LINE-6]]:9: warning: check-then-act race on shared 'dbg_'
    dbg_ = new Ctx;
  }
  // LOG_IF(FATAL, c) is fatal only when c holds: a fatal message on a
  // condition of its own is not the end of this branch.
  void conditionalFatal(bool strict) {
    if (cond_) {
      LOG_IF(FATAL, strict) << "twice";
      return;
    }
    // DEFAULT: :[[@LINE-4]]:9: warning: check-then-act race on shared 'cond_'
    // DEFAULT: (medium confidence)
    // LOW: :[[@LINE-6]]:9: warning: check-then-act race on shared 'cond_'
    cond_ = new Ctx;
  }

private:
  std::mutex mu_;
  Ctx *auth_ = nullptr, *chan_ = nullptr, *raw_ = nullptr, *err_ = nullptr,
      *lvl_ = nullptr, *dbg_ = nullptr, *cond_ = nullptr;
};
