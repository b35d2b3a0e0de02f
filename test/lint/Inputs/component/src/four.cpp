#include "slots.h"

void four(int k) {
  if (g_slots.find(k) == g_slots.end()) g_slots.insert_or_assign(k, 4);
}
