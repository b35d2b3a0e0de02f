// Mock of libstdc++'s internal std::__invoke (INVOKE), for call_once and std::invoke.
#pragma once
#include <type_traits>
#include <utility>
namespace std {
template <class F, class... Args>
constexpr auto __invoke(F &&f, Args &&...args)
    -> decltype(std::forward<F>(f)(std::forward<Args>(args)...)) {
  return std::forward<F>(f)(std::forward<Args>(args)...);
}
template <class M, class C, class Obj, class... Args>
constexpr auto __invoke(M C::*pm, Obj &&obj, Args &&...args)
    -> decltype((std::forward<Obj>(obj).*pm)(std::forward<Args>(args)...)) {
  return (std::forward<Obj>(obj).*pm)(std::forward<Args>(args)...);
}
template <class M, class C, class Obj, class... Args>
constexpr auto __invoke(M C::*pm, Obj &&obj, Args &&...args)
    -> decltype(((*std::forward<Obj>(obj)).*pm)(std::forward<Args>(args)...)) {
  return ((*std::forward<Obj>(obj)).*pm)(std::forward<Args>(args)...);
}
} // namespace std
