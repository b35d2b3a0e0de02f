#include "store.h"

bool runJobs();

int main() {
  Registry R;
  return R.add("k") && runJobs() ? 0 : 1;
}
