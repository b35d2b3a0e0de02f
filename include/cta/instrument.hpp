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
template <class T> uint64_t keyHash(const T &V) {
  return KeyHasher<std::decay_t<T>>::hash(V);
}
// String literals and char pointers hash by content.
inline uint64_t keyHash(const char *S) {
  uint64_t H = 1469598103934665603ull;
  for (; S && *S; ++S)
    H = (H ^ static_cast<unsigned char>(*S)) * 1099511628211ull;
  return H | 1u;
}

/// Is a pointer-like or flag value "absent" (null, false, disengaged)?
template <class T> bool isEmpty(const T &V) { return !static_cast<bool>(V); }

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

/// A check whose result is "absent" when \p Absent holds (counts, bools).
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

/// A null or flag test of \p State (`!inst_`, `ptr_ == nullptr`).
template <class T> T &checkState(uint32_t Site, T &State) {
#ifndef CTA_NAIVE
  __cta_check(static_cast<const void *>(std::addressof(State)), 0, Site,
              isEmpty(State));
#else
  (void)Site;
#endif
  return State;
}

/// A check that a search loop completed without a hit.
inline void checkLoop(uint32_t Site, const void *Obj, bool Absent) {
#ifndef CTA_NAIVE
  __cta_check(Obj, 0, Site, Absent);
#else
  (void)Site, (void)Obj, (void)Absent;
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

} // namespace instrument
} // namespace cta

#endif // CTA_INSTRUMENT_HPP
