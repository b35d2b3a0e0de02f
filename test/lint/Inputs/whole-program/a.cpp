#include "svc.h"
namespace ns {
void Svc::put(int k) {
  if (!m_.count(k))
    m_[k] = 1;
}
void Reg::load(int k) {
  if (!m_.count(k))
    m_[k] = 2;
}
} // namespace ns
