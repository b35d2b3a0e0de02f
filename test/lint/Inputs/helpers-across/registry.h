#pragma once
#include <map>
#include <mutex>
#include <string>

struct Widget {};

namespace ns {
class Registry {
public:
  // Each takes mu_ (registry.cpp).
  bool has(const std::string &k);
  Widget *lookup(const std::string &k);
  void add(const std::string &k, Widget *w);
  bool tryAdd(const std::string &k, Widget *w);
  bool hasName(const std::string &k);
  // The caller holds mutex().
  bool hasLocked(const std::string &k) const;
  void addLocked(const std::string &k, Widget *w);
  std::mutex &mutex() { return mu_; }

private:
  std::mutex mu_;
  std::map<std::string, Widget *> items_;
  std::map<std::string, Widget *> names_;
};
} // namespace ns
