// RUN: %clang_cta_real -std=c++17 -fsyntax-only %s 2>&1 | %check_clean %s
// FP: the caller's lock arrives as a std::unique_lock& parameter (brpc trackme.cpp shape)
#include <mutex>
struct Channel {};
std::mutex g_mu;
Channel* g_chan = nullptr;
static void UseLocked(std::unique_lock<std::mutex>& held) {
  if (g_chan == nullptr)          // g_mu is held by the caller: `held` owns it
    g_chan = new Channel;         // not a race here:
  held.unlock();
}
void Tick() {
  std::unique_lock<std::mutex> l(g_mu);
  UseLocked(l);
}
