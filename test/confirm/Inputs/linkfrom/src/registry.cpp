#include "store.h"

bool Registry::add(const std::string &Key) {
  {
    std::lock_guard<std::mutex> L(Mu);
    if (M.count(Key))
      return false;
  }
  std::string Value = codec::encode(Key);
  std::lock_guard<std::mutex> L(Mu);
  M[Key] = Value;
  return true;
}
