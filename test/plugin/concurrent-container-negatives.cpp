// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_clean %s
//
// cta-concurrent-container, forms that are atomic: nothing may be flagged. Every map
// here is shared (namespace scope or a member of a class with a concurrent member).
// CHECK-NOT: warning:

#include <memory>
#include <mutex>
#include <oneapi/tbb/concurrent_hash_map.h>
#include <oneapi/tbb/concurrent_unordered_map.h>
#include <string>

struct Job {
  explicit Job(int Id);
  void run();
};
void log(const std::string &Line);

using JobTable = tbb::concurrent_hash_map<int, std::shared_ptr<Job>>;
JobTable g_jobs;
tbb::concurrent_unordered_map<int, int> g_sizes;
std::mutex g_mu;

// The lookup and the insert under one lock.
void oneLock(int id) {
  std::lock_guard<std::mutex> g(g_mu);
  if (!g_sizes.count(id))
    g_sizes[id] = 0;
}

// An unlocked probe, then a re-check under the lock: no data race on a concurrent
// map, and the insert is decided under the lock.
void probeThenLockedRecheck(int id) {
  if (g_sizes.count(id))
    return;
  std::lock_guard<std::mutex> g(g_mu);
  if (g_sizes.find(id) == g_sizes.end())
    g_sizes.emplace(id, 1);
}

// insert(accessor, key) first, then the element is used through the accessor.
void insertThenUse(int id) {
  JobTable::accessor a;
  g_jobs.insert(a, id);
  if (!a->second)
    a->second = std::make_shared<Job>(id);
  a->second->run();
}

// An accessor holding the element across a test of the element and its update.
void heldAccessorUpdate(int id) {
  JobTable::accessor a;
  if (g_jobs.find(a, id) && !a->second)
    a->second = std::make_shared<Job>(id);
}

// The emplace's bool decides, after a cheap probe.
bool probeThenEmplaceUsed(int id) {
  if (g_jobs.count(id))
    return false;
  if (!g_jobs.emplace(id, std::make_shared<Job>(id)))
    return false;
  log("created");
  return true;
}

// Lookup only, then work on another container.
void lookupOnly(int id) {
  JobTable::const_accessor ca;
  if (!g_jobs.find(ca, id))
    log("missing");
}

// Erasing is not an insert (take-once is another rule's business).
void eraseAfterFind(int id) {
  JobTable::accessor a;
  if (g_jobs.find(a, id))
    g_jobs.erase(a);
}

class Worker {
public:
  // A function-local concurrent map is this call's own.
  int local(int id) {
    tbb::concurrent_unordered_map<int, int> seen;
    if (seen.find(id) == seen.end())
      seen.emplace(id, 1);
    return seen[id];
  }

private:
  tbb::concurrent_unordered_map<int, int> sizes_;
};
