// The schedule is a function of the seed: two processes given the same seed
// take the same release order and the same delays (what `--replay <seed>`
// relies on); another seed gives another schedule.
//
// RUN: %clang -std=c++17 -fsanitize=thread -g -I%cta_include %s %cta_rt -o %t
// RUN: env TSAN_OPTIONS=atexit_sleep_ms=0:exitcode=0 %t 1234 > %t.a
// RUN: env TSAN_OPTIONS=atexit_sleep_ms=0:exitcode=0 %t 1234 > %t.b
// RUN: env TSAN_OPTIONS=atexit_sleep_ms=0:exitcode=0 %t 1235 > %t.c
// RUN: diff %t.a %t.b
// RUN: not diff %t.a %t.c
// RUN: FileCheck %s < %t.a

#include "cta/rt.h"

#include <stdio.h>
#include <stdlib.h>
#include <thread>
#include <vector>

int main(int Argc, char **Argv) {
  uint64_t Seed = Argc > 1 ? strtoull(Argv[1], nullptr, 10) : 1;
  int Shared[4] = {};
  __cta_round_begin(Seed, 4, CTA_JITTER);
  std::vector<std::thread> Threads;
  for (unsigned Tid = 1; Tid <= 4; ++Tid)
    Threads.emplace_back([&Shared, Tid] {
      __cta_thread_enter(Tid);
      for (int I = 0; I < 3; ++I)
        __cta_check(&Shared[Tid - 1], I, 1, 0);
      __cta_thread_exit();
    });
  for (std::thread &T : Threads)
    T.join();
  __cta_round_end();
  for (unsigned Tid = 1; Tid <= 4; ++Tid) {
    uint32_t Delays[8];
    uint32_t N = __cta_thread_delays(Tid, Delays, 8);
    printf("T%u rank=%u delays=", Tid, Delays[0] / 200);
    for (uint32_t I = 0; I < N; ++I)
      printf("%s%u", I ? "," : "", Delays[I]);
    printf("\n");
  }
  return 0;
}

// Every thread: its entry delay, then one delay per check.
// CHECK: T1 rank={{[0-3]}} delays={{[0-9]+,[0-9]+,[0-9]+,[0-9]+$}}
// CHECK-NEXT: T2 rank={{[0-3]}} delays={{[0-9]+,[0-9]+,[0-9]+,[0-9]+$}}
// CHECK-NEXT: T3 rank={{[0-3]}} delays={{[0-9]+,[0-9]+,[0-9]+,[0-9]+$}}
// CHECK-NEXT: T4 rank={{[0-3]}} delays={{[0-9]+,[0-9]+,[0-9]+,[0-9]+$}}
