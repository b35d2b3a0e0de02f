// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
//
// The sharing policy (DESIGN section 4), positive side: one case per reason an object
// counts as shared. A non-static member is shared when its class shows concurrency
// intent: a mutex / shared_mutex / absl::Mutex / std::atomic / std::thread member, or
// any method that takes a lock. A local is shared when captured by reference into
// std::thread / std::jthread / std::async.

#include <absl/synchronization/mutex.h>
#include <atomic>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

int compute(int K);

// --- Concurrency intent through a member ---------------------------------------------

class WithSharedMutex {
public:
  void add(int k) {
    if (!m_.count(k))
    // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'm_': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
    // CHECK: :[[@LINE-2]]:10: note: check of 'm_' here
      m_[k] = compute(k);
    // CHECK: :[[@LINE-1]]:7: note: act on 'm_' here
    // CHECK: note: use {{.+}}
  }

private:
  std::shared_mutex rw_;
  std::map<int, int> m_;
};

class WithAbslMutex {
public:
  void add(int k) {
    if (m_.find(k) == m_.end())
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'm_': 'find' then 'emplace' without one lock held across both [cta-map-get-or-add]
    // CHECK: :[[@LINE-2]]:9: note: check of 'm_' here
      m_.emplace(k, compute(k));
    // CHECK: :[[@LINE-1]]:7: note: act on 'm_' here
    // CHECK: note: use {{.+}}
  }

private:
  absl::Mutex mu_;
  std::map<int, int> m_;
};

class WithAtomic {
public:
  void add(int k) {
    if (!m_.count(k))
    // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'm_': 'count' then 'insert' without one lock held across both [cta-map-get-or-add]
    // CHECK: :[[@LINE-2]]:10: note: check of 'm_' here
      m_.insert({k, compute(k)});
    // CHECK: :[[@LINE-1]]:7: note: act on 'm_' here
    // CHECK: note: use {{.+}}
    hits_++;
  }

private:
  std::atomic<int> hits_{0};
  std::map<int, int> m_;
};

class WithThread {
public:
  void add(int k) {
    if (!m_.count(k))
    // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'm_': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
    // CHECK: :[[@LINE-2]]:10: note: check of 'm_' here
      m_[k] = compute(k);
    // CHECK: :[[@LINE-1]]:7: note: act on 'm_' here
    // CHECK: note: use {{.+}}
  }

private:
  std::thread worker_;
  std::map<int, int> m_;
};

class WithRecursiveMutex {
public:
  void add(int k) {
    if (!m_.count(k))
    // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'm_': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
    // CHECK: :[[@LINE-2]]:10: note: check of 'm_' here
      m_[k] = compute(k);
    // CHECK: :[[@LINE-1]]:7: note: act on 'm_' here
    // CHECK: note: use {{.+}}
  }

private:
  std::recursive_mutex mu_;
  std::map<int, int> m_;
};

// --- Concurrency intent through a method that takes a lock ---------------------------

std::mutex g_mu;

class LocksInAnotherMethod {
public:
  void clear() {
    std::lock_guard<std::mutex> g(g_mu);
    m_.clear();
  }

  void add(int k) {
    if (m_.count(k) == 0)
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'm_': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
    // CHECK: :[[@LINE-2]]:9: note: check of 'm_' here
      m_[k] = compute(k);
    // CHECK: :[[@LINE-1]]:7: note: act on 'm_' here
    // CHECK: note: use {{.+}}
  }

private:
  std::map<int, int> m_;
};

// A method defined out of line, a class whose other method locks manually.
class LocksManually {
public:
  void drain();
  void add(int k);

private:
  std::map<int, int> m_;
};

void LocksManually::drain() {
  g_mu.lock();
  m_.clear();
  g_mu.unlock();
}

void LocksManually::add(int k) {
  if (m_.find(k) == m_.end())
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'm_': 'find' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'm_' here
    m_[k] = compute(k);
  // CHECK: :[[@LINE-1]]:5: note: act on 'm_' here
  // CHECK: note: use {{.+}}
}

