//===-- cta/rt.hpp - C++ conveniences over the cta runtime -----*- C++ -*-===//
//
// Part of cta, a tool that finds check-then-act races in C++ services.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Header-only C++ helpers on top of the C ABI in cta/rt.h, for generated
/// harnesses and hand-written regression tests: key hashing that works for
/// any argument type, RAII guards for a round and for a round thread, and
/// typed wrappers around the check/act/result calls. Requires C++17.
///
//===----------------------------------------------------------------------===//

#ifndef CTA_RT_HPP
#define CTA_RT_HPP

#include "cta/rt.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>
#include <utility>

namespace cta {

/// Verdict bits of a round, as returned by __cta_round_end.
enum Verdict : int {
  Clean = CTA_VERDICT_CLEAN,
  DataRace = CTA_VERDICT_DATA_RACE,
  Atomicity = CTA_VERDICT_ATOMICITY,
  DifferentObjects = CTA_VERDICT_DIFFERENT_OBJECTS,
};

namespace detail {

template <typename T, typename = void>
struct HasStdHash : std::false_type {};

template <typename T>
struct HasStdHash<T, std::void_t<decltype(std::hash<T>{}(
                         std::declval<const T &>()))>> : std::true_type {};

inline uint64_t combineHash(uint64_t Seed, uint64_t Value) {
  return Seed ^ (Value + 0x9e3779b97f4a7c15ULL + (Seed << 6) + (Seed >> 2));
}

template <typename T> uint64_t hashOne(const T &Key) {
  if constexpr (HasStdHash<T>::value)
    return static_cast<uint64_t>(std::hash<T>{}(Key));
  else
    return 0;
}

} // namespace detail

/// True when std::hash<T> is usable, i.e. keyHash(T) distinguishes keys.
template <typename T>
constexpr bool isKeyHashable = detail::HasStdHash<T>::value;

/// The hash of no key: every check and act falls into one bucket.
inline uint64_t keyHash() { return 0; }

/// Hash of a key, or of a call's arguments combined in order. Each argument
/// uses std::hash when it has one and 0 otherwise, so equal arguments always
/// give equal hashes; unhashable types only lose precision (one bucket).
template <typename T, typename... Rest>
uint64_t keyHash(const T &First, const Rest &...More) {
  uint64_t Hash = detail::hashOne(First);
  if constexpr (sizeof...(More) == 0)
    return Hash;
  else
    return detail::combineHash(Hash, keyHash(More...));
}

/// Records a check; returns SawAbsent so it can wrap the checking expression.
inline bool check(const void *Obj, uint64_t Key, uint32_t Site,
                  bool SawAbsent) {
  return __cta_check(Obj, Key, Site, SawAbsent ? 1 : 0) != 0;
}

/// Marks where the thread has left the critical section of a CTA_SITE_LOCKED
/// check; the park and delay that check deferred happen here.
inline void window() { __cta_window(); }

/// Records an act.
inline void act(const void *Obj, uint64_t Key, uint32_t Site) {
  __cta_act(Obj, Key, Site);
}

/// Records what a get-or-create returned to this thread.
inline void result(const void *Obj, uint64_t Key, const void *Result) {
  __cta_result(Obj, Key, Result);
}

/// The round's timeline, "T1 check saw absent at f.cpp:12 -> ...".
inline std::string timeline() {
  std::string Text(__cta_format_timeline(nullptr, 0), '\0');
  __cta_format_timeline(&Text[0], Text.size() + 1);
  return Text;
}

/// One round: begins on construction; end() judges it (and is called by the
/// destructor if nobody did, so a round is never left open).
class Round {
public:
  Round(uint64_t Seed, uint32_t NumThreads,
        uint32_t Flags = CTA_STEER | CTA_JITTER) {
    __cta_round_begin(Seed, NumThreads, Flags);
  }
  ~Round() {
    if (!Ended)
      end();
  }
  Round(const Round &) = delete;
  Round &operator=(const Round &) = delete;

  /// Ends the round once (call after joining its threads); returns the
  /// verdict bits, the same on every call.
  int end() {
    if (!Ended) {
      Bits = __cta_round_end();
      Ended = true;
    }
    return Bits;
  }

private:
  bool Ended = false;
  int Bits = CTA_VERDICT_CLEAN;
};

/// Makes the current thread logical thread Tid for its lifetime: enters (and
/// waits at the start barrier) on construction, exits on destruction, also
/// when the code under test throws.
class ThreadScope {
public:
  explicit ThreadScope(uint32_t Tid) { __cta_thread_enter(Tid); }
  ~ThreadScope() { __cta_thread_exit(); }
  ThreadScope(const ThreadScope &) = delete;
  ThreadScope &operator=(const ThreadScope &) = delete;
};

} // namespace cta

#endif // CTA_RT_HPP
