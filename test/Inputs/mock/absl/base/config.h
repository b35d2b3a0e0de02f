// Mock of absl/base/config.h for cta tests: Abseil's inline namespace, as in an LTS release.
#pragma once
#define ABSL_OPTION_USE_INLINE_NAMESPACE 1
#define ABSL_OPTION_INLINE_NAMESPACE_NAME lts_20220623
#define ABSL_NAMESPACE_BEGIN inline namespace lts_20220623 {
#define ABSL_NAMESPACE_END }
