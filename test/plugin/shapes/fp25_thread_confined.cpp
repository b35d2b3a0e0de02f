// A member touched only by the thread a class starts once for itself (its
// private entry function and what only it calls) is that thread's own
// (trantor AsyncFileLogger::writeLogToFile, bvar SamplerCollector::run):
// the finding is low confidence. A pool of threads on one entry, or a
// member also touched by a public method, is shared as usual.
// RUN: %clang_cta_real -std=c++17 -fno-caret-diagnostics -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=DEFAULT --implicit-check-not='{{warning|error}}:'
// RUN: %clang_cta_real -std=c++17 -fno-caret-diagnostics -fsyntax-only -fplugin-arg-cta-min-confidence=low %s 2>&1 | FileCheck %s --check-prefix=LOW --implicit-check-not='{{warning|error}}:'
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

struct File {};

class Logger {
public:
  Logger() : thread_(std::bind(&Logger::loop, this)) {}
  void log(int line) {
    std::lock_guard<std::mutex> g(mu_);
    pending_.push_back(line);
  }

private:
  void loop() {
    for (;;)
      write();
  }
  void write() {
    if (!file_)
      file_ = new File;
    // LOW: :[[@LINE-2]]:10: warning: check-then-act race on shared 'file_'
    // LOW: note: check of {{.+}} here; shared because 'Logger' has the synchronization member 'mu_' (low confidence)
  }

  std::mutex mu_;
  std::vector<int> pending_;
  File *file_ = nullptr;
  std::thread thread_;
};

class Pool {
public:
  void start(int n) {
    for (int i = 0; i < n; ++i)
      threads_.emplace_back(&Pool::work, this);
  }

private:
  void work() {
    if (!seen_.count(1))
      seen_[1] = 1;
    // DEFAULT: :[[@LINE-2]]:10: warning: check-then-act race on shared 'seen_'
    // LOW: :[[@LINE-3]]:10: warning: check-then-act race on shared 'seen_'
  }
  std::map<int, int> seen_;
  std::vector<std::thread> threads_;
};

class Sampler {
public:
  void start() { thread_ = std::thread([this] { run(); }); }
  // Also touched from the caller's thread: not confined.
  void reset() { stats_.clear(); }

private:
  void run() {
    if (!stats_.count(0))
      stats_[0] = 1;
    // DEFAULT: :[[@LINE-2]]:10: warning: check-then-act race on shared 'stats_'
    // LOW: :[[@LINE-3]]:10: warning: check-then-act race on shared 'stats_'
  }
  std::map<int, int> stats_;
  std::thread thread_;
};
