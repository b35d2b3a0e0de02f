// Mock <folly/concurrency/ConcurrentHashMap.h> for cta tests: the real API's
// shape, no implementation.
#pragma once
#include <cstddef>
#include <functional>
#include <utility>
namespace folly {
template <class KeyType, class ValueType, class HashFn = std::hash<KeyType>,
          class KeyEqual = std::equal_to<KeyType>>
class ConcurrentHashMap {
public:
  class ConstIterator {
  public:
    const std::pair<const KeyType, ValueType> &operator*() const;
    const std::pair<const KeyType, ValueType> *operator->() const;
    bool operator==(const ConstIterator &o) const;
    bool operator!=(const ConstIterator &o) const;
  };
  ConcurrentHashMap();
  ConstIterator find(const KeyType &k) const;
  ConstIterator cend() const noexcept;
  ConstIterator end() const noexcept;
  std::size_t count(const KeyType &k) const;
  std::pair<ConstIterator, bool> insert(std::pair<KeyType, ValueType> &&foo);
  template <class Key, class Value>
  std::pair<ConstIterator, bool> insert(Key &&k, Value &&v);
  template <class Key, class... Args>
  std::pair<ConstIterator, bool> try_emplace(Key &&k, Args &&...args);
  template <class... Args>
  std::pair<ConstIterator, bool> emplace(Args &&...args);
  template <class Key, class Value>
  std::pair<ConstIterator, bool> insert_or_assign(Key &&k, Value &&v);
  const ValueType operator[](const KeyType &key);
  const ValueType at(const KeyType &key) const;
  std::size_t erase(const KeyType &k);
};
} // namespace folly
