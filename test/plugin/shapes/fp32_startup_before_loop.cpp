// Start-up code across the compile database (drogon's
// HttpAppFrameworkImpl::run calling setupFileLogger before it starts the
// IO threads and enters the main loop; docs/concepts.md, "Summaries"): a
// function called only by start-up code — main, or a function that runs an
// event loop on its thread and that nothing in the database calls — before
// that code starts a thread or enters its loop, runs before anything else.
// Its findings on members of `this` are dropped when the chain starts at
// main and other files cannot call the function, and are low confidence
// otherwise. A call after a thread start (setupLate), a call from ordinary
// code as well (configure), and a call after an earlier callee that starts
// a thread (afterSpawn) stay.
//
// RUN: rm -rf %t && split-file %s %t && mkdir -p %t/build
// RUN: sed -e "s|@DIR@|%/t|g" %t/cdb.json.in > %t/build/compile_commands.json
// RUN: %python %src_root/test/lint/Inputs/expect-exit.py 1 %cta lint -p %t/build 2>&1 | FileCheck %s --check-prefix=DEFAULT --implicit-check-not=warning:
// DEFAULT: impl.cpp:3:8: warning: check-then-act race on shared 'late_'
// DEFAULT: impl.cpp:7:8: warning: check-then-act race on shared 'conf_'
// DEFAULT: impl.cpp:11:8: warning: check-then-act race on shared 'spawned_'
// DEFAULT: cta lint: 3 findings in 1 file (3 translation units analyzed)
//
// RUN: %python %src_root/test/lint/Inputs/expect-exit.py 1 %cta lint -p %t/build --min-confidence low --format json | FileCheck %s --check-prefix=LOW
// LOW: "start-up code: called only from 'App::run' before it starts a thread or enters its event loop, and nothing in the compilation database calls 'App::run', which runs an event loop (low confidence)"
// LOW: "start-up code: called only from 'main' before it starts a thread or enters its event loop, but it is public (low confidence)"
//
// The prepared_ finding of Tool::prepare (private, reached from main) is
// dropped; alone, impl.cpp has no callers and reports all six.
// RUN: %python %src_root/test/lint/Inputs/expect-exit.py 1 %cta lint -p %t/build %t/impl.cpp 2>&1 | FileCheck %s --check-prefix=ALONE
// ALONE: cta lint: 6 findings in 1 file (1 translation unit analyzed)

//--- cdb.json.in
[
  {"directory": "@DIR@/build", "file": "@DIR@/run.cpp",
   "command": "clang++ -std=c++17 -c @DIR@/run.cpp"},
  {"directory": "@DIR@/build", "file": "@DIR@/impl.cpp",
   "command": "clang++ -std=c++17 -c @DIR@/impl.cpp"},
  {"directory": "@DIR@/build", "file": "@DIR@/main.cpp",
   "command": "clang++ -std=c++17 -c @DIR@/main.cpp"}
]

//--- app.h
#include <memory>
#include <mutex>
#include <thread>
namespace svc {
class EventLoop {
public:
  void loop();
};
} // namespace svc
class App {
public:
  void run();
  void setupLogger();
  void setupLate();
  void configure();
  void reload() { configure(); }
  void spawn();
  void afterSpawn();
private:
  std::mutex mu_;
  std::thread worker_;
  svc::EventLoop loop_;
  std::shared_ptr<int> logger_, late_, conf_, spawned_;
};
class Tool {
public:
  void start();
private:
  void prepare();
  std::mutex mu_;
  std::shared_ptr<int> started_, prepared_;
};

//--- run.cpp
#include "app.h"
void App::run() {
  setupLogger();
  configure();
  spawn();
  afterSpawn();
  worker_ = std::thread([] {});
  setupLate();
  loop_.loop();
}
void App::spawn() { std::thread([] {}).detach(); }

//--- impl.cpp
#include "app.h"
void App::setupLate() {
  if (!late_)
    late_ = std::make_shared<int>(1);
}
void App::configure() {
  if (!conf_)
    conf_ = std::make_shared<int>(1);
}
void App::afterSpawn() {
  if (!spawned_)
    spawned_ = std::make_shared<int>(1);
}
void App::setupLogger() {
  if (!logger_)
    logger_ = std::make_shared<int>(1);
}
void Tool::prepare() {
  if (!prepared_)
    prepared_ = std::make_shared<int>(1);
}
void Tool::start() {
  prepare();
  if (!started_)
    started_ = std::make_shared<int>(1);
}

//--- main.cpp
#include "app.h"
int main() {
  Tool t;
  t.start();
  std::thread([] {}).join();
  return 0;
}
