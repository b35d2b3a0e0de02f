#include "slots.h"

void one(int k) {
  if (g_slots.find(k) == g_slots.end()) g_slots[k] = 1;
}
