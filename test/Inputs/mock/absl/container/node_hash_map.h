// Mock of absl/container/node_hash_map.h for cta tests.
#pragma once
#include <absl/container/internal/raw_hash_map.h>
#include <memory>
#include <utility>
namespace absl {
ABSL_NAMESPACE_BEGIN
namespace container_internal {
template <class K, class V> struct NodeHashMapPolicy {
  using key_type = K;
  using mapped_type = V;
  using init_type = std::pair<K, V>;
  using value_type = std::pair<const K, V>;
  using reference = value_type &;
};
} // namespace container_internal

template <class K, class V, class Hash = absl::container_internal::hash_default_hash<K>,
          class Eq = absl::container_internal::hash_default_eq<K>,
          class Allocator = std::allocator<std::pair<const K, V>>>
class node_hash_map : public absl::container_internal::raw_hash_map<
                   absl::container_internal::NodeHashMapPolicy<K, V>, Hash, Eq, Allocator> {
  using Base = typename node_hash_map::raw_hash_map;

public:
  node_hash_map() {}
  using Base::Base;
  using Base::begin;
  using Base::cbegin;
  using Base::cend;
  using Base::end;
  using Base::clear;
  using Base::erase;
  using Base::insert;
  using Base::emplace;
  using Base::emplace_hint;
  using Base::extract;
  using Base::swap;
  using Base::rehash;
  using Base::reserve;
  using Base::contains;
  using Base::count;
  using Base::equal_range;
  using Base::find;
  using Base::bucket_count;
  using Base::load_factor;
  using Base::hash_function;
  using Base::key_eq;
  using Base::empty;
  using Base::size;
  using Base::at;
  using Base::insert_or_assign;
  using Base::try_emplace;
  using Base::operator[];
};
ABSL_NAMESPACE_END
} // namespace absl
