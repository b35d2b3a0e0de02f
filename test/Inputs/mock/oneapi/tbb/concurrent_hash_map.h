// Mock oneTBB <oneapi/tbb/concurrent_hash_map.h> for cta tests: the real API's
// shape (versioned detail namespace re-exported as tbb::), no implementation.
#pragma once
#include <cstddef>
#include <functional>
#include <memory>
#include <utility>
namespace tbb {
namespace detail {
namespace d2 {
template <class Key> struct tbb_hash_compare {
  static std::size_t hash(const Key &);
  static bool equal(const Key &, const Key &);
};

template <class Key, class T, class HashCompare = tbb_hash_compare<Key>>
class concurrent_hash_map {
public:
  using key_type = Key;
  using mapped_type = T;
  using value_type = std::pair<const Key, T>;
  using size_type = std::size_t;

  class accessor;
  /// A read lock on one element while it is alive.
  class const_accessor {
  public:
    const_accessor();
    ~const_accessor();
    const_accessor(const const_accessor &) = delete;
    bool empty() const;
    void release();
    const value_type &operator*() const;
    const value_type *operator->() const;
  };
  /// A write lock on one element while it is alive.
  class accessor : public const_accessor {
  public:
    value_type &operator*() const;
    value_type *operator->() const;
  };

  concurrent_hash_map();
  ~concurrent_hash_map();
  bool empty() const;
  size_type size() const;
  void clear();

  size_type count(const Key &key) const;
  bool find(const_accessor &result, const Key &key) const;
  bool find(accessor &result, const Key &key);
  bool insert(const_accessor &result, const Key &key);
  bool insert(accessor &result, const Key &key);
  bool insert(const_accessor &result, const value_type &value);
  bool insert(accessor &result, const value_type &value);
  bool insert(const value_type &value);
  bool insert(value_type &&value);
  template <class... Args> bool emplace(const_accessor &result, Args &&...args);
  template <class... Args> bool emplace(accessor &result, Args &&...args);
  template <class... Args> bool emplace(Args &&...args);
  bool erase(const Key &key);
  bool erase(const_accessor &item);
  bool erase(accessor &item);
};
} // namespace d2
} // namespace detail
using detail::d2::concurrent_hash_map;
using detail::d2::tbb_hash_compare;
} // namespace tbb
