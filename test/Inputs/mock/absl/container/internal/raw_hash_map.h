// Mock of absl/container/internal/raw_hash_map.h for cta tests: adds the map-only members
// (operator[], at, try_emplace, insert_or_assign) on top of raw_hash_set.
#pragma once
#include <absl/container/internal/raw_hash_set.h>
namespace absl {
ABSL_NAMESPACE_BEGIN
namespace container_internal {
template <class Policy, class Hash, class Eq, class Alloc>
class raw_hash_map : public raw_hash_set<Policy, Hash, Eq, Alloc> {
  using MappedReference = typename Policy::mapped_type &;
  using MappedConstReference = const typename Policy::mapped_type &;

public:
  using key_type = typename Policy::key_type;
  using mapped_type = typename Policy::mapped_type;
  template <class K> using key_arg = K;
  using iterator = typename raw_hash_map::raw_hash_set::iterator;
  using const_iterator = typename raw_hash_map::raw_hash_set::const_iterator;

  raw_hash_map() {}
  using raw_hash_map::raw_hash_set::raw_hash_set;

  template <class K = key_type, class V>
  std::pair<iterator, bool> insert_or_assign(const key_arg<K> &k, V &&v);
  template <class K = key_type, class... Args>
  std::pair<iterator, bool> try_emplace(const key_arg<K> &k, Args &&...args);
  template <class K = key_type, class... Args>
  iterator try_emplace(const_iterator hint, const key_arg<K> &k, Args &&...args);
  template <class K = key_type> MappedReference at(const key_arg<K> &key);
  template <class K = key_type> MappedConstReference at(const key_arg<K> &key) const;
  template <class K = key_type> MappedReference operator[](const key_arg<K> &key);
};
} // namespace container_internal
ABSL_NAMESPACE_END
} // namespace absl
