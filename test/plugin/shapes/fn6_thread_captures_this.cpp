// RUN: %clang_cta_real -std=c++17 -fsyntax-only %s 2>&1 | %check_strict %s
// A class without a mutex or atomic whose method runs 'this' on a std::thread:
// its members are shared.
#include <map>
#include <thread>
class Worker {
 public:
  void Run() {
    std::thread t([this] { Add(1); });
    Add(1);
    t.join();
  }
  void Add(int k) {
    if (!m_.count(k)) m_[k] = 1;
    // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'm_': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
    // CHECK: note: act on 'm_' here
  }
 private:
  std::map<int, int> m_;
};
