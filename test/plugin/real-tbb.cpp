// RUN: %clang_cta_real -fsyntax-only %s 2>&1 | %check_strict %s
//
// oneTBB's concurrent containers against the real headers (libtbb-dev). Their
// accessor-based insert and their insert/emplace are atomic on their own: nothing to
// flag there. A class with a concurrent-container member shows concurrency intent
// (DESIGN section 4), so its plain std::map member is shared.

#include <map>
#include <memory>
#include <oneapi/tbb/concurrent_hash_map.h>
#include <oneapi/tbb/concurrent_unordered_map.h>
#include <string>

struct Conn {
  explicit Conn(const std::string &Name);
};

using ConnTable = tbb::concurrent_hash_map<std::string, std::shared_ptr<Conn>>;

class ConnRegistry {
public:
  // Negative: the accessor holds the element's lock; insert() reports who created it.
  std::shared_ptr<Conn> getOrCreate(const std::string &key) {
    ConnTable::accessor a;
    if (table_.insert(a, key))
      a->second = std::make_shared<Conn>(key);
    return a->second;
  }

  // Negative: a read-only probe first, then the accessor insert whose result decides.
  std::shared_ptr<Conn> probeThenInsert(const std::string &key) {
    {
      ConnTable::const_accessor ca;
      if (table_.find(ca, key))
        return ca->second;
    }
    ConnTable::accessor a;
    if (table_.insert(a, key))
      a->second = std::make_shared<Conn>(key);
    return a->second;
  }

  // Negative: insert alone on a concurrent_unordered_map.
  void record(const std::string &key, int v) { counts_.insert({key, v}); }

  // Negative: emplace alone, result used.
  bool recordOnce(const std::string &key, int v) { return counts_.emplace(key, v).second; }

  // Positive: the plain std::map of a class that holds a concurrent container.
  void addAlias(const std::string &alias, const std::string &key) {
    if (aliases_.find(alias) == aliases_.end())
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'aliases_': 'find' then 'operator[]' without one lock held across both [cta-map-get-or-add]
    // CHECK: :[[@LINE-2]]:9: note: check of 'aliases_' here
      aliases_[alias] = key;
    // CHECK: :[[@LINE-1]]:7: note: act on 'aliases_' here
    // CHECK: note: use {{.+}}
  }

private:
  ConnTable table_;
  tbb::concurrent_unordered_map<std::string, int> counts_;
  std::map<std::string, std::string> aliases_;
};
