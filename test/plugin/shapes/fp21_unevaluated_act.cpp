// RUN: %clang_cta_real -std=c++17 -fsyntax-only %s 2>&1 | %check_clean %s
// FP: "acts" inside unevaluated operands (decltype, sizeof) are counted
#include <map>
#include <mutex>
std::mutex mu;
std::map<int, int> g;
int Size(int k) {
  if (g.find(k) == g.end()) {
    using V = decltype(g[k]);     // not evaluated
    return static_cast<int>(sizeof(g[k]));   // not evaluated; flagged: cta-map-get-or-add
  }
  return 0;
}
