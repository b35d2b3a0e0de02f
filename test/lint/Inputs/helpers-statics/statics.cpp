#include "statics.h"

namespace st {
std::map<std::string, Widget *> g_items;
std::mutex g_mu;

bool hasItem(const std::string &k) {
  std::lock_guard<std::mutex> g(g_mu);
  return g_items.count(k) > 0;
}
void addItem(const std::string &k, Widget *w) {
  std::lock_guard<std::mutex> g(g_mu);
  g_items[k] = w;
}
bool tryAddItem(const std::string &k, Widget *w) {
  std::lock_guard<std::mutex> g(g_mu);
  return g_items.insert({k, w}).second;
}

std::mutex Table::mu_;
std::map<std::string, Widget *> Table::rows_;

bool Table::has(const std::string &k) {
  std::lock_guard<std::mutex> g(mu_);
  return rows_.count(k) > 0;
}
void Table::add(const std::string &k, Widget *w) {
  std::lock_guard<std::mutex> g(mu_);
  rows_[k] = w;
}

namespace {
std::map<std::string, Widget *> hidden;
std::mutex hiddenMu;
} // namespace

bool hasHidden(const std::string &k) {
  std::lock_guard<std::mutex> g(hiddenMu);
  return hidden.count(k) > 0;
}
void addHidden(const std::string &k, Widget *w) {
  std::lock_guard<std::mutex> g(hiddenMu);
  hidden[k] = w;
}
} // namespace st
