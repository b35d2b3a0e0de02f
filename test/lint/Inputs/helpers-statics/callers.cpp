#include "statics.h"

void ensureItem(const std::string &k) {
  if (!st::hasItem(k))
    st::addItem(k, new Widget);
}

void ensureRow(const std::string &k) {
  if (!st::Table::has(k))
    st::Table::add(k, new Widget);
}

// The insert decides.
bool ensureItemOnce(const std::string &k) {
  return st::tryAddItem(k, new Widget);
}

// Different keys.
void moveItem(const std::string &from, const std::string &to) {
  if (!st::hasItem(from))
    st::addItem(to, new Widget);
}

// One lock over both calls (a recursive design would need it; cta sees one
// section).
std::recursive_mutex outer;
void ensureItemHeld(const std::string &k) {
  std::lock_guard<std::recursive_mutex> g(outer);
  if (!st::hasItem(k))
    st::addItem(k, new Widget);
}

// Different state: the check on g_items, the act on Table::rows_.
void crossed(const std::string &k) {
  if (!st::hasItem(k))
    st::Table::add(k, new Widget);
}

// State callers cannot name: not followed.
void ensureHidden(const std::string &k) {
  if (!st::hasHidden(k))
    st::addHidden(k, new Widget);
}
