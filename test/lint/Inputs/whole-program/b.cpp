#include "svc.h"
namespace ns {
void Svc::batch(int k) {
  std::lock_guard<std::mutex> g(mu_);
  put(k);
}
void withLock(Svc &s) {
  std::lock_guard<std::mutex> g(s.mu_);
  s.put(2);
}
Owner::Owner() { reg_.load(1); }
} // namespace ns
