// RUN: cp %s %t.cpp && %clang_cta -fsyntax-only -Xclang -fixit %t.cpp 2>&1 | %check_strict %s --check-prefix=DIAG --implicit-check-not=FIX-IT
// RUN: diff %s %t.cpp
//
// Findings where no mechanical rewrite is correct: the warning is reported, no fix-it
// is attached, and -fixit leaves the file byte-for-byte unchanged.

#include <map>
#include <memory>

struct Widget {
  explicit Widget(int N);
};
void log(int K);
int compute(int K);

std::map<int, int> g_map;
std::multimap<int, int> g_multi;
Widget *g_widget = nullptr;

// An else-branch: removing the test would change what the else does.
void elseBranch(int k, int v) {
  if (g_map.find(k) == g_map.end()) g_map[k] = v; else g_map[k] += v;
  // DIAG: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_map': 'find' then 'operator[]' without one lock held across both [cta-map-get-or-add]
}

// A multimap insert always inserts: dropping the test would add duplicates.
void multimapInsert(int k, int v) {
  if (g_multi.find(k) == g_multi.end()) g_multi.insert({k, v});
  // DIAG: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_multi': 'find' then 'insert' without one lock held across both [cta-map-get-or-add]
}

// More than the insertion depends on the test.
void extraStatement(int k, int v) {
  if (!g_map.count(k)) { g_map[k] = v; log(k); }
  // DIAG: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_map': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
}

// The value is computed only when the key is missing; try_emplace would compute it always.
void valueWithSideEffects(int k) {
  if (!g_map.count(k)) g_map[k] = compute(k);
  // DIAG: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_map': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
}

// The iterator outlives the if: the check is not part of the statement to rewrite.
int iteratorKept(int k, int v) {
  auto it = g_map.find(k);
  // DIAG: :[[@LINE-1]]:13: warning: check-then-act race on shared 'g_map': 'find' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  if (it == g_map.end()) g_map[k] = v;
  return g_map[k];
}

// A compound assignment through operator[] is not a plain insertion.
void compoundAssign(int k, int v) {
  if (!g_map.count(k)) g_map[k] += v;
  // DIAG: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_map': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
}

// A namespace-scope pointer cannot become a magic static.
Widget *globalLazy() {
  if (!g_widget) g_widget = new Widget(1);
  // DIAG: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_widget': lazy initialization is not atomic [cta-lazy-init]
  return g_widget;
}

// Code between the declaration and the test: moving the initialization would reorder it.
Widget *staticNotAdjacent(int k) {
  static Widget *w = nullptr;
  log(k);
  if (!w) w = new Widget(k);
  // DIAG: :[[@LINE-1]]:8: warning: check-then-act race on shared 'w': lazy initialization is not atomic [cta-lazy-init]
  return w;
}

// An else-branch runs when the pointer is already set: removing the test would drop it.
Widget *staticWithElse() {
  static Widget *w = nullptr;
  if (!w) w = new Widget(2); else log(0);
  // DIAG: :[[@LINE-1]]:8: warning: check-then-act race on shared 'w': lazy initialization is not atomic [cta-lazy-init]
  return w;
}
