// libcta_rt under ThreadSanitizer: four steered threads call an unsynchronized
// get-or-create. The runtime's __tsan_on_report hook must capture TSan's report
// and attribute it to the target through the symbolized stack; the atomicity
// and different-objects oracles must fire too. TSan's own report goes to
// stderr; the program prints the verdict and the JSON report on stdout.
//
// RUN: %clang -std=c++17 -fsanitize=thread -g -I%cta_include %s %cta_rt -o %t
// RUN: env TSAN_OPTIONS=atexit_sleep_ms=0:report_bugs=1:halt_on_error=0:exitcode=0 %t | FileCheck %s

#include "cta/rt.h"

#include <stdio.h>
#include <thread>
#include <vector>

namespace svc {
struct Conn {
  int Id;
};
struct Cache {
  Conn *Slot = nullptr;
};

// The flagged function, instrumented as `cta confirm` would instrument it.
Conn *getOrCreate(Cache &C) {
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
  __cta_site(1, CTA_KIND_CHECK, __FILE__, 26, "C.Slot == nullptr");
  __cta_site(2, CTA_KIND_ACT, __FILE__, 30, "C.Slot = Cur");
  __cta_set_target("svc::getOrCreate");

  svc::Cache C;
  __cta_round_begin(1234, 4, CTA_STEER | CTA_JITTER);
  std::vector<std::thread> Threads;
  for (unsigned Tid = 1; Tid <= 4; ++Tid)
    Threads.emplace_back([&C, Tid] {
      __cta_thread_enter(Tid);
      svc::Conn *Got = svc::getOrCreate(C);
      __cta_result(&C, 0, Got);
      __cta_thread_exit();
    });
  for (std::thread &T : Threads)
    T.join();
  int Verdict = __cta_round_end();

  struct __cta_stats S;
  __cta_get_stats(&S);
  printf("verdict=%d data-race=%d attributed=%s\n", Verdict,
         (Verdict & CTA_VERDICT_DATA_RACE) != 0,
         S.tsan_attributed > 0 ? "yes" : "no");
  fflush(stdout);
  return __cta_write_report(1) == 0 ? 0 : 1;
}

// CHECK: verdict=7 data-race=1 attributed=yes
// CHECK-NEXT: {"cta_report":1,"target":"svc::getOrCreate","seed":1234,"nthreads":4,"flags":["steer","jitter"],"verdict":["data-race","atomicity","different-objects"],"verdict_bits":7,
// CHECK-SAME: "tsan":{"available":true,"symbolizer":true,"reports":{{[1-9][0-9]*}},"attributed":{{[1-9][0-9]*}},"first_type":"data-race",
// CHECK-SAME: "first_attributed":{"type":"data-race","via":"svc::getOrCreate(svc::Cache&) {{[^"]*}}rt-tsan-attributed.cpp:{{26|30}}",
// CHECK-SAME: "stacks":{{\[\[}}"svc::getOrCreate(svc::Cache&) {{[^"]*}}rt-tsan-attributed.cpp:{{[0-9]+}}","main::$_0::operator()() const
// CHECK-SAME: "atomicity":{"obj":"0x{{[0-9a-f]+}}","key":"0x0","check_site":1,"act_site":2,"threads":[{{[1-4],[1-4]}}
// CHECK-SAME: "different_objects":{"obj":"0x{{[0-9a-f]+}}","key":"0x0","threads":[{{[1-4],[1-4]}}],"results":["0x{{[0-9a-f]+}}","0x{{[0-9a-f]+}}"]}
// CHECK-SAME: "timeline_text":"T{{[1-4]}} check saw absent at rt-tsan-attributed.cpp:26 -> T{{[1-4]}} check saw absent at rt-tsan-attributed.cpp:26 -> {{.*}}T{{[1-4]}} act at rt-tsan-attributed.cpp:30 -> {{.*}}got object #2{{.*}}"}
