// Does not compile: cta lint prints clang's error and goes on with the others.
#include <map>

std::map<int, int> g_broken;

void broken(int k) {
  if (g_broken.count(k) == 0) g_broken[k] = undeclared_value;
}
