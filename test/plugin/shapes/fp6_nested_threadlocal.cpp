// RUN: %clang_cta_real -std=c++17 -fsyntax-only %s 2>&1 | %check_clean %s
// FP: a nested helper class used only through a thread_local pointer inherits the
// outer class's intent (brpc ObjectPool::LocalPool shape)
#include <mutex>
#include <vector>
class Pool {
 public:
  class Local {
   public:
    int* get() {
      if (block_ == nullptr)      // each thread has its own Local
        block_ = new int[64];     // not a race here: ("'Pool' has ... 'mu_'")
      return block_;
    }
   private:
    int* block_ = nullptr;
  };
  static Local* local() { thread_local Local l; return &l; }
 private:
  std::mutex mu_;
  std::vector<int*> free_;
};
