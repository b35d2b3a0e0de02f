#include "registry.h"

// Positive: has() then add(), each under mu_ in registry.cpp.
void ensure(ns::Registry &reg, const std::string &k) {
  if (!reg.has(k))
    reg.add(k, new Widget);
}

// Positive: lookup() null, then add().
void ensureFound(ns::Registry *reg, const std::string &k) {
  if (reg->lookup(k) == nullptr)
    reg->add(k, new Widget);
}

// Negative: one lock of the caller's over both.
std::mutex outer;
void ensureHeld(ns::Registry &reg, const std::string &k) {
  std::lock_guard<std::mutex> g(outer);
  if (!reg.has(k))
    reg.add(k, new Widget);
}

// Negative: the insert's result decides.
bool ensureOnce(ns::Registry &reg, const std::string &k) {
  if (reg.has(k))
    return false;
  return reg.tryAdd(k, new Widget);
}

// Negative: different keys, different members, different objects.
void other(ns::Registry &x, ns::Registry &y, const std::string &a,
           const std::string &b) {
  if (!x.has(a))
    x.add(b, new Widget);
  if (!x.hasName(a))
    x.add(a, new Widget);
  if (!x.has(a))
    y.add(a, new Widget);
}

// Negative: a local registry.
void local(const std::string &k) {
  ns::Registry r;
  if (!r.has(k))
    r.add(k, new Widget);
}

// Negative: unlocked helpers under one section of the registry's lock.
void held(ns::Registry &reg, const std::string &k) {
  std::lock_guard<std::mutex> g(reg.mutex());
  if (!reg.hasLocked(k))
    reg.addLocked(k, new Widget);
}
