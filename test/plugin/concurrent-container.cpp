// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
//
// cta-concurrent-container: a lookup then an insert of the same key on a concurrent
// container (oneTBB, Folly), the insert's result unused. Each call is atomic on its
// own; the pair is not, so two threads both miss and both build the value. The
// warning sits at the lookup.

#include <folly/concurrency/ConcurrentHashMap.h>
#include <memory>
#include <oneapi/tbb/concurrent_hash_map.h>
#include <oneapi/tbb/concurrent_unordered_map.h>
#include <oneapi/tbb/concurrent_unordered_set.h>
#include <string>

struct Conn {
  explicit Conn(const std::string &Name);
};
std::shared_ptr<Conn> dial(const std::string &Name);
void announce(int Id);

using ConnTable = tbb::concurrent_hash_map<std::string, std::shared_ptr<Conn>>;

//===----------------------------------------------------------------------===//
// tbb::concurrent_hash_map
//===----------------------------------------------------------------------===//

class ConnRegistry {
public:
  // A read-only probe, the accessor released, then an insert of a value built in
  // between: the loser's insert fails silently and it returns a Conn nobody holds.
  std::shared_ptr<Conn> findReleaseInsert(const std::string &key) {
    ConnTable::const_accessor ca;
    if (table_.find(ca, key))
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'table_': 'find' then 'insert' on a concurrent container are not atomic together [cta-concurrent-container]
    // CHECK: :[[@LINE-2]]:9: note: check of 'table_' here
      return ca->second;
    ca.release();
    auto c = dial(key);
    table_.insert({key, c});
    // CHECK: :[[@LINE-1]]:5: note: act on 'table_' here
    // CHECK: :[[@LINE-2]]:5: note: use 'insert(accessor, key)' alone and fill the element only when it returns true, or 'emplace' and use its result
    return c;
  }

  // The probe in a block of its own, then insert(accessor, key) whose bool is
  // ignored: the element another thread just filled is overwritten.
  std::shared_ptr<Conn> probeThenAccessorInsertIgnored(const std::string &key) {
    {
      ConnTable::const_accessor ca;
      if (table_.find(ca, key))
      // CHECK: :[[@LINE-1]]:11: warning: check-then-act race on shared 'table_': 'find' then 'insert' on a concurrent container are not atomic together [cta-concurrent-container]
      // CHECK: :[[@LINE-2]]:11: note: check of 'table_' here
        return ca->second;
    }
    ConnTable::accessor a;
    table_.insert(a, key);
    // CHECK: :[[@LINE-1]]:5: note: act on 'table_' here
    // CHECK: :[[@LINE-2]]:5: note: use 'insert(accessor, key)' {{.+}}
    a->second = dial(key);
    return a->second;
  }

  // count() without an accessor, then emplace.
  void countThenEmplace(const std::string &key) {
    if (table_.count(key) == 0)
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'table_': 'count' then 'emplace' on a concurrent container are not atomic together [cta-concurrent-container]
    // CHECK: :[[@LINE-2]]:9: note: check of 'table_' here
      table_.emplace(key, dial(key));
    // CHECK: :[[@LINE-1]]:7: note: act on 'table_' here
    // CHECK: :[[@LINE-2]]:7: note: use 'insert(accessor, key)' {{.+}}
  }

  // A write accessor that found nothing holds nothing: the insert(accessor, key) in
  // the absent branch may meet another thread's element and overwrite it.
  void accessorFindElseInsert(const std::string &key) {
    ConnTable::accessor a;
    if (!table_.find(a, key)) {
    // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'table_': 'find' then 'insert' on a concurrent container are not atomic together [cta-concurrent-container]
    // CHECK: :[[@LINE-2]]:10: note: check of 'table_' here
      table_.insert(a, key);
      // CHECK: :[[@LINE-1]]:7: note: act on 'table_' here
      // CHECK: :[[@LINE-2]]:7: note: use 'insert(accessor, key)' {{.+}}
      a->second = std::make_shared<Conn>(key);
    }
  }

  // Negative: insert(accessor, key) whose bool decides who fills the element.
  std::shared_ptr<Conn> accessorInsertResultUsed(const std::string &key) {
    ConnTable::accessor a;
    if (table_.insert(a, key))
      a->second = dial(key);
    return a->second;
  }

  // Negative: a probe first, then the accessor insert whose result decides.
  std::shared_ptr<Conn> probeThenInsertUsed(const std::string &key) {
    {
      ConnTable::const_accessor ca;
      if (table_.find(ca, key))
        return ca->second;
    }
    ConnTable::accessor a;
    if (table_.insert(a, key))
      a->second = dial(key);
    return a->second;
  }

  // Negative: find with a write accessor, then the element is changed through it
  // while the accessor holds its lock.
  void findThenModifyThroughAccessor(const std::string &key) {
    ConnTable::accessor a;
    if (table_.find(a, key))
      a->second = dial(key);
  }

  // Negative: emplace alone, its bool used.
  bool emplaceResultUsed(const std::string &key) {
    return table_.emplace(key, dial(key));
  }

  // Negative: the insert runs where the lookup saw the key present.
  void insertWhenPresent(const std::string &key, const std::string &alias) {
    if (table_.count(key))
      table_.insert({alias, nullptr});
  }

