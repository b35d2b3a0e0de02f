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
struct KeyHasher<
    T, std::void_t<decltype(std::hash<T>{}(std::declval<const T &>()))>> {
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

/// The checks before a removal (take-remove, erase-after-check): the act
/// follows when the key is there, so "absent" is reported for "present".
namespace take {
template <class R, class E>
R &&checkIterator(uint32_t Site, const void *Obj, uint64_t Key, R &&Result,
                  const E &End) {
  bool Present = !(Result == End);
  return checkValue(Site, Obj, Key, std::forward<R>(Result), Present);
}
template <class R>
R &&checkCount(uint32_t Site, const void *Obj, uint64_t Key, R &&Result) {
  bool Present = Result != 0;
  return checkValue(Site, Obj, Key, std::forward<R>(Result), Present);
}
template <class R>
R &&checkPresent(uint32_t Site, const void *Obj, uint64_t Key, R &&Result) {
  bool Present = !isEmpty(Result);
  return checkValue(Site, Obj, Key, std::forward<R>(Result), Present);
}
template <class R>
R &&checkAbsent(uint32_t Site, const void *Obj, uint64_t Key, R &&Result) {
  bool Present = isEmpty(Result);
  return checkValue(Site, Obj, Key, std::forward<R>(Result), Present);
}
/// A counter tested before a decrement: "absent" when it is not zero.
template <class T>
std::conditional_t<std::is_copy_constructible_v<std::decay_t<T>>,
                   std::decay_t<T>, T &&>
checkState(uint32_t Site, const void *Obj, T &&Value);
} // namespace take

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

/// A task the code under test hands to a pool (`pool_.submit(task)`), run
/// in the calling thread instead: the harness's threads are the pool's
/// workers, each running one task, as concurrently as a pool runs them.
template <class F> void runHere(F &&Task) { std::forward<F>(Task)(); }

/// An act; used as the left operand of a comma expression.
inline void act(uint32_t Site, const void *Obj, uint64_t Key) {
#ifndef CTA_NAIVE
  __cta_act(Obj, Key, Site);
#else
  (void)Site, (void)Obj, (void)Key;
#endif
}

/// What an act's object looks like, to tell whether the act changed it: a
/// container's size, an atomic's or a scalar's value, a smart pointer's
/// pointee. Known is false for anything else (the act then counts).
struct Fingerprint {
  bool Known = false;
  uint64_t Value = 0;
  bool operator==(const Fingerprint &O) const {
    return Known == O.Known && Value == O.Value;
  }
};

template <class T, class = void> struct HasSize : std::false_type {};
template <class T>
struct HasSize<T, std::void_t<decltype(std::declval<const T &>().size())>>
    : std::true_type {};
template <class T, class = void> struct HasLoad : std::false_type {};
template <class T>
struct HasLoad<T, std::void_t<decltype(std::declval<const T &>().load())>>
    : std::true_type {};
template <class T, class = void> struct HasGet : std::false_type {};
template <class T>
struct HasGet<T, std::void_t<decltype(static_cast<const void *>(
                     std::declval<const T &>().get()))>> : std::true_type {};

template <class V> Fingerprint scalarPrint(const V &X) {
  if constexpr (std::is_pointer_v<V>)
    return {true, static_cast<uint64_t>(reinterpret_cast<uintptr_t>(X))};
  else if constexpr (std::is_arithmetic_v<V> || std::is_enum_v<V>)
    return {true, static_cast<uint64_t>(X)};
  else
    return {};
}

template <class T> Fingerprint fingerprint(const T &V) {
  if constexpr (HasSize<T>::value)
    return {true, static_cast<uint64_t>(V.size())};
  else if constexpr (HasLoad<T>::value)
    return scalarPrint(V.load());
  else if constexpr (HasGet<T>::value)
    return scalarPrint(static_cast<const void *>(V.get()));
  else
    return scalarPrint(V);
}

template <class T> struct IsBoolPair : std::false_type {};
template <class A> struct IsBoolPair<std::pair<A, bool>> : std::true_type {};

/// An act that counts only when it changed the state (docs/runtime.md):
/// an insert whose result says inserted, a container whose size changed,
/// a value that differs after the act. Constructed before the act runs (a
/// fingerprint of the object), it reports at the end of the full
/// expression, when the act is done:
///   `::cta::instrument::Effect(Site, Obj, Key, object).done(expr)`
///   `(::cta::instrument::Effect(Site, Obj, Key, object), void-expr)`
/// and `Effect(...).bounded()` in their place for an object under a size
/// bound.
class Effect {
public:
  template <class T>
  Effect(uint32_t Site, const void *Obj, uint64_t Key, const T &Object)
      : Site(Site), Obj(Obj), Key(Key), Target(&Object),
        Print([](const void *P) {
          return fingerprint(*static_cast<const T *>(P));
        }) {
#ifndef CTA_NAIVE
    Before = Print(Target);
#endif
  }
  Effect(const Effect &) = delete;
  Effect &operator=(const Effect &) = delete;

  /// The act's own result, when it says whether the act had an effect
  /// (`insert`/`emplace`/`try_emplace`'s `.second`).
  template <class R> R done(R &&Result) {
    using D = std::decay_t<R>;
    if constexpr (IsBoolPair<D>::value) {
      Decided = true;
      Changed = Result.second;
    }
    return std::forward<R>(Result);
  }
  /// An exchange: it changed the value when the value it replaced differs
  /// from the one it stored.
  template <class R, class V> R doneExchange(R &&Result, const V &Stored) {
    Decided = true;
    Changed = !(Result == Stored);
    return std::forward<R>(Result);
  }
  /// An increment or decrement by a non-zero amount always changes.
  template <class R> R doneChanging(R &&Result) {
    Decided = true;
    Changed = true;
    return std::forward<R>(Result);
  }
  /// An act whose `bool` result says it had an effect: a compare-exchange,
  /// a concurrent map's insert or erase.
  template <class R> R doneBool(R &&Result) {
    Decided = true;
    Changed = static_cast<bool>(Result);
    return std::forward<R>(Result);
  }
  /// The object is a container whose size a check compares with a bound:
  /// an act that changed it also reports the size it left (oracle (e)).
  Effect &bounded() {
    Bounded = true;
    return *this;
  }

  ~Effect() {
#ifndef CTA_NAIVE
    if (!Decided)
      Changed = !Before.Known || !(Print(Target) == Before);
    if (Changed)
      __cta_act(Obj, Key, Site);
    if (Changed && Bounded)
      if (Fingerprint After = Print(Target); After.Known)
        __cta_size(Obj, After.Value);
#endif
  }

private:
  uint32_t Site;
  const void *Obj;
  uint64_t Key;
  const void *Target;
  Fingerprint (*Print)(const void *);
  Fingerprint Before;
  bool Decided = false;
  bool Changed = true;
  bool Bounded = false;
};

template <class T>
std::conditional_t<std::is_copy_constructible_v<std::decay_t<T>>,
                   std::decay_t<T>, T &&>
take::checkState(uint32_t Site, const void *Obj, T &&Value) {
  std::conditional_t<std::is_copy_constructible_v<std::decay_t<T>>,
                     std::decay_t<T>, T &&>
      Seen = std::forward<T>(Value);
#ifndef CTA_NAIVE
  __cta_check(Obj, 0, Site, !isEmpty(Seen));
#else
  (void)Site, (void)Obj;
#endif
  return std::forward<decltype(Seen)>(Seen);
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
  inline __VA_ARGS__ * ::cta::instrument::Fixture<__VA_ARGS__>::make()

#endif // CTA_INSTRUMENT_HPP
