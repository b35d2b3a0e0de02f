#include "init.h"
#include <cstdlib>
typedef int (*Fn)(int);
static Fn g_fn = nullptr;
static int *g_table = nullptr;
// A static helper: its one caller is LoadSymbols, which only the once body
// in once.cpp calls.
static int LoadOne() {
  if (g_fn == nullptr)
    g_fn = reinterpret_cast<Fn>(std::malloc(8));
  return 0;
}
int LoadSymbols() { return LoadOne(); }
int TimerInit() {
  if (!g_table)
    g_table = static_cast<int *>(std::malloc(64));
  return 0;
}
