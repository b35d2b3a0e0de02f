// A split-lock check-then-act: the lookup and the insert each hold the lock,
// so ThreadSanitizer has nothing to report, yet two callers can both miss and
// both create. Steering must expose it through oracles (b) and (c), and the
// runtime's own waiting must not hide or add TSan reports. The check is
// registered CTA_SITE_LOCKED, so the thread parks at cta::window(), after the
// lookup's critical section, and never while holding the lock.
//
// RUN: %clang -std=c++17 -fsanitize=thread -g -I%cta_include %s %cta_rt -o %t
// RUN: env TSAN_OPTIONS=atexit_sleep_ms=0:report_bugs=1:halt_on_error=0:exitcode=0 %t | FileCheck %s

#include "cta/rt.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <stdio.h>
#include <string>
#include <thread>
#include <vector>

namespace svc {
struct Conn {
  std::string Host;
};

class ConnCache {
public:
  std::shared_ptr<Conn> get(const std::string &Host) {
    uint64_t Key = cta::keyHash(Host);
    {
      std::lock_guard<std::mutex> Guard(Lock);
      auto It = Conns.find(Host);
      if (!cta::check(&Conns, Key, 1, It == Conns.end()))
        return It->second;
    }
    cta::window(); // the check's critical section has ended
    auto Fresh = std::make_shared<Conn>(Conn{Host});
    std::lock_guard<std::mutex> Guard(Lock);
    cta::act(&Conns, Key, 2);
    Conns[Host] = Fresh;
    return Fresh;
  }

private:
  std::mutex Lock;
  std::map<std::string, std::shared_ptr<Conn>> Conns;
};
} // namespace svc

int main() {
  __cta_site(1, CTA_KIND_CHECK | CTA_SITE_LOCKED, "conn_cache.cpp", 31,
             "Conns.find(Host)");
  __cta_site(2, CTA_KIND_ACT, "conn_cache.cpp", 37, "Conns[Host] = Fresh");
  __cta_set_target("svc::ConnCache::get");

  svc::ConnCache Cache;
  const std::string Host = "db-1";
  cta::Round Round(31, 4);
  std::vector<std::thread> Threads;
  for (unsigned Tid = 1; Tid <= 4; ++Tid)
    Threads.emplace_back([&, Tid] {
      cta::ThreadScope Scope(Tid);
      std::shared_ptr<svc::Conn> Got = Cache.get(Host);
      cta::result(&Cache, cta::keyHash(Host), Got.get());
    });
  for (std::thread &T : Threads)
    T.join();
  int Verdict = Round.end();
  struct __cta_stats S;
  __cta_get_stats(&S);
  printf("verdict=%d tsan_reports=%u\n", Verdict, S.tsan_reports);
  printf("%s\n", cta::timeline().c_str());
  return 0;
}

// CHECK: verdict=6 tsan_reports=0
// CHECK-NEXT: T{{[1-4]}} check saw absent at conn_cache.cpp:31 -> T{{[1-4]}} check saw absent at conn_cache.cpp:31 -> {{.*}}T{{[1-4]}} act at conn_cache.cpp:37 -> {{.*}}T{{[1-4]}} act at conn_cache.cpp:37
