#include "svc.h"
namespace ns {
void reload(Reg &r) { r.load(4); }
} // namespace ns
