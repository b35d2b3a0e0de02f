#include "registry.h"

namespace ns {
bool Registry::has(const std::string &k) {
  std::lock_guard<std::mutex> g(mu_);
  return items_.count(k) > 0;
}
Widget *Registry::lookup(const std::string &k) {
  std::lock_guard<std::mutex> g(mu_);
  auto it = items_.find(k);
  return it == items_.end() ? nullptr : it->second;
}
void Registry::add(const std::string &k, Widget *w) {
  std::lock_guard<std::mutex> g(mu_);
  items_[k] = w;
}
bool Registry::tryAdd(const std::string &k, Widget *w) {
  std::lock_guard<std::mutex> g(mu_);
  return items_.emplace(k, w).second;
}
bool Registry::hasName(const std::string &k) {
  std::lock_guard<std::mutex> g(mu_);
  return names_.count(k) > 0;
}
bool Registry::hasLocked(const std::string &k) const {
  return items_.count(k) > 0;
}
void Registry::addLocked(const std::string &k, Widget *w) { items_[k] = w; }
} // namespace ns
