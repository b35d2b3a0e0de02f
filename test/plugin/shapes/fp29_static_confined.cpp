// A variable only this file names (`static` at namespace scope, a static
// local) that only the thread a class starts once for itself touches is
// that thread's own (bvar SamplerCollector::run): the finding is low
// confidence. Touched by a public function as well, or by a pool's threads,
// it is shared as usual; an `extern` global can be named by other files.
// RUN: %clang_cta_real -std=c++17 -fno-caret-diagnostics -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=DEFAULT --implicit-check-not='{{warning|error}}:'
// RUN: %clang_cta_real -std=c++17 -fno-caret-diagnostics -fsyntax-only -fplugin-arg-cta-min-confidence=low %s 2>&1 | FileCheck %s --check-prefix=LOW --implicit-check-not='{{warning|error}}:'
#include <pthread.h>
#include <thread>
#include <vector>

struct Stat {};

static Stat *s_cumulated = nullptr;
static Stat *s_usage = nullptr;
static Stat *s_public = nullptr;
Stat *g_exported = nullptr;
static Stat *s_pooled = nullptr;

class Collector {
public:
  Collector() { pthread_create(&tid_, nullptr, entry, this); }
  // Reads s_public from any thread.
  Stat *publicView() { return s_public; }

private:
  static void *entry(void *arg) {
    static_cast<Collector *>(arg)->run();
    return nullptr;
  }
  void run() {
    if (s_cumulated == nullptr)
      s_cumulated = new Stat;
    // LOW: :[[@LINE-2]]:9: warning: check-then-act race on shared 's_cumulated'
    // LOW: note: check of {{.+}} here; shared because 's_cumulated' is a namespace-scope variable (low confidence)
    static Stat *s_local = nullptr;
    if (!s_local)
      s_local = new Stat;
    // LOW: :[[@LINE-2]]:10: warning: check-then-act race on shared 's_local'
    // LOW: (low confidence)
    if (!s_usage)
      s_usage = new Stat;
    // LOW: :[[@LINE-2]]:10: warning: check-then-act race on shared 's_usage'
    // LOW: (low confidence)
    if (!s_public)
      s_public = new Stat;
    // DEFAULT: :[[@LINE-2]]:10: warning: check-then-act race on shared 's_public'
    // DEFAULT: (high confidence)
    // LOW: :[[@LINE-4]]:10: warning: check-then-act race on shared 's_public'
    if (!g_exported)
      g_exported = new Stat;
    // DEFAULT: :[[@LINE-2]]:10: warning: check-then-act race on shared 'g_exported'
    // DEFAULT: (high confidence)
    // LOW: :[[@LINE-4]]:10: warning: check-then-act race on shared 'g_exported'
  }
  pthread_t tid_;
};

// Many threads on one entry: not one thread's own.
class Pool {
public:
  Pool() {
    for (int i = 0; i < 4; ++i)
      threads_.emplace_back(&Pool::work, this);
  }

private:
  void work() {
    if (!s_pooled)
      s_pooled = new Stat;
    // DEFAULT: :[[@LINE-2]]:10: warning: check-then-act race on shared 's_pooled'
    // DEFAULT: (high confidence)
    // LOW: :[[@LINE-4]]:10: warning: check-then-act race on shared 's_pooled'
  }
  std::vector<std::thread> threads_;
};
