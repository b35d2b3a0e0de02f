// A TU with a compile error and a check-then-act that would otherwise be found.
#include <map>

std::map<int, int> g_broken;

void broken(int k) {
  if (g_broken.count(k) == 0) g_broken[k] = undeclared_value;
}
