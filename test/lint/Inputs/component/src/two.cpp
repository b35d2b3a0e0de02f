#include "slots.h"

void two(int k) {
  if (!g_slots.count(k)) g_slots.insert({k, 2});
}
