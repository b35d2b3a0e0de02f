// The runtime's ThreadSanitizer capture is the one oracle: __cta_round_begin
// writes the record file named by CTA_TSAN_RECORD (no report yet), and the
// __tsan_on_report hook rewrites it after every report, so it survives a
// process that dies before __cta_write_report. Here the round races through
// the target and then aborts.
//
// RUN: %clang -std=c++17 -fsanitize=thread -g -I%cta_include %s %cta_rt -o %t
// RUN: rm -f %t.rec
// RUN: env CTA_TSAN_RECORD=%t.rec TSAN_OPTIONS=atexit_sleep_ms=0:halt_on_error=0:exitcode=0 %t begin-only
// RUN: FileCheck %s --check-prefix=BEGIN --input-file=%t.rec
// BEGIN: {"cta_tsan_record":1,"target":"svc::getOrCreate","tsan":{"available":true,"symbolizer":true,"reports":0,"attributed":0,"first_type":null,"first_attributed":null}}
//
// RUN: rm -f %t.rec
// RUN: env CTA_TSAN_RECORD=%t.rec TSAN_OPTIONS=atexit_sleep_ms=0:halt_on_error=0:exitcode=0 not --crash %t 2> %t.err
// RUN: FileCheck %s --check-prefix=RACED --input-file=%t.rec
// RACED: {"cta_tsan_record":1,"target":"svc::getOrCreate","tsan":{"available":true,"symbolizer":true,"reports":{{[1-9][0-9]*}},"attributed":{{[1-9][0-9]*}},"first_type":"data-race",
// RACED-SAME: "first_attributed":{"type":"data-race","via":"svc::getOrCreate(svc::Cache&) {{[^"]*}}rt-tsan-record.cpp:{{[0-9]+}}",
// RUN: FileCheck %s --check-prefix=ERR --input-file=%t.err
// ERR: WARNING: ThreadSanitizer: data race
//
// Without CTA_TSAN_RECORD nothing is written.
// RUN: rm -f %t.rec
// RUN: env TSAN_OPTIONS=atexit_sleep_ms=0:halt_on_error=0:exitcode=0 %t begin-only
// RUN: not test -e %t.rec

#include "cta/rt.h"

#include <stdlib.h>
#include <string.h>
#include <thread>
#include <vector>

namespace svc {
struct Conn {
  int Id;
};
struct Cache {
  Conn *Slot = nullptr;
};

Conn *getOrCreate(Cache &C) {
  Conn *Cur = C.Slot;
  if (!Cur) {
    Cur = new Conn{42};
    C.Slot = Cur;
  }
  return Cur;
}
} // namespace svc

int main(int argc, char **argv) {
  __cta_set_target("svc::getOrCreate");
  __cta_round_begin(1, 4, 0);
  if (argc > 1 && !strcmp(argv[1], "begin-only"))
    return 0;
  svc::Cache C;
  std::vector<std::thread> Threads;
  for (unsigned Tid = 1; Tid <= 4; ++Tid)
    Threads.emplace_back([&C, Tid] {
      __cta_thread_enter(Tid);
      svc::getOrCreate(C);
      __cta_thread_exit();
    });
  for (std::thread &T : Threads)
    T.join();
  // Dies before the round's report: only the record tells of the race.
  abort();
}
