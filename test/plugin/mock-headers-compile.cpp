// RUN: %clang_mock -fsyntax-only -Wall -Wextra -Wthread-safety -Werror %s
// RUN: %clang_mock -std=c++20 -fsyntax-only -Wall -Wextra -Wthread-safety -Werror %s
// RUN: %clang_cta -std=c++20 -fsyntax-only %s > %t.out 2>&1
//
// The mock headers in test/Inputs/mock compile, with every API the tests rely on, in
// C++17 and C++20; and the plugin gets through all of it without an error or a crash
// (the last RUN fails on a non-zero exit status; its warnings are not checked here).

#include "absl/base/call_once.h"
#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/node_hash_map.h"
#include "absl/container/node_hash_set.h"
#include "absl/synchronization/mutex.h"
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <iterator>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <queue>
#include <set>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

struct W {
  explicit W(int);
  W();
  std::string name;
  int id;
};

template <class M> void mapOps(M &m, const typename M::key_type &k, typename M::mapped_type v) {
  auto it = m.find(k);
  if (it == m.end())
    m[k] = v;
  if (it != m.end())
    (void)it->second;
  if (!m.count(k))
    m.insert({k, v});
  if (m.count(k) == 0)
    m.insert(std::make_pair(k, v));
  if (m.count(k) > 0)
    (void)m.at(k);
  if (auto j = m.find(k); j == m.end())
    m.emplace(k, v);
  auto r = m.equal_range(k);
  if (r.first == r.second)
    m.emplace_hint(m.end(), k, v);
  auto [pos, inserted] = m.try_emplace(k, v);
  (void)pos;
  (void)inserted;
  m.insert_or_assign(k, v);
  m.erase(k);
  m.erase(m.find(k));
  (void)m.extract(k);
  if (m.empty())
    m.clear();
  (void)m.size();
  for (auto &kv : m)
    (void)kv.second;
  const M &cm = m;
  if (cm.find(k) == cm.end())
    (void)cm.count(k);
  (void)m.cbegin();
  (void)m.cend();
  typename M::const_iterator ci = m.find(k);
  if (ci == m.end()) {
  }
#if __cplusplus > 201703L
  if (!m.contains(k))
    m[k] = v;
#endif
}
template <class M> void ordered(M &m, const typename M::key_type &k) {
  auto lb = m.lower_bound(k);
  if (lb == m.end())
    (void)m.upper_bound(k);
}
template <class S> void setOps(S &s, const typename S::key_type &x) {
  if (!s.count(x))
    s.insert(x);
  if (s.find(x) == s.end())
    s.emplace(x);
  auto [it, ok] = s.insert(x);
  (void)it;
  (void)ok;
  s.erase(x);
  s.erase(s.find(x));
  (void)s.extract(x);
  (void)s.equal_range(x);
  s.emplace_hint(s.end(), x);
#if __cplusplus > 201703L
  if (!s.contains(x))
    s.insert(x);
#endif
}
template <class A> void absSet(A &s, const typename A::key_type &x) {
  if (!s.contains(x))
    s.insert(x);
  setOps(s, x);
}
template <class A> void absMap(A &m, const typename A::key_type &k, typename A::mapped_type v) {
  if (!m.contains(k))
    m[k] = v;
  mapOps(m, k, v);
}

