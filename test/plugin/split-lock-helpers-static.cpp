// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
//
// Helpers on static storage (docs/split-lock.md, "Helpers that lock"): free
// functions on a namespace-scope map and static methods on a class-static
// map, each taking the lock itself, are the check and the act at their
// calls. The insert that decides, different keys, one lock over both
// calls, and a check and an act on different variables are not reported.

#include <map>
#include <mutex>
#include <string>

struct Widget {};

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

class Table {
public:
  static bool has(const std::string &k) {
    std::lock_guard<std::mutex> g(mu_);
    return rows_.count(k) > 0;
  }
  static void add(const std::string &k, Widget *w) {
    std::lock_guard<std::mutex> g(mu_);
    rows_[k] = w;
  }

private:
  static std::mutex mu_;
  static std::map<std::string, Widget *> rows_;
};
std::mutex Table::mu_;
std::map<std::string, Widget *> Table::rows_;
} // namespace st

void ensureItem(const std::string &k) {
  if (!st::hasItem(k))
    // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_items': checked under one lock and changed under another without a re-check [cta-split-lock]
    // CHECK-NEXT: :[[@LINE-2]]:8: note: check of 'g_items' here; shared because 'st::g_items' is a namespace-scope variable (high confidence)
    st::addItem(k, new Widget);
  // CHECK-NEXT: :[[@LINE-1]]:5: note: act on 'g_items' here
  // CHECK-NEXT: note: use one critical section
}

void ensureRow(const std::string &k) {
  if (!st::Table::has(k))
    // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'rows_'{{.*}}[cta-split-lock]
    // CHECK-NEXT: :[[@LINE-2]]:8: note: check of 'rows_' here; shared because 'st::Table::rows_' is a static data member (high confidence)
    st::Table::add(k, new Widget);
  // CHECK-NEXT: :[[@LINE-1]]:5: note: act on 'rows_' here
  // CHECK-NEXT: note: use one critical section
}

bool ensureItemOnce(const std::string &k) {
  return st::tryAddItem(k, new Widget);
}

void moveItem(const std::string &from, const std::string &to) {
  if (!st::hasItem(from))
    st::addItem(to, new Widget);
}

std::recursive_mutex outer;
void ensureItemHeld(const std::string &k) {
  std::lock_guard<std::recursive_mutex> g(outer);
  if (!st::hasItem(k))
    st::addItem(k, new Widget);
}

void crossed(const std::string &k) {
  if (!st::hasItem(k))
    st::Table::add(k, new Widget);
}
