#include "svc.h"
namespace ns {
void withoutLock(Svc &s) { s.put(3); }
} // namespace ns