struct Mu {
  std::mutex mu;
  std::recursive_mutex rmu;
  std::timed_mutex tmu;
  std::recursive_timed_mutex rtmu;
  std::shared_mutex smu;
  std::shared_timed_mutex stmu;
  absl::Mutex amu;
  int x ABSL_GUARDED_BY(amu) = 0;
  std::atomic<int> a{0};
  std::atomic<W *> p{nullptr};
  std::once_flag once;
  absl::once_flag aonce;
  void needs() ABSL_EXCLUSIVE_LOCKS_REQUIRED(amu) { x = 1; }
  void excl() ABSL_LOCKS_EXCLUDED(amu);
  void run() {
    { std::lock_guard<std::mutex> g(mu); }
    { std::lock_guard g(mu); }
    { std::lock_guard<std::mutex> g(mu, std::adopt_lock); }
    {
      std::unique_lock<std::mutex> l(mu);
      l.unlock();
      l.lock();
      (void)l.owns_lock();
      if (l) {
      }
    }
    {
      std::unique_lock<std::mutex> l(mu, std::defer_lock);
      l.lock();
    }
    { std::unique_lock<std::mutex> l(mu, std::try_to_lock); }
    { std::scoped_lock l(mu, rmu); }
    { std::scoped_lock<std::mutex> l(mu); }
    { std::lock_guard<std::recursive_mutex> g(rmu); }
    { std::lock_guard<std::timed_mutex> g(tmu); }
    { std::unique_lock<std::recursive_timed_mutex> g(rtmu); }
    {
      std::shared_lock<std::shared_mutex> l(smu);
      l.unlock();
    }
    { std::shared_lock l(stmu); }
    { std::unique_lock<std::shared_mutex> l(smu); }
    { std::lock_guard<std::shared_mutex> l(smu); }
    mu.lock();
    mu.unlock();
    (void)mu.try_lock();
    smu.lock_shared();
    smu.unlock_shared();
    {
      absl::MutexLock l(&amu);
      needs();
    }
    { absl::ReaderMutexLock l(&amu); }
    { absl::WriterMutexLock l(&amu); }
    amu.Lock();
    amu.AssertHeld();
    amu.Unlock();
    amu.ReaderLock();
    amu.ReaderUnlock();
    amu.WriterLock();
    amu.WriterUnlock();
    { std::lock_guard<absl::Mutex> g(amu); }
    int v = a.load(std::memory_order_acquire);
    a.store(v + 1, std::memory_order_release);
    (void)a.exchange(3);
    int e = 0;
    while (!a.compare_exchange_weak(e, e + 1)) {
    }
    (void)a.compare_exchange_strong(e, 1, std::memory_order_acq_rel, std::memory_order_acquire);
    (void)a.fetch_add(1);
    int c = a;
    a = 4;
    ++a;
    a++;
    (void)c;
    W *w = p.load(std::memory_order_acquire);
    if (!w)
      p.store(new W(1), std::memory_order_release);
    std::call_once(once, [this] { a = 1; });
    std::call_once(
        once, [](int) {}, 3);
    absl::call_once(aonce, [this] { a = 2; });
  }
};

