#include "store.h"
#include <fmt/format.h>

namespace codec {
std::string encode(const std::string &Key) {
  return fmt::format("<{}:{}>", Key, Key.size());
}
} // namespace codec
