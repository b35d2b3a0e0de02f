// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
//
// cta-map-get-or-add on every keyed container family: std::map, std::multimap,
// std::unordered_map, std::set, std::multiset, std::unordered_set, and Abseil's
// flat/node hash map/set (whose find/insert/operator[] are inherited from
// absl::container_internal::raw_hash_set / raw_hash_map inside an inline namespace).

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>
#include <absl/container/node_hash_map.h>
#include <absl/container/node_hash_set.h>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

struct Session {
  explicit Session(int Id);
};

std::map<int, std::unique_ptr<Session>> g_sessions;
std::multimap<std::string, int> g_multi;
std::unordered_map<int, std::shared_ptr<Session>> g_hashed;
std::set<int> g_seen;
std::multiset<int> g_bag;
std::unordered_set<std::string> g_names;
absl::flat_hash_map<std::string, int> g_flat;
absl::node_hash_map<int, std::unique_ptr<Session>> g_node;
absl::flat_hash_set<int> g_flat_set;
absl::node_hash_set<std::string> g_node_set;

void stdMapUniquePtr(int id) {
  if (g_sessions.find(id) == g_sessions.end())
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_sessions': 'find' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_sessions' here
    g_sessions[id] = std::make_unique<Session>(id);
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_sessions' here
  // CHECK: note: use {{.+}}
}

// A multimap insert never fails: two racing threads add two entries for one key.
void stdMultimap(const std::string &tag, int v) {
  if (g_multi.find(tag) == g_multi.end())
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_multi': 'find' then 'insert' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_multi' here
    g_multi.insert({tag, v});
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_multi' here
  // CHECK: note: use {{.+}}
}

std::shared_ptr<Session> stdUnorderedMap(int id) {
  auto it = g_hashed.find(id);
  // CHECK: :[[@LINE-1]]:13: warning: check-then-act race on shared 'g_hashed': 'find' then 'emplace' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:13: note: check of 'g_hashed' here
  if (it != g_hashed.end())
    return it->second;
  auto s = std::make_shared<Session>(id);
  g_hashed.emplace(id, s);
  // CHECK: :[[@LINE-1]]:3: note: act on 'g_hashed' here
  // CHECK: note: use {{.+}}
  return s;
}

void stdSet(int id) {
  if (!g_seen.count(id))
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_seen': 'count' then 'insert' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:8: note: check of 'g_seen' here
    g_seen.insert(id);
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_seen' here
  // CHECK: note: use {{.+}}
}

void stdSetFindEmplace(int id) {
  if (g_seen.find(id) == g_seen.end())
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_seen': 'find' then 'emplace' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_seen' here
    g_seen.emplace(id);
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_seen' here
  // CHECK: note: use {{.+}}
}

void stdMultiset(int id) {
  if (g_bag.count(id) == 0)
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_bag': 'count' then 'insert' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_bag' here
    g_bag.insert(id);
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_bag' here
  // CHECK: note: use {{.+}}
}

void stdUnorderedSet(const std::string &name) {
  if (g_names.find(name) != g_names.end())
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_names': 'find' then 'insert' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_names' here
    return;
  g_names.insert(name);
  // CHECK: :[[@LINE-1]]:3: note: act on 'g_names' here
  // CHECK: note: use {{.+}}
}

void abslFlatHashMap(const std::string &key) {
  if (g_flat.find(key) == g_flat.end())
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_flat': 'find' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_flat' here
    g_flat[key] = 1;
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_flat' here
  // CHECK: note: use {{.+}}
}

// Abseil containers have contains() in C++17 too.
void abslFlatHashMapContains(const std::string &key) {
  if (!g_flat.contains(key))
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_flat': 'contains' then 'insert' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:8: note: check of 'g_flat' here
    g_flat.insert({key, 2});
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_flat' here
  // CHECK: note: use {{.+}}
}

void abslFlatHashMapInsertOrAssign(const std::string &key) {
  if (g_flat.count(key) == 0)
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_flat': 'count' then 'insert_or_assign' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_flat' here
    g_flat.insert_or_assign(key, 3);
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_flat' here
  // CHECK: note: use {{.+}}
}

Session &abslNodeHashMap(int id) {
  auto it = g_node.find(id);
  // CHECK: :[[@LINE-1]]:13: warning: check-then-act race on shared 'g_node': 'find' then 'try_emplace' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:13: note: check of 'g_node' here
  if (it != g_node.end())
    return *it->second;
  g_node.try_emplace(id, std::make_unique<Session>(id));
  // CHECK: :[[@LINE-1]]:3: note: act on 'g_node' here
  // CHECK: note: use {{.+}}
  return *g_node.at(id);
}

void abslFlatHashSet(int id) {
  if (!g_flat_set.contains(id))
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_flat_set': 'contains' then 'insert' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:8: note: check of 'g_flat_set' here
    g_flat_set.insert(id);
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_flat_set' here
  // CHECK: note: use {{.+}}
}

void abslNodeHashSet(const std::string &name) {
  if (g_node_set.count(name) == 0)
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_node_set': 'count' then 'emplace' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_node_set' here
    g_node_set.emplace(name);
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_node_set' here
  // CHECK: note: use {{.+}}
}

// A user type deriving from a standard map is still a map.
struct NameTable : std::map<std::string, int> {};
NameTable g_table;

void derivedFromStdMap(const std::string &name) {
  if (!g_table.count(name))
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_table': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:8: note: check of 'g_table' here
    g_table[name] = 0;
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_table' here
  // CHECK: note: use {{.+}}
}

// Through a type alias.
using Index = std::unordered_map<std::string, long>;
Index g_index;

void throughTypeAlias(const std::string &name, long pos) {
  if (g_index.find(name) == g_index.end())
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_index': 'find' then 'emplace' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_index' here
    g_index.emplace(name, pos);
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_index' here
  // CHECK: note: use {{.+}}
}
