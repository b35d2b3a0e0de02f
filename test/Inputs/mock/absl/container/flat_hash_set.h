// Mock of absl/container/flat_hash_set.h for cta tests.
#pragma once
#include <absl/container/internal/raw_hash_set.h>
#include <memory>
#include <utility>
namespace absl {
ABSL_NAMESPACE_BEGIN
namespace container_internal {
template <class T> struct FlatHashSetPolicy {
  using key_type = T;
  using init_type = T;
  using value_type = T;
  using reference = const T &;
};
} // namespace container_internal

template <class T, class Hash = absl::container_internal::hash_default_hash<T>,
          class Eq = absl::container_internal::hash_default_eq<T>,
          class Allocator = std::allocator<T>>
class flat_hash_set : public absl::container_internal::raw_hash_set<
                   absl::container_internal::FlatHashSetPolicy<T>, Hash, Eq, Allocator> {
  using Base = typename flat_hash_set::raw_hash_set;

public:
  flat_hash_set() {}
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
};
ABSL_NAMESPACE_END
} // namespace absl
