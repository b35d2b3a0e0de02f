// RUN: %clang_cta_real -fsyntax-only %s 2>&1 | %check_strict %s
//
// cta-concurrent-container against the real oneTBB headers (libtbb-dev): the
// versioned detail namespaces, inherited lookups and the accessor overloads are all
// read as the mocks are.

#include <memory>
#include <oneapi/tbb/concurrent_hash_map.h>
#include <oneapi/tbb/concurrent_unordered_map.h>
#include <oneapi/tbb/concurrent_unordered_set.h>
#include <string>

struct Session {
  explicit Session(const std::string &User);
};

using SessionTable =
    tbb::concurrent_hash_map<std::string, std::shared_ptr<Session>>;

class SessionCache {
public:
  std::shared_ptr<Session> open(const std::string &user) {
    {
      SessionTable::const_accessor ca;
      if (sessions_.find(ca, user))
      // CHECK: :[[@LINE-1]]:11: warning: check-then-act race on shared 'sessions_': 'find' then 'insert' on a concurrent container are not atomic together [cta-concurrent-container]
      // CHECK: :[[@LINE-2]]:11: note: check of 'sessions_' here
        return ca->second;
    }
    auto s = std::make_shared<Session>(user);
    sessions_.insert({user, s});
    // CHECK: :[[@LINE-1]]:5: note: act on 'sessions_' here
    // CHECK: :[[@LINE-2]]:5: note: use 'insert(accessor, key)' {{.+}}
    return s;
  }

  void touch(const std::string &user) {
    SessionTable::accessor a;
    if (!sessions_.find(a, user)) {
    // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'sessions_': 'find' then 'emplace' on a concurrent container are not atomic together [cta-concurrent-container]
    // CHECK: :[[@LINE-2]]:10: note: check of 'sessions_' here
      sessions_.emplace(a, user, std::make_shared<Session>(user));
      // CHECK: :[[@LINE-1]]:7: note: act on 'sessions_' here
      // CHECK: :[[@LINE-2]]:7: note: use {{.+}}
    }
  }

  // Negative: the accessor insert's bool decides who builds the session.
  std::shared_ptr<Session> openOnce(const std::string &user) {
    SessionTable::accessor a;
    if (sessions_.insert(a, user))
      a->second = std::make_shared<Session>(user);
    return a->second;
  }

  // Negative: found with a write accessor, updated through it.
  void refresh(const std::string &user) {
    SessionTable::accessor a;
    if (sessions_.find(a, user))
      a->second = std::make_shared<Session>(user);
  }

  // Negative: emplace alone, its bool returned.
  bool add(const std::string &user) {
    return sessions_.emplace(user, std::make_shared<Session>(user));
  }

private:
  SessionTable sessions_;
};

tbb::concurrent_unordered_map<std::string, int> g_hits;
tbb::concurrent_unordered_set<long> g_ids;

void hit(const std::string &page) {
  if (g_hits.find(page) == g_hits.end())
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_hits': 'find' then 'operator[]' on a concurrent container are not atomic together [cta-concurrent-container]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_hits' here
    g_hits[page] = 0;
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_hits' here
  // CHECK: :[[@LINE-2]]:5: note: use 'emplace' alone {{.+}}
}

bool claim(long id) {
  if (g_ids.contains(id))
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_ids': 'contains' then 'insert' on a concurrent container are not atomic together [cta-concurrent-container]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_ids' here
    return false;
  g_ids.insert(id);
  // CHECK: :[[@LINE-1]]:3: note: act on 'g_ids' here
  // CHECK: :[[@LINE-2]]:3: note: use 'insert' alone and test the returned '.second'
  return true;
}

// Negative: the set's insert decides.
bool claimOnce(long id) { return g_ids.insert(id).second; }

// Negative: emplace alone on the unordered map.
void hitOnce(const std::string &page) { g_hits.emplace(page, 1); }
