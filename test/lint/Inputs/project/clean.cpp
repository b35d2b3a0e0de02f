// The same get-or-add as cache.cpp, under one lock: no finding.
#include <map>
#include <mutex>
#include <string>

std::mutex g_mu;
std::map<std::string, int> g_locked;

void rememberLocked(const std::string &host, int port) {
  std::lock_guard<std::mutex> lock(g_mu);
  if (g_locked.find(host) == g_locked.end()) g_locked[host] = port;
}
