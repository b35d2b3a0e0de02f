// RUN: %clang_cta_real -std=c++17 -fsyntax-only %s 2>&1 | %check_strict %s
// Report quality: when the check and act come from one macro expansion, the
// object is spelled as the whole macro invocation, not the variable
// (brpc declare_shm_ubs.h / object_pool_inl.h shape)
#include <dlfcn.h>
#define LOAD_SYM(fn)                                   \
  do {                                                 \
    if ((fn) != nullptr) break;                        \
    fn = (decltype(fn))dlsym(RTLD_DEFAULT, #fn);       \
  } while (0)
int (*my_open)(const char*) = nullptr;
void LoadAll() { LOAD_SYM(my_open); }
// The object is named as written, not as the macro call around it.
// CHECK: :[[@LINE-2]]:18: warning: check-then-act race on shared 'my_open': lazy initialization is not atomic [cta-lazy-init]
