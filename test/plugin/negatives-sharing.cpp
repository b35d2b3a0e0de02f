// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_clean %s
//
// The sharing policy (DESIGN section 4), negative side, and check/act pairs that are not
// a get-or-add. Nothing in this file may be flagged: the strict FileCheck rejects any
// warning.
// CHECK-NOT: warning:

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

int compute(int K);

// --- thread_local is per thread --------------------------------------------------------

thread_local std::map<int, int> t_cache;

int threadLocalGlobal(int k) {
  auto it = t_cache.find(k);
  if (it != t_cache.end())
    return it->second;
  int v = compute(k);
  t_cache[k] = v;
  return v;
}

int threadLocalFunctionStatic(int k) {
  static thread_local std::unordered_map<int, int> memo;
  if (!memo.count(k))
    memo[k] = compute(k);
  return memo[k];
}

struct PerThread {
  static thread_local std::set<int> seen_;
  static void mark(int id) {
    if (!seen_.count(id))
      seen_.insert(id);
  }
};

thread_local std::vector<int> t_ids;

void threadLocalVector(int id) {
  if (std::find(t_ids.begin(), t_ids.end(), id) == t_ids.end())
    t_ids.push_back(id);
}

// --- locals ----------------------------------------------------------------------------

int localMap(const std::vector<int> &keys) {
  std::map<int, int> m;
  for (int k : keys)
    if (!m.count(k))
      m[k] = compute(k);
  return static_cast<int>(m.size());
}

std::vector<int> localVectorDedup(const std::vector<int> &in) {
  std::vector<int> out;
  for (int x : in) {
    bool found = false;
    for (int y : out)
      if (y == x) {
        found = true;
        break;
      }
    if (!found)
      out.push_back(x);
  }
  return out;
}

// A by-value parameter is a local.
void byValueParameter(std::map<int, int> m, int k) {
  if (m.find(k) == m.end())
    m[k] = 1;
}

// Captured by copy into the thread: the thread works on its own copy.
void capturedByCopyIntoThread(int k) {
  std::map<int, int> m;
  std::thread t([m]() mutable { m.clear(); });
  if (!m.count(k))
    m[k] = 2;
  t.join();
}

// Captured by reference into a lambda that is only called here, on this thread.
void capturedByRefIntoPlainLambda(int k) {
  std::map<int, int> m;
  auto add = [&m](int key) {
    if (!m.count(key))
      m[key] = 3;
  };
  add(k);
  add(k + 1);
}

// A thread that captures something else by reference.
void otherLocalCaptured(int k) {
  std::map<int, int> m;
  int counter = 0;
  std::thread t([&counter] { ++counter; });
  if (!m.count(k))
    m[k] = 4;
  t.join();
}

// A local copy of a shared container.
std::map<int, int> g_shared;

void localCopyOfShared(int k) {
  std::map<int, int> copy = g_shared;
  if (!copy.count(k))
    copy[k] = 5;
}

// A local smart pointer and a local "initialized" flag.
void localLazy() {
  std::unique_ptr<int> p;
  if (!p)
    p = std::make_unique<int>(6);
  bool ready = false;
  if (!ready) {
    compute(7);
    ready = true;
  }
}

// --- members of classes without concurrency intent ------------------------------------

class PlainCache {
public:
  int get(int k) {
    auto it = m_.find(k);
    if (it != m_.end())
      return it->second;
    int v = compute(k);
    m_[k] = v;
    return v;
  }

  void addName(const std::string &n) {
    if (std::find(names_.begin(), names_.end(), n) == names_.end())
      names_.push_back(n);
  }

private:
  std::map<int, int> m_;
  std::vector<std::string> names_;
};

// Intent is per class: a mutex in another class of the same file does not make this
// class concurrent.
class Locked {
public:
  std::mutex mu;
};

class HoldsPlainMap {
public:
  void add(int k) {
    if (!m_.count(k))
      m_[k] = 8;
  }

private:
  std::map<int, int> m_;
};

// --- not a get-or-add ------------------------------------------------------------------

std::map<int, int> g_a;
std::map<int, int> g_b;

// Different keys.
void differentKeys(int a, int b) {
  if (!g_a.count(a))
    g_a[b] = 1;
}

// Different containers.
void differentContainers(int k) {
  if (!g_a.count(k))
    g_b[k] = 1;
}

// Check and act in different functions.
bool has(int k) { return g_a.count(k) != 0; }
void put(int k, int v) { g_a[k] = v; }

// The act runs where the key was FOUND: operator[] on a present key inserts nothing.
void actWhereFound(int k) {
  if (g_a.count(k))
    g_a[k]++;
}

int readWhereFound(int k) {
  if (g_a.find(k) != g_a.end())
    return g_a[k];
  return 0;
}

// The found element is updated through the iterator.
void updateThroughIterator(int k) {
  auto it = g_a.find(k);
  if (it != g_a.end())
    it->second = 9;
}

// A const method only reads.
class Lookup {
public:
  int get(int k) const {
    std::lock_guard<std::mutex> g(mu_);
    auto it = m_.find(k);
    return it == m_.end() ? 0 : it->second;
  }

  int getUnlocked(int k) const {
    auto it = m_.find(k);
    if (it == m_.end())
      return -1;
    return it->second;
  }

private:
  mutable std::mutex mu_;
  std::map<int, int> m_;
};

// The key is found, then the whole container is replaced.
void replaceWhole(int k) {
  if (g_a.count(k))
    return;
  g_a = g_b;
}

// A check with no act.
int countOnly(int k) { return static_cast<int>(g_a.count(k)); }

// --- construction and the other instance -------------------------------------------------

// A constructor or destructor runs before the object is published / after the last user
// is gone: its members are not shared yet (no longer), even in a class with a mutex.
class Seeded {
public:
  Seeded() {
    if (!m_.count(0))
      m_[0] = compute(0);
    if (!p_)
      p_ = std::make_unique<int>(1);
  }
  ~Seeded() {
    if (m_.find(-1) == m_.end())
      m_.emplace(-1, 0);
  }

  // Another instance's map is a different container than this one's.
  void mergeFrom(const Seeded &other, int k) {
    std::lock_guard<std::mutex> g(mu_);
    if (!other.m_.count(k))
      m_[k] = 2;
  }

private:
  std::mutex mu_;
  std::map<int, int> m_;
  std::unique_ptr<int> p_;
};

// Erase then insert: no check decides the insertion.
void eraseThenInsert(int k) {
  g_a.erase(k);
  g_a[k] = 3;
}

// A filter loop over a shared vector, appending to a local one.
std::vector<int> g_values;

std::vector<int> filterIntoLocal() {
  std::vector<int> out;
  for (int x : g_values)
    if (x > 0)
      out.push_back(x);
  return out;
}