void everything() {
  std::map<std::string, int> m;
  mapOps(m, "k", 1);
  ordered(m, "k");
  std::multimap<int, int> mm;
  mm.insert({1, 2});
  mm.emplace(1, 2);
  (void)mm.count(1);
  ordered(mm, 1);
  std::unordered_map<std::string, std::shared_ptr<W>> um;
  mapOps(um, "k", nullptr);
  std::unordered_map<int, int> um2;
  mapOps(um2, 1, 2);
  std::unordered_multimap<int, int> umm;
  umm.insert({1, 2});
  std::set<int> s;
  setOps(s, 1);
  ordered(s, 1);
  std::multiset<int> ms;
  ms.insert(1);
  std::unordered_set<std::string> us;
  setOps(us, std::string("x"));
  std::unordered_multiset<int> ums;
  ums.insert(1);
  absl::flat_hash_map<std::string, int> fm;
  absMap(fm, "k", 1);
  absl::node_hash_map<int, std::unique_ptr<W>> nm;
  if (!nm.count(1))
    nm[1] = std::make_unique<W>(1);
  absl::node_hash_map<int, int> nm2;
  absMap(nm2, 1, 2);
  absl::flat_hash_set<int> fs;
  absSet(fs, 1);
  absl::node_hash_set<std::string> ns;
  absSet(ns, std::string("a"));
  fm.insert({"a", 1});
  fm.insert(std::make_pair(std::string("a"), 2));
  fs.insert(3);

  std::vector<W> v;
  std::vector<int> vi{1, 2, 3};
  if (std::find(vi.begin(), vi.end(), 3) == vi.end())
    vi.push_back(3);
  if (std::find_if(v.begin(), v.end(), [](const W &w) { return w.id == 1; }) == v.end())
    v.emplace_back(1);
  if (!std::any_of(v.begin(), v.end(), [](const W &w) { return w.name == "x"; }))
    v.push_back(W(2));
  if (std::none_of(std::begin(vi), std::end(vi), [](int i) { return i == 4; }))
    vi.insert(vi.end(), 4);
  if (std::all_of(vi.cbegin(), vi.cend(), [](int i) { return i > 0; })) {
  }
  if (std::count(vi.begin(), vi.end(), 3) == 0)
    vi.push_back(3);
  if (std::count_if(vi.begin(), vi.end(), [](int i) { return i > 3; }) > 0) {
  }
  (void)std::find_if_not(vi.begin(), vi.end(), [](int) { return true; });
  for (auto &w : v)
    if (w.name == "x")
      return;
  for (std::size_t i = 0; i < v.size(); ++i)
    if (v[i].id == 2)
      return;
  bool found = false;
  for (const auto &w : v)
    if (w.id == 3) {
      found = true;
      break;
    }
  if (!found)
    v.push_back(W(3));
  int arr[3] = {1, 2, 3};
  (void)std::find(std::begin(arr), std::end(arr), 2);
  std::deque<int> d;
  if (std::find(d.begin(), d.end(), 1) == d.end()) {
    d.push_back(1);
    d.push_front(0);
    d.emplace_back(2);
    d.emplace_front(3);
  }
  d.insert(d.begin(), 5);
  (void)d.front();
  d.pop_front();
  std::list<std::string> l;
  if (std::find(l.begin(), l.end(), std::string("a")) == l.end()) {
    l.push_back("a");
    l.push_front("b");
    l.emplace_back("c");
    l.emplace_front("d");
  }
  l.insert(l.end(), std::string("e"));
  v.erase(v.begin());
  vi.insert(vi.begin(), 7);
  vi.emplace(vi.end(), 8);

  std::unique_ptr<W> up;
  if (!up)
    up = std::make_unique<W>(1);
  if (up == nullptr)
    up.reset(new W(2));
  if (up)
    (void)up->id;
  std::shared_ptr<W> sp;
  if (!sp)
    sp = std::make_shared<W>(1);
  if (sp == nullptr)
    sp.reset(new W(2));
  sp = std::shared_ptr<W>(new W(3));
  std::shared_ptr<W> sp2 = std::move(up);
  W *raw = up.get();
  (void)raw;

  int local = 0;
  std::thread t([&local] { ++local; });
  t.join();
  std::thread t2([](int x) { (void)x; }, 4);
  t2.detach();
  std::jthread jt([&] { ++local; });
  auto f = std::async([&m] { return m.size(); });
  (void)f.get();
  auto f2 = std::async(
      std::launch::async, [](int x) { return x; }, 1);
  (void)f2.get();
  std::thread t3([](std::map<std::string, int> &mr) { mr["a"] = 1; }, std::ref(m));
  t3.join();
  auto cr = std::cref(m);
  (void)cr.get();
  std::function<int(int)> fn = [](int x) { return x; };
  (void)fn(1);
  std::size_t h = std::hash<std::string>()("a");
  (void)h;
  std::string str = "abc";
  (void)str.c_str();
  (void)str.size();
  if (str == "abc" || str < std::string("b")) {
  }
  std::string_view sv = str;
  (void)sv.size();
  std::string s2(sv);
  std::pair<int, int> pr = std::make_pair(1, 2);
  auto pr2 = std::pair(1, 2.0);
  (void)pr;
  (void)pr2;
  std::optional<int> o;
  if (!o)
    o = 3;
  if (o.has_value())
    (void)*o;
  o.emplace(4);
  o.reset();
  if (o == std::nullopt) {
  }
  std::uint64_t u = 1;
  std::int32_t i32 = 2;
  std::ptrdiff_t pd = 0;
  std::nullptr_t np = nullptr;
  (void)u;
  (void)i32;
  (void)pd;
  (void)np;
  Mu mu;
  mu.run();
  thread_local std::map<int, int> tl;
  tl[1] = 2;
  std::queue<W> q;
  q.push(W(1));
  q.emplace(2);
  if (!q.empty()) {
    W w = std::move(q.front());
    (void)q.back();
    (void)w;
    q.pop();
  }
  std::stack<int> st;
  st.push(1);
  if (!st.empty())
    (void)st.top();
  st.pop();
  std::priority_queue<int> pq;
  pq.push(3);
  pq.emplace(4);
  (void)pq.top();
  (void)pq.size();
  pq.pop();
  std::deque<int> dq;
  dq.push_back(1);
  (void)dq.front();
  dq.pop_front();
  dq.pop_back();
  std::list<int> li;
  li.pop_front();
  li.pop_back();
}
int main() { everything(); }
std::once_flag gonce;
absl::once_flag gaonce;
W *gw;
void freeOnce() {
  std::call_once(gonce, [] { gw = new W(1); });
  absl::call_once(gaonce, [] { gw = new W(2); });
}
