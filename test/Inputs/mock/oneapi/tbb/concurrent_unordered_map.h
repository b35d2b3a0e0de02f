// Mock oneTBB <oneapi/tbb/concurrent_unordered_map.h> for cta tests: the real
// API's shape (a common base, a versioned detail namespace), no implementation.
#pragma once
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <memory>
#include <utility>
#include <bits/stl_tree.h>
namespace tbb {
namespace detail {
namespace d2 {
/// The lookups and inserts every concurrent unordered container shares.
template <class Key, class Value> class concurrent_unordered_base {
public:
  using key_type = Key;
  using value_type = Value;
  using size_type = std::size_t;
  using iterator = std::_Rb_tree_iterator<value_type>;
  using const_iterator = std::_Rb_tree_const_iterator<value_type>;

  iterator begin() noexcept;
  iterator end() noexcept;
  const_iterator begin() const noexcept;
  const_iterator end() const noexcept;
  const_iterator cend() const noexcept;
  bool empty() const noexcept;
  size_type size() const noexcept;

  std::pair<iterator, bool> insert(const value_type &value);
  std::pair<iterator, bool> insert(value_type &&value);
  template <class... Args> std::pair<iterator, bool> emplace(Args &&...args);
  iterator find(const key_type &key);
  const_iterator find(const key_type &key) const;
  size_type count(const key_type &key) const;
  bool contains(const key_type &key) const;
  size_type unsafe_erase(const key_type &key);
};

template <class Key, class T, class Hash = std::hash<Key>,
          class KeyEqual = std::equal_to<Key>>
class concurrent_unordered_map
    : public concurrent_unordered_base<Key, std::pair<const Key, T>> {
public:
  using mapped_type = T;
  concurrent_unordered_map();
  T &operator[](const Key &key);
  T &at(const Key &key);
};

template <class Key, class Hash = std::hash<Key>,
          class KeyEqual = std::equal_to<Key>>
class concurrent_unordered_set : public concurrent_unordered_base<Key, Key> {
public:
  concurrent_unordered_set();
};
} // namespace d2
} // namespace detail
using detail::d2::concurrent_unordered_map;
using detail::d2::concurrent_unordered_set;
} // namespace tbb
