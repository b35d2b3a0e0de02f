// Mock of absl/hash/hash.h for cta tests.
#pragma once
#include <absl/base/config.h>
#include <cstddef>
namespace absl {
ABSL_NAMESPACE_BEGIN
namespace hash_internal {
template <typename T> struct Hash {
  std::size_t operator()(const T &value) const;
};
} // namespace hash_internal
template <typename T> using Hash = absl::hash_internal::Hash<T>;
ABSL_NAMESPACE_END
} // namespace absl
