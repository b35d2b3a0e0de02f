// RUN: %clang_cta_real -std=c++17 -fsyntax-only %s 2>&1 | %check_clean %s
#include <map>
#include <mutex>
class Guard { public: explicit Guard(std::mutex& m) : m_(m) { m_.lock(); } ~Guard() { m_.unlock(); } private: std::mutex& m_; };
class Registry {
 public:
  void add(int k) { Guard g(mu_); if (map_.find(k) == map_.end()) map_[k] = 1; }
 private:
  std::mutex mu_;
  std::map<int, int> map_;
};
