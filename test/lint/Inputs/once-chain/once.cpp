#include "init.h"
#include <pthread.h>
#include <cstdlib>
static void GlobalInitImpl() {
  if (LoadSymbols())
    exit(1);
  if (TimerInit())
    exit(1);
}
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
void GlobalInitOrDie() { pthread_once(&g_once, GlobalInitImpl); }
