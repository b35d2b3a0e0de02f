// RUN: %clang_cta_real -std=c++17 -fsyntax-only %s 2>&1 | %check_clean %s
// FP: state initialized only from a function run by pthread_once / std::call_once
#include <pthread.h>
#include <cstdlib>
static int* g_table = nullptr;
static int InitTable() {
  if (g_table == nullptr)                        // runs once, under pthread_once
    g_table = static_cast<int*>(calloc(64, sizeof(int)));   // not a race here:
  return g_table ? 0 : -1;
}
static void InitOnce() { InitTable(); }
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
int* Table() { pthread_once(&g_once, InitOnce); return g_table; }
