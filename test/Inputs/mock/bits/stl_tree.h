// Mock of libstdc++'s internal node iterators (named like the real ones), shared by
// <map>, <set>, <unordered_map>, <unordered_set>, <list> and <deque> mocks.
#pragma once
#include <cstddef>
#include <iterator>
namespace std {
template <class V> struct _Rb_tree_iterator {
  using value_type = V;
  using reference = V &;
  using pointer = V *;
  using difference_type = ptrdiff_t;
  using iterator_category = bidirectional_iterator_tag;
  _Rb_tree_iterator() noexcept : Node(nullptr) {}
  V &operator*() const noexcept { return *Node; }
  V *operator->() const noexcept { return Node; }
  _Rb_tree_iterator &operator++() noexcept;
  _Rb_tree_iterator operator++(int) noexcept;
  _Rb_tree_iterator &operator--() noexcept;
  _Rb_tree_iterator operator--(int) noexcept;
  friend bool operator==(const _Rb_tree_iterator &a, const _Rb_tree_iterator &b) noexcept {
    return a.Node == b.Node;
  }
  friend bool operator!=(const _Rb_tree_iterator &a, const _Rb_tree_iterator &b) noexcept {
    return a.Node != b.Node;
  }
  V *Node;
};
template <class V> struct _Rb_tree_const_iterator {
  using value_type = V;
  using reference = const V &;
  using pointer = const V *;
  using difference_type = ptrdiff_t;
  using iterator_category = bidirectional_iterator_tag;
  _Rb_tree_const_iterator() noexcept : Node(nullptr) {}
  _Rb_tree_const_iterator(const _Rb_tree_iterator<V> &it) noexcept : Node(it.Node) {}
  const V &operator*() const noexcept { return *Node; }
  const V *operator->() const noexcept { return Node; }
  _Rb_tree_const_iterator &operator++() noexcept;
  _Rb_tree_const_iterator operator++(int) noexcept;
  _Rb_tree_const_iterator &operator--() noexcept;
  _Rb_tree_const_iterator operator--(int) noexcept;
  friend bool operator==(const _Rb_tree_const_iterator &a,
                         const _Rb_tree_const_iterator &b) noexcept {
    return a.Node == b.Node;
  }
  friend bool operator!=(const _Rb_tree_const_iterator &a,
                         const _Rb_tree_const_iterator &b) noexcept {
    return a.Node != b.Node;
  }
  const V *Node;
};

// The node handle returned by extract().
template <class K, class V> struct _Node_handle {
  _Node_handle() noexcept;
  _Node_handle(_Node_handle &&) noexcept;
  ~_Node_handle();
  bool empty() const noexcept;
  explicit operator bool() const noexcept;
  K &key() const;
  V &mapped() const;
  K &value() const;
};
template <class It, class NodeType> struct _Node_insert_return {
  It position;
  bool inserted;
  NodeType node;
};
} // namespace std
