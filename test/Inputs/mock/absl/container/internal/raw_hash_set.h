// Mock of absl/container/internal/raw_hash_set.h for cta tests: the base class that
// provides find/count/contains/insert/emplace/erase to every Abseil hash container.
#pragma once
#include <absl/base/config.h>
#include <absl/hash/hash.h>
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <utility>
namespace absl {
ABSL_NAMESPACE_BEGIN
namespace container_internal {
template <class T> struct HashEq {
  using Hash = absl::Hash<T>;
  using Eq = std::equal_to<T>;
};
template <class T> using hash_default_hash = typename container_internal::HashEq<T>::Hash;
template <class T> using hash_default_eq = typename container_internal::HashEq<T>::Eq;

template <class Policy, class Hash, class Eq, class Alloc> class raw_hash_set {
public:
  using init_type = typename Policy::init_type;
  using key_type = typename Policy::key_type;
  using value_type = typename Policy::value_type;
  using size_type = std::size_t;
  using difference_type = std::ptrdiff_t;
  using hasher = Hash;
  using key_equal = Eq;
  using allocator_type = Alloc;
  using reference = value_type &;
  using const_reference = const value_type &;
  template <class K> using key_arg = K;

  class iterator {
  public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = typename raw_hash_set::value_type;
    using reference = typename Policy::reference;
    using pointer = value_type *;
    using difference_type = std::ptrdiff_t;
    iterator() {}
    reference operator*() const;
    pointer operator->() const;
    iterator &operator++();
    iterator operator++(int);
    friend bool operator==(const iterator &a, const iterator &b) { return a.slot_ == b.slot_; }
    friend bool operator!=(const iterator &a, const iterator &b) { return !(a == b); }

  private:
    friend class raw_hash_set;
    value_type *slot_ = nullptr;
  };
  class const_iterator {
  public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = typename raw_hash_set::value_type;
    using reference = const value_type &;
    using pointer = const value_type *;
    using difference_type = std::ptrdiff_t;
    const_iterator() {}
    const_iterator(iterator i) : inner_(i) {}
    reference operator*() const;
    pointer operator->() const;
    const_iterator &operator++();
    const_iterator operator++(int);
    friend bool operator==(const const_iterator &a, const const_iterator &b) {
      return a.inner_ == b.inner_;
    }
    friend bool operator!=(const const_iterator &a, const const_iterator &b) {
      return !(a == b);
    }

  private:
    iterator inner_;
  };
  struct node_type {
    bool empty() const;
    explicit operator bool() const;
  };

  raw_hash_set() noexcept;
  raw_hash_set(std::initializer_list<init_type> init);
  raw_hash_set(const raw_hash_set &);
  raw_hash_set(raw_hash_set &&) noexcept;
  ~raw_hash_set();
  raw_hash_set &operator=(const raw_hash_set &);
  raw_hash_set &operator=(raw_hash_set &&) noexcept;

  iterator begin();
  iterator end();
  const_iterator begin() const;
  const_iterator end() const;
  const_iterator cbegin() const;
  const_iterator cend() const;
  bool empty() const;
  size_type size() const;
  size_type capacity() const;
  void clear();

  std::pair<iterator, bool> insert(init_type &&value);
  template <class T> std::pair<iterator, bool> insert(const T &value);
  iterator insert(const_iterator hint, init_type &&value);
  template <class InputIt> void insert(InputIt first, InputIt last);
  void insert(std::initializer_list<init_type> ilist);
  template <class... Args> std::pair<iterator, bool> emplace(Args &&...args);
  template <class... Args> iterator emplace_hint(const_iterator hint, Args &&...args);

  template <class K = key_type> size_type erase(const key_arg<K> &key);
  void erase(const_iterator cit);
  void erase(iterator it);
  iterator erase(const_iterator first, const_iterator last);
  node_type extract(const_iterator position);
  template <class K = key_type> node_type extract(const key_arg<K> &key);
  void swap(raw_hash_set &that) noexcept;
  void rehash(std::size_t n);
  void reserve(std::size_t n);

  template <class K = key_type> std::size_t count(const key_arg<K> &key) const;
  template <class K = key_type> iterator find(const key_arg<K> &key);
  template <class K = key_type> const_iterator find(const key_arg<K> &key) const;
  template <class K = key_type> bool contains(const key_arg<K> &key) const;
  template <class K = key_type> std::pair<iterator, iterator> equal_range(const key_arg<K> &key);
  template <class K = key_type>
  std::pair<const_iterator, const_iterator> equal_range(const key_arg<K> &key) const;

  std::size_t bucket_count() const;
  float load_factor() const;
  hasher hash_function() const;
  key_equal key_eq() const;
};
} // namespace container_internal
ABSL_NAMESPACE_END
} // namespace absl