  // Negative: a lookup of one key, an insert of another.
  void otherKey(const std::string &key, const std::string &other) {
    if (!table_.count(key))
      table_.insert({other, nullptr});
  }

private:
  ConnTable table_;
};

//===----------------------------------------------------------------------===//
// tbb::concurrent_unordered_map / concurrent_unordered_set
//===----------------------------------------------------------------------===//

tbb::concurrent_unordered_map<std::string, int> g_counts;
tbb::concurrent_unordered_set<int> g_seen;

void unorderedFindThenSubscript(const std::string &k) {
  if (g_counts.find(k) == g_counts.end())
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_counts': 'find' then 'operator[]' on a concurrent container are not atomic together [cta-concurrent-container]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_counts' here
    g_counts[k] = static_cast<int>(k.size());
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_counts' here
  // CHECK: :[[@LINE-2]]:5: note: use 'emplace' alone (it inserts only if the key is absent) and use the returned '.second'
}

int unorderedContainsEarlyReturn(const std::string &k) {
  if (g_counts.contains(k))
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_counts': 'contains' then 'emplace' on a concurrent container are not atomic together [cta-concurrent-container]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_counts' here
    return 0;
  g_counts.emplace(k, 1);
  // CHECK: :[[@LINE-1]]:3: note: act on 'g_counts' here
  // CHECK: :[[@LINE-2]]:3: note: use 'emplace' alone {{.+}}
  return 1;
}

void unorderedCountThenInsert(const std::string &k, int v) {
  if (!g_counts.count(k)) {
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_counts': 'count' then 'insert' on a concurrent container are not atomic together [cta-concurrent-container]
  // CHECK: :[[@LINE-2]]:8: note: check of 'g_counts' here
    announce(v);
    g_counts.insert({k, v});
    // CHECK: :[[@LINE-1]]:5: note: act on 'g_counts' here
    // CHECK: :[[@LINE-2]]:5: note: use 'emplace' alone {{.+}}
  }
}

// A set: the side effect runs twice for one id.
void setCountThenInsert(int id) {
  if (g_seen.count(id) == 0) {
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_seen': 'count' then 'insert' on a concurrent container are not atomic together [cta-concurrent-container]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_seen' here
    g_seen.insert(id);
    // CHECK: :[[@LINE-1]]:5: note: act on 'g_seen' here
    // CHECK: :[[@LINE-2]]:5: note: use 'insert' alone and test the returned '.second'
    announce(id);
  }
}

// A result variable carries the lookup.
void iteratorVariable(const std::string &k) {
  auto it = g_counts.find(k);
  // CHECK: :[[@LINE-1]]:13: warning: check-then-act race on shared 'g_counts': 'find' then 'insert' on a concurrent container are not atomic together [cta-concurrent-container]
  // CHECK: :[[@LINE-2]]:13: note: check of 'g_counts' here
  if (it != g_counts.end())
    return;
  g_counts.insert({k, 0});
  // CHECK: :[[@LINE-1]]:3: note: act on 'g_counts' here
  // CHECK: :[[@LINE-2]]:3: note: use 'emplace' alone {{.+}}
}

// Negative: the insert's own result gates the side effect.
void setInsertSecondGates(int id) {
  if (g_seen.insert(id).second)
    announce(id);
}

// Negative: emplace alone, its result used.
bool unorderedEmplaceUsed(const std::string &k) {
  auto [it, inserted] = g_counts.emplace(k, 1);
  return inserted;
}

// Negative: a subscript alone (insert-or-get in one call).
void unorderedSubscriptAlone(const std::string &k) { g_counts[k]; }

// Negative: a local concurrent map is this thread's own.
void localMap(const std::string &k) {
  tbb::concurrent_unordered_map<std::string, int> local;
  if (!local.count(k))
    local.emplace(k, 1);
}

//===----------------------------------------------------------------------===//
// folly::ConcurrentHashMap
//===----------------------------------------------------------------------===//

folly::ConcurrentHashMap<std::string, int> g_folly;

void follyFindThenInsert(const std::string &k, int v) {
  if (g_folly.find(k) == g_folly.cend())
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_folly': 'find' then 'insert' on a concurrent container are not atomic together [cta-concurrent-container]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_folly' here
    g_folly.insert(k, v);
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_folly' here
  // CHECK: :[[@LINE-2]]:5: note: use 'try_emplace' alone and use the returned '.second'
}

// insert_or_assign overwrites another thread's value.
void follyCountThenAssign(const std::string &k, int v) {
  if (!g_folly.count(k))
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_folly': 'count' then 'insert_or_assign' on a concurrent container are not atomic together [cta-concurrent-container]
  // CHECK: :[[@LINE-2]]:8: note: check of 'g_folly' here
    g_folly.insert_or_assign(k, v);
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_folly' here
  // CHECK: :[[@LINE-2]]:5: note: use 'try_emplace' {{.+}}
}

// Negative: try_emplace alone, its result used.
int follyTryEmplaceUsed(const std::string &k) {
  auto r = g_folly.try_emplace(k, 7);
  return r.second ? 1 : 0;
}
