// Mock of absl/base/call_once.h for cta tests.
#pragma once
#include <absl/base/config.h>
#include <atomic>
#include <cstdint>
#include <bits/invoke.h>
#include <utility>
namespace absl {
ABSL_NAMESPACE_BEGIN
class once_flag {
public:
  constexpr once_flag() : control_(0) {}
  once_flag(const once_flag &) = delete;
  once_flag &operator=(const once_flag &) = delete;

private:
  std::atomic<uint32_t> control_;
};
template <typename Callable, typename... Args>
void call_once(absl::once_flag &flag, Callable &&fn, Args &&...args) {
  std::__invoke(std::forward<Callable>(fn), std::forward<Args>(args)...);
}
ABSL_NAMESPACE_END
} // namespace absl
