//===-- cta/instrument.hpp - Hooks the instrumented TU calls ----*- C++ -*-===//
//
// Part of cta, a tool that finds check-then-act races in C++ services.
//
//===----------------------------------------------------------------------===//
//
// `cta confirm` rewrites a copy of a flagged translation unit so that every
// check and act reports to the runtime (cta/rt.h). Each rewritten expression
// keeps its value, type and value category; the hooks only observe. Compiled
// with -DCTA_NAIVE the hooks observe nothing (the uninstrumented baseline).
//
//===----------------------------------------------------------------------===//

#ifndef CTA_INSTRUMENT_HPP
#define CTA_INSTRUMENT_HPP

#include "cta/rt.h"
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <type_traits>
#include <utility>

namespace cta {
namespace instrument {

/// A hash of a key; std::hash where it exists, else one bucket (0).
template <class T, class = void> struct KeyHasher {
  static uint64_t hash(const T &) { return 0; }
};
template <class T>
struct KeyHasher<T, std::void_t<decltype(std::hash<T>{}(std::declval<const T &>()))>> {
  static uint64_t hash(const T &V) {
    return static_cast<uint64_t>(std::hash<T>{}(V)) | 1u;
  }
};
/// String-like keys (std::string, string_view, char pointers) hash by
/// content, so `m.find(k)` and `m[std::string(k)]` agree.
template <class T> uint64_t keyHash(const T &V) {
  if constexpr (std::is_convertible_v<const T &, std::string_view>) {
    if constexpr (std::is_pointer_v<std::decay_t<T>>)
      if (!V)
        return 0;
    return static_cast<uint64_t>(
               std::hash<std::string_view>{}(std::string_view(V))) |
           1u;
  } else {
    return KeyHasher<std::decay_t<T>>::hash(V);
  }
}

/// Is a pointer-like or flag value "absent" (null, false, disengaged)?
/// Values that do not convert to bool are never absent.
template <class T> bool isEmpty(const T &V) {
  if constexpr (std::is_constructible_v<bool, const T &>)
    return !static_cast<bool>(V);
  else
    return false;
}

/// Reports that `Container.find(...)`-like check returned \p R, absent when
/// it equals `End`.
template <class R, class E>
R &&checkIterator(uint32_t Site, const void *Obj, uint64_t Key, R &&Result,
                  const E &End) {
#ifndef CTA_NAIVE
  __cta_check(Obj, Key, Site, Result == End);
#else
  (void)Site, (void)Obj, (void)Key, (void)End;
#endif
  return std::forward<R>(Result);
}

/// A check whose result is "absent" when \p Absent holds.
template <class R>
R &&checkValue(uint32_t Site, const void *Obj, uint64_t Key, R &&Result,
               bool Absent) {
#ifndef CTA_NAIVE
  __cta_check(Obj, Key, Site, Absent);
#else
  (void)Site, (void)Obj, (void)Key, (void)Absent;
#endif
  return std::forward<R>(Result);
}

/// `count(k)`: absent when zero.
template <class R>
R &&checkCount(uint32_t Site, const void *Obj, uint64_t Key, R &&Result) {
  bool Absent = Result == 0;
  return checkValue(Site, Obj, Key, std::forward<R>(Result), Absent);
}

/// `contains(k)`, `any_of(...)`, `m[k]` in a condition: absent when false.
template <class R>
R &&checkPresent(uint32_t Site, const void *Obj, uint64_t Key, R &&Result) {
  bool Absent = isEmpty(Result);
  return checkValue(Site, Obj, Key, std::forward<R>(Result), Absent);
}

/// `empty()`, `none_of(...)`: absent when true.
template <class R>
R &&checkAbsent(uint32_t Site, const void *Obj, uint64_t Key, R &&Result) {
  bool Absent = !isEmpty(Result);
  return checkValue(Site, Obj, Key, std::forward<R>(Result), Absent);
}

/// A null or flag test (`!inst_`, `ptr_ == nullptr`, `ready_.load()`):
/// \p Value is what the code tests, already read, so a thread parked here
/// acts on what it saw. Copyable values are returned by value; others
/// (unique_ptr) by reference.
template <class T>
std::conditional_t<std::is_copy_constructible_v<std::decay_t<T>>,
                   std::decay_t<T>, T &&>
checkState(uint32_t Site, const void *Obj, T &&Value) {
  std::conditional_t<std::is_copy_constructible_v<std::decay_t<T>>,
                     std::decay_t<T>, T &&>
      Seen = std::forward<T>(Value);
#ifndef CTA_NAIVE
  __cta_check(Obj, 0, Site, isEmpty(Seen));
#else
  (void)Site, (void)Obj;
#endif
  return std::forward<decltype(Seen)>(Seen);
}

/// A check that a search loop completed without a hit.
inline void checkLoop(uint32_t Site, const void *Obj, bool Absent) {
#ifndef CTA_NAIVE
  __cta_check(Obj, 0, Site, Absent);
#else
  (void)Site, (void)Obj, (void)Absent;
#endif
}

/// The end of a critical section that held a check: a thread whose check
/// saw "absent" inside it parks here, where it holds no lock its peers need.
inline void window() {
#ifndef CTA_NAIVE
  __cta_window();
#endif
}

/// An act; used as the left operand of a comma expression.
inline void act(uint32_t Site, const void *Obj, uint64_t Key) {
#ifndef CTA_NAIVE
  __cta_act(Obj, Key, Site);
#else
  (void)Site, (void)Obj, (void)Key;
#endif
}

template <class T> const void *addressOf(const T &V) {
  return static_cast<const void *>(std::addressof(V));
}

/// A user-provided way to make an instance the harness cannot construct by
/// itself; see CTA_FIXTURE.
template <class T> struct Fixture {
  static T *make();
};

} // namespace instrument
} // namespace cta

/// In a file given to `cta confirm --fixtures`:
///   CTA_FIXTURE(svc::SessionTable) { return new svc::SessionTable(64); }
/// The harness calls it once per round for a fresh instance.
#define CTA_FIXTURE(...)                                                       \
  template <>                                                                  \
  inline __VA_ARGS__ *::cta::instrument::Fixture<__VA_ARGS__>::make()

#endif // CTA_INSTRUMENT_HPP
