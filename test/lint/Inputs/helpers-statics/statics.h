#pragma once
#include <map>
#include <mutex>
#include <string>

struct Widget {};

namespace st {
// Guarded by g_mu (statics.cpp).
extern std::map<std::string, Widget *> g_items;
extern std::mutex g_mu;
// Each takes g_mu.
bool hasItem(const std::string &k);
void addItem(const std::string &k, Widget *w);
bool tryAddItem(const std::string &k, Widget *w);

class Table {
public:
  // Each takes mu_.
  static bool has(const std::string &k);
  static void add(const std::string &k, Widget *w);

private:
  static std::mutex mu_;
  static std::map<std::string, Widget *> rows_;
};

// On a map of statics.cpp alone, which no other file can name.
bool hasHidden(const std::string &k);
void addHidden(const std::string &k, Widget *w);
} // namespace st
