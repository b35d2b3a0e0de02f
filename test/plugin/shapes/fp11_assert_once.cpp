// RUN: %clang_cta_real -std=c++17 -fsyntax-only %s 2>&1 | %check_clean %s
// RUN: %clang_cta_real -std=c++17 -fsyntax-only -fplugin-arg-cta-min-confidence=low %s 2>&1 | FileCheck %s --check-prefix=LOW
// LOW: warning: check-then-act race on shared 'auth_'
// LOW: note: check of {{.+}} here; shared because {{.+}} (low confidence)
// FP: the check is a contract assertion (logs/aborts), not a lazy initializer
// (brpc Socket::mutable_auth_context shape)
#include <cstdio>
#include <cstdlib>
#include <mutex>
struct AuthCtx {};
class Sock {
 public:
  AuthCtx* mutable_auth() {
    if (auth_ != nullptr) { std::fputs("called twice\n", stderr); std::abort(); }
    auth_ = new AuthCtx;          // not a race here:
    return auth_;
  }
 private:
  std::mutex ssl_mu_;
  AuthCtx* auth_ = nullptr;
};
