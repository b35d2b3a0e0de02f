// RUN: %clang_cta_real -std=c++17 -fsyntax-only %s 2>&1 | %check_strict %s
// A cache refresh split over two sections: duplicate work, overwrite without a
// re-check. Reported (it is a split-lock check-then-act), even though equal
// values make it benign here.
#include <map>
#include <mutex>
#include <string>
std::mutex g_mu;
std::map<std::string, int> g_cache;
int Resolve(const std::string& h) {
  { std::lock_guard<std::mutex> l(g_mu);
    auto it = g_cache.find(h); if (it != g_cache.end()) return it->second; }
    // CHECK: :[[@LINE-1]]:15: warning: check-then-act race on shared 'g_cache': checked under one lock and changed under another without a re-check [cta-split-lock]
  int addr = static_cast<int>(h.size());          // slow lookup, same result for every thread
  { std::lock_guard<std::mutex> l(g_mu); g_cache[h] = addr; }
  // CHECK: :[[@LINE-1]]:42: note: act on 'g_cache' here
  return addr;
}
