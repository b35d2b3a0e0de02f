// RUN: %clang_cta_real -std=c++17 -fsyntax-only %s 2>&1 | %check_clean %s
// FP: the guarded block only stores the constant the check tests for:
// two threads interleaving give the same result (brpc s_bvar_may_abort shape)
#include <atomic>
#include <cstdio>
bool g_conflict_seen = false;
void OnNameConflict() {
  if (!g_conflict_seen)
    g_conflict_seen = true;       // not a race here: no atomicity effect
}