// A class template with a mutex: one warning, not one per instantiation.
template <class K> class Memo {
public:
  void add(const K &k) {
    if (!m_.count(k))
    // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'm_': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
    // CHECK: :[[@LINE-2]]:10: note: check of 'm_' here
      m_[k] = 1;
    // CHECK: :[[@LINE-1]]:7: note: act on 'm_' here
    // CHECK: note: use {{.+}}
  }

private:
  std::mutex mu_;
  std::map<K, int> m_;
};
template class Memo<int>;
template class Memo<std::string>;

// --- Locals captured by reference into a thread ---------------------------------------

void capturedByRefIntoThread(int k) {
  std::map<int, int> m;
  std::thread t([&m] { m.clear(); });
  if (!m.count(k))
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'm': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:8: note: check of 'm' here
    m[k] = compute(k);
  // CHECK: :[[@LINE-1]]:5: note: act on 'm' here
  // CHECK: note: use {{.+}}
  t.join();
}

void capturedByDefaultRefIntoJthread(int k) {
  std::set<int> s;
  std::jthread t([&] { s.insert(0); });
  if (s.find(k) == s.end())
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 's': 'find' then 'insert' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 's' here
    s.insert(k);
  // CHECK: :[[@LINE-1]]:5: note: act on 's' here
  // CHECK: note: use {{.+}}
}

void capturedByRefIntoAsync(int k) {
  std::unordered_map<int, int> m;
  auto f = std::async(std::launch::async, [&m] { return m.size(); });
  if (m.count(k) == 0)
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'm': 'count' then 'emplace' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'm' here
    m.emplace(k, 1);
  // CHECK: :[[@LINE-1]]:5: note: act on 'm' here
  // CHECK: note: use {{.+}}
  f.get();
}

// Threads a container constructs in place: `pool.emplace_back(lambda)`.
void capturedByRefIntoEmplacedThreads(int n) {
  std::map<int, int> m;
  std::vector<std::thread> pool;
  for (int i = 0; i < n; ++i)
    pool.emplace_back([&m, i] {
      if (!m.count(i))
      // CHECK: :[[@LINE-1]]:12: warning: check-then-act race on shared 'm': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
      // CHECK: :[[@LINE-2]]:12: note: check of 'm' here
        m[i] = compute(i);
      // CHECK: :[[@LINE-1]]:9: note: act on 'm' here
      // CHECK: note: use {{.+}}
    });
  for (std::thread &t : pool)
    t.join();
}

// Passed to the thread with std::ref: a reference, just like a by-reference capture.
void passedByStdRefToThread(int k) {
  std::map<int, int> m;
  std::thread t([](std::map<int, int> &r) { r.clear(); }, std::ref(m));
  if (!m.count(k))
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'm': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
  // CHECK: :[[@LINE-2]]:8: note: check of 'm' here
    m[k] = 2;
  // CHECK: :[[@LINE-1]]:5: note: act on 'm' here
  // CHECK: note: use {{.+}}
  t.join();
}

// The check-then-act inside the thread's lambda, on a by-reference capture.
void insideThreadLambda(int k) {
  std::map<int, int> m;
  std::thread t([&m, k] {
    if (!m.count(k))
    // CHECK: :[[@LINE-1]]:10: warning: check-then-act race on shared 'm': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
    // CHECK: :[[@LINE-2]]:10: note: check of 'm' here
      m[k] = 3;
    // CHECK: :[[@LINE-1]]:7: note: act on 'm' here
    // CHECK: note: use {{.+}}
  });
  t.join();
}

// A lambda in a method of a concurrent class: the captured `this` reaches shared state.
class WithLambda {
public:
  void addAll(int n) {
    auto add = [this](int k) {
      if (!m_.count(k))
      // CHECK: :[[@LINE-1]]:12: warning: check-then-act race on shared 'm_': 'count' then 'operator[]' without one lock held across both [cta-map-get-or-add]
      // CHECK: :[[@LINE-2]]:12: note: check of 'm_' here
        m_[k] = compute(k);
      // CHECK: :[[@LINE-1]]:9: note: act on 'm_' here
      // CHECK: note: use {{.+}}
    };
    for (int i = 0; i < n; ++i)
      add(i);
  }

private:
  std::mutex mu_;
  std::map<int, int> m_;
};

