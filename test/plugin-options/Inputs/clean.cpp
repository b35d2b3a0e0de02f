// One lock held across the check and the act: no finding.
#include <map>
#include <mutex>

std::mutex g_mu;
std::map<int, int> g_locked;

void addLocked(int k, int v) {
  std::lock_guard<std::mutex> lock(g_mu);
  if (g_locked.find(k) == g_locked.end()) g_locked[k] = v;
}
