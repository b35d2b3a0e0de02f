// libcta_rt under ThreadSanitizer: the target get-or-create is correctly
// locked, but the threads also race on an unrelated statistics counter. TSan
// reports that race; the hook must count it without attributing it to the
// target, and the round's verdict must stay clean.
//
// RUN: %clang -std=c++17 -fsanitize=thread -g -I%cta_include %s %cta_rt -o %t
// RUN: env TSAN_OPTIONS=atexit_sleep_ms=0:report_bugs=1:halt_on_error=0:exitcode=0 CTA_PARK_US=2000 %t | FileCheck %s

#include "cta/rt.h"

#include <mutex>
#include <stdio.h>
#include <thread>
#include <vector>

namespace stats {
long Hits;
void bump() { ++Hits; }
} // namespace stats

namespace svc {
struct Conn {
  int Id;
};
struct Cache {
  std::mutex Lock;
  Conn *Slot = nullptr;
};

// The flagged function; check and act happen under one lock.
Conn *getOrCreate(Cache &C) {
  std::lock_guard<std::mutex> Guard(C.Lock);
  Conn *Cur = C.Slot;
  if (__cta_check(&C.Slot, 0, 1, Cur == nullptr)) {
    __cta_act(&C.Slot, 0, 2);
    Cur = new Conn{42};
    C.Slot = Cur;
  }
  return Cur;
}
} // namespace svc

int main() {
  __cta_site(1, CTA_KIND_CHECK, __FILE__, 33, "C.Slot == nullptr");
  __cta_site(2, CTA_KIND_ACT, __FILE__, 37, "C.Slot = Cur");
  __cta_set_target("svc::getOrCreate");

  svc::Cache C;
  __cta_round_begin(99, 4, CTA_STEER | CTA_JITTER);
  std::vector<std::thread> Threads;
  for (unsigned Tid = 1; Tid <= 4; ++Tid)
    Threads.emplace_back([&C, Tid] {
      __cta_thread_enter(Tid);
      stats::bump();
      svc::Conn *Got = svc::getOrCreate(C);
      __cta_result(&C, 0, Got);
      __cta_thread_exit();
    });
  for (std::thread &T : Threads)
    T.join();
  int Verdict = __cta_round_end();

  struct __cta_stats S;
  __cta_get_stats(&S);
  printf("verdict=%d reports=%s attributed=%u\n", Verdict,
         S.tsan_reports > 0 ? "some" : "none", S.tsan_attributed);
  fflush(stdout);
  return __cta_write_report(1) == 0 ? 0 : 1;
}

// CHECK: verdict=0 reports=some attributed=0
// CHECK-NEXT: {"cta_report":1,"target":"svc::getOrCreate",
// CHECK-SAME: "verdict":[],"verdict_bits":0,
// CHECK-SAME: "tsan":{"available":true,"symbolizer":true,"reports":{{[1-9][0-9]*}},"attributed":0,"first_type":"data-race","first_attributed":null}
// CHECK-SAME: "atomicity":null,"different_objects":null,
// CHECK-SAME: "timeline_text":"T{{[1-4]}} check saw absent at rt-tsan-unrelated.cpp:33 -> T{{[1-4]}} act at rt-tsan-unrelated.cpp:37 -> {{.*}}T{{[1-4]}} check saw present at rt-tsan-unrelated.cpp:33
