// libcta_rt links into a program built without ThreadSanitizer: the TSan
// entry points it declares weak stay null, the data-race oracle reports
// itself unavailable, and the atomicity and different-objects oracles still
// work.
//
// RUN: %clang -std=c++17 -g -I%cta_include %s %cta_rt -lpthread -o %t
// RUN: %t | FileCheck %s

#include "cta/rt.hpp"

#include <stdio.h>
#include <thread>
#include <vector>

namespace {
struct Conn {
  int Id;
};
Conn *Slot;

Conn *getOrCreate(int Id) {
  uint64_t Key = cta::keyHash(Id);
  Conn *Cur = Slot;
  if (cta::check(&Slot, Key, 1, Cur == nullptr)) {
    cta::act(&Slot, Key, 2);
    Cur = new Conn{Id};
    Slot = Cur;
  }
  cta::result(&Slot, Key, Cur);
  return Cur;
}
} // namespace

int main() {
  __cta_site(1, CTA_KIND_CHECK, "pool.cpp", 40, "Slot == nullptr");
  __cta_site(2, CTA_KIND_ACT, "pool.cpp", 42, "Slot = Cur");
  __cta_set_target("(anonymous namespace)::getOrCreate");

  cta::Round Round(7, 3);
  std::vector<std::thread> Threads;
  for (unsigned Tid = 1; Tid <= 3; ++Tid)
    Threads.emplace_back([Tid] {
      cta::ThreadScope Scope(Tid);
      getOrCreate(5);
    });
  for (std::thread &T : Threads)
    T.join();
  printf("verdict=%d\n", Round.end());
  printf("%s\n", cta::timeline().c_str());
  fflush(stdout);
  return __cta_write_report(1) == 0 ? 0 : 1;
}

// CHECK: verdict=6
// CHECK-NEXT: T{{[1-3]}} check saw absent at pool.cpp:40 -> T{{[1-3]}} check saw absent at pool.cpp:40 -> {{.*}}act at pool.cpp:42
// CHECK-NEXT: {"cta_report":1,"target":"getOrCreate","seed":7,"nthreads":3,"flags":["steer","jitter"],"verdict":["atomicity","different-objects"],"verdict_bits":6,
// CHECK-SAME: "tsan":{"available":false,"symbolizer":false,"reports":0,"attributed":0,"first_type":null,"first_attributed":null}
// CHECK-SAME: "atomicity":{"obj":"0x{{[0-9a-f]+}}","key":"0x5","check_site":1,"act_site":2,
