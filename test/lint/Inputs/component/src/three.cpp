#include "slots.h"

void three(int k) {
  if (g_slots.count(k) == 0) g_slots.emplace(k, 3);
}
