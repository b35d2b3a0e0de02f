// RUN: printf 'containers:\n  - type: svc::StripedMap\n    like: tbb::concurrent_unordered_map\n  - type: svc::ShardTable\n    like: tbb::concurrent_hash_map\n' > %t.yaml
// RUN: %clang_cta -fsyntax-only -fplugin-arg-cta-config=%t.yaml %s 2>&1 | %check_strict %s
// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_clean %s --check-prefix=UNKNOWN
// RUN: printf 'containers:\n  - type: svc::StripedMap\n    like: tbb::concurrent_unordered_map\n  - type: svc::ShardTable\n    like: tbb::concurrent_hash_map\ndisabled-rules: [cta-concurrent-container]\n' > %t.off.yaml
// RUN: %clang_cta -fsyntax-only -fplugin-arg-cta-config=%t.off.yaml %s 2>&1 | %check_clean %s --check-prefix=OFF
//
// Concurrent maps of the user's own, described in the config as `like:` a oneTBB
// container, get the rule of that family. Without the config they are unknown types
// and nothing is reported (third RUN); `disabled-rules` turns the rule off (last RUN).
// UNKNOWN-NOT: warning:
// OFF-NOT: warning:

#include <cstddef>
#include <string>
#include <utility>

namespace svc {
template <class K, class V> class StripedMap {
public:
  struct iterator {
    bool operator==(const iterator &) const;
    bool operator!=(const iterator &) const;
  };
  iterator find(const K &k);
  iterator end();
  std::size_t count(const K &k) const;
  std::pair<iterator, bool> emplace(const K &k, const V &v);
  V &operator[](const K &k);
};

template <class K, class V> class ShardTable {
public:
  class const_accessor {};
  class accessor : public const_accessor {};
  bool find(const_accessor &a, const K &k) const;
  bool insert(accessor &a, const K &k);
  bool insert(const std::pair<const K, V> &v);
};
} // namespace svc

svc::StripedMap<std::string, int> g_striped;
svc::ShardTable<int, std::string> g_shards;

void stripedFindThenSubscript(const std::string &k) {
  if (g_striped.find(k) == g_striped.end())
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_striped': 'find' then 'operator[]' on a concurrent container are not atomic together [cta-concurrent-container]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_striped' here
    g_striped[k] = 1;
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_striped' here
  // CHECK: :[[@LINE-2]]:5: note: use 'emplace' alone {{.+}}
}

void shardFindThenInsert(int id) {
  svc::ShardTable<int, std::string>::const_accessor ca;
  if (g_shards.find(ca, id))
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_shards': 'find' then 'insert' on a concurrent container are not atomic together [cta-concurrent-container]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_shards' here
    return;
  g_shards.insert({id, "new"});
  // CHECK: :[[@LINE-1]]:3: note: act on 'g_shards' here
  // CHECK: :[[@LINE-2]]:3: note: use 'insert(accessor, key)' {{.+}}
}

// Negative: the accessor insert's bool decides.
void shardInsertUsed(int id) {
  svc::ShardTable<int, std::string>::accessor a;
  if (g_shards.insert(a, id))
    g_shards.insert({id + 1, "next"});
}

// Negative: emplace alone.
void stripedEmplace(const std::string &k) { g_striped.emplace(k, 2); }
