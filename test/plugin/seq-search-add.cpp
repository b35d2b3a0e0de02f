// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
//
// cta-seq-search-add: a linear search of a shared sequence (std::find, find_if, any_of,
// none_of, count, count_if, or a hand-written loop) and then an append of the element
// it did not find (push_back, emplace_back, insert, push_front, emplace_front).
// The warning sits at the start of the search: the `std::` of the algorithm call, or
// the `for` of a search loop.

#include <algorithm>
#include <cstddef>
#include <deque>
#include <iterator>
#include <list>
#include <mutex>
#include <string>
#include <vector>

struct Handler {
  std::string name;
  int id;
};

std::vector<int> g_ids;
std::vector<Handler> g_handlers;
std::deque<int> g_queue;
std::list<std::string> g_names;

void findThenPushBack(int id) {
  if (std::find(g_ids.begin(), g_ids.end(), id) == g_ids.end())
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_ids': 'std::find' then 'push_back' without one lock held across both [cta-seq-search-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_ids' here
    g_ids.push_back(id);
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_ids' here
  // CHECK: note: use {{.+}}
}

int findIteratorEarlyReturn(int id) {
  auto it = std::find(g_ids.begin(), g_ids.end(), id);
  // CHECK: :[[@LINE-1]]:13: warning: check-then-act race on shared 'g_ids': 'std::find' then 'push_back' without one lock held across both [cta-seq-search-add]
  // CHECK: :[[@LINE-2]]:13: note: check of 'g_ids' here
  if (it != g_ids.end())
    return *it;
  g_ids.push_back(id);
  // CHECK: :[[@LINE-1]]:3: note: act on 'g_ids' here
  // CHECK: note: use {{.+}}
  return id;
}

void findFreeBeginEnd(int id) {
  if (std::find(std::begin(g_ids), std::end(g_ids), id) == std::end(g_ids))
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_ids': 'std::find' then 'emplace_back' without one lock held across both [cta-seq-search-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_ids' here
    g_ids.emplace_back(id);
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_ids' here
  // CHECK: note: use {{.+}}
}

void findConstIteratorsInsertAtEnd(int id) {
  if (std::find(g_ids.cbegin(), g_ids.cend(), id) != g_ids.cend())
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_ids': 'std::find' then 'insert' without one lock held across both [cta-seq-search-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_ids' here
    return;
  g_ids.insert(g_ids.end(), id);
  // CHECK: :[[@LINE-1]]:3: note: act on 'g_ids' here
  // CHECK: note: use {{.+}}
}

Handler &findIfThenEmplaceBack(const std::string &name) {
  auto it = std::find_if(g_handlers.begin(), g_handlers.end(),
  // CHECK: :[[@LINE-1]]:13: warning: check-then-act race on shared 'g_handlers': 'std::find_if' then 'emplace_back' without one lock held across both [cta-seq-search-add]
  // CHECK: :[[@LINE-2]]:13: note: check of 'g_handlers' here
                         [&](const Handler &h) { return h.name == name; });
  if (it != g_handlers.end())
    return *it;
  return g_handlers.emplace_back(Handler{name, 0});
  // CHECK: :[[@LINE-1]]:10: note: act on 'g_handlers' here
  // CHECK: note: use {{.+}}
}

void anyOfNegated(const std::string &name) {
  if (!std::any_of(g_handlers.begin(), g_handlers.end(),
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_handlers': 'std::any_of' then 'push_back' without one lock held across both [cta-seq-search-add]
  // CHECK: :[[@LINE-2]]:8: note: check of 'g_handlers' here
                   [&](const Handler &h) { return h.name == name; }))
    g_handlers.push_back(Handler{name, 1});
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_handlers' here
  // CHECK: note: use {{.+}}
}

void noneOf(int id) {
  if (std::none_of(g_handlers.begin(), g_handlers.end(),
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_handlers': 'std::none_of' then 'push_back' without one lock held across both [cta-seq-search-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_handlers' here
                   [id](const Handler &h) { return h.id == id; }))
    g_handlers.push_back(Handler{"anon", id});
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_handlers' here
  // CHECK: note: use {{.+}}
}

void countEqualsZero(int id) {
  if (std::count(g_ids.begin(), g_ids.end(), id) == 0)
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_ids': 'std::count' then 'push_back' without one lock held across both [cta-seq-search-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_ids' here
    g_ids.push_back(id);
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_ids' here
  // CHECK: note: use {{.+}}
}

void countIfNegated(int id) {
  if (!std::count_if(g_handlers.begin(), g_handlers.end(),
  // CHECK: :[[@LINE-1]]:8: warning: check-then-act race on shared 'g_handlers': 'std::count_if' then 'emplace_back' without one lock held across both [cta-seq-search-add]
  // CHECK: :[[@LINE-2]]:8: note: check of 'g_handlers' here
                     [id](const Handler &h) { return h.id == id; }))
    g_handlers.emplace_back(Handler{"anon", id});
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_handlers' here
  // CHECK: note: use {{.+}}
}

//===----------------------------------------------------------------------===//
// std::deque and std::list (the latter in libstdc++'s inline namespace __cxx11).
//===----------------------------------------------------------------------===//

void dequePushFront(int id) {
  if (std::find(g_queue.begin(), g_queue.end(), id) == g_queue.end())
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_queue': 'std::find' then 'push_front' without one lock held across both [cta-seq-search-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_queue' here
    g_queue.push_front(id);
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_queue' here
  // CHECK: note: use {{.+}}
}

void dequeEmplaceBack(int id) {
  if (std::count(g_queue.begin(), g_queue.end(), id) > 0)
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_queue': 'std::count' then 'emplace_back' without one lock held across both [cta-seq-search-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_queue' here
    return;
  g_queue.emplace_back(id);
  // CHECK: :[[@LINE-1]]:3: note: act on 'g_queue' here
  // CHECK: note: use {{.+}}
}

void listPushBack(const std::string &name) {
  if (std::find(g_names.begin(), g_names.end(), name) == g_names.end())
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_names': 'std::find' then 'push_back' without one lock held across both [cta-seq-search-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_names' here
    g_names.push_back(name);
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_names' here
  // CHECK: note: use {{.+}}
}

void listEmplaceFront(const std::string &name) {
  if (std::none_of(g_names.begin(), g_names.end(),
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'g_names': 'std::none_of' then 'emplace_front' without one lock held across both [cta-seq-search-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'g_names' here
                   [&](const std::string &n) { return n == name; }))
    g_names.emplace_front(name);
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_names' here
  // CHECK: note: use {{.+}}
}

//===----------------------------------------------------------------------===//
// Hand-written search loops.
//===----------------------------------------------------------------------===//

Handler &loopReturnOnHit(const std::string &name) {
  for (auto &h : g_handlers)
  // CHECK: :[[@LINE-1]]:3: warning: check-then-act race on shared 'g_handlers': 'search loop' then 'push_back' without one lock held across both [cta-seq-search-add]
  // CHECK: :[[@LINE-2]]:3: note: check of 'g_handlers' here
    if (h.name == name)
      return h;
  g_handlers.push_back(Handler{name, 2});
  // CHECK: :[[@LINE-1]]:3: note: act on 'g_handlers' here
  // CHECK: note: use {{.+}}
  return g_handlers.back();
}

void loopFoundFlag(int id) {
  bool found = false;
  for (const auto &h : g_handlers) {
  // CHECK: :[[@LINE-1]]:3: warning: check-then-act race on shared 'g_handlers': 'search loop' then 'push_back' without one lock held across both [cta-seq-search-add]
  // CHECK: :[[@LINE-2]]:3: note: check of 'g_handlers' here
    if (h.id == id) {
      found = true;
      break;
    }
  }
  if (!found)
    g_handlers.push_back(Handler{"anon", id});
  // CHECK: :[[@LINE-1]]:5: note: act on 'g_handlers' here
  // CHECK: note: use {{.+}}
}

void loopIndex(int id) {
  for (std::size_t i = 0; i < g_ids.size(); ++i)
  // CHECK: :[[@LINE-1]]:3: warning: check-then-act race on shared 'g_ids': 'search loop' then 'push_back' without one lock held across both [cta-seq-search-add]
  // CHECK: :[[@LINE-2]]:3: note: check of 'g_ids' here
    if (g_ids[i] == id)
      return;
  g_ids.push_back(id);
  // CHECK: :[[@LINE-1]]:3: note: act on 'g_ids' here
  // CHECK: note: use {{.+}}
}

void loopOnOneLine(int id) {
  for (int x : g_ids) if (x == id) return;
  // CHECK: :[[@LINE-1]]:3: warning: check-then-act race on shared 'g_ids': 'search loop' then 'emplace_back' without one lock held across both [cta-seq-search-add]
  // CHECK: :[[@LINE-2]]:3: note: check of 'g_ids' here
  g_ids.emplace_back(id);
  // CHECK: :[[@LINE-1]]:3: note: act on 'g_ids' here
  // CHECK: note: use {{.+}}
}

void loopIterators(const std::string &name) {
  for (auto it = g_names.begin(); it != g_names.end(); ++it)
  // CHECK: :[[@LINE-1]]:3: warning: check-then-act race on shared 'g_names': 'search loop' then 'push_back' without one lock held across both [cta-seq-search-add]
  // CHECK: :[[@LINE-2]]:3: note: check of 'g_names' here
    if (*it == name)
      return;
  g_names.push_back(name);
  // CHECK: :[[@LINE-1]]:3: note: act on 'g_names' here
  // CHECK: note: use {{.+}}
}

//===----------------------------------------------------------------------===//
// Members and statics.
//===----------------------------------------------------------------------===//

class Registry {
public:
  void add(const std::string &name) {
    if (std::find_if(handlers_.begin(), handlers_.end(),
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'handlers_': 'std::find_if' then 'push_back' without one lock held across both [cta-seq-search-add]
    // CHECK: :[[@LINE-2]]:9: note: check of 'handlers_' here
                     [&](const Handler &h) { return h.name == name; }) != handlers_.end())
      return;
    handlers_.push_back(Handler{name, 3});
    // CHECK: :[[@LINE-1]]:5: note: act on 'handlers_' here
    // CHECK: note: use {{.+}}
  }

  void addThisArrow(int id) {
    for (auto &h : this->handlers_)
    // CHECK: :[[@LINE-1]]:5: warning: check-then-act race on shared 'this->handlers_': 'search loop' then 'emplace_back' without one lock held across both [cta-seq-search-add]
    // CHECK: :[[@LINE-2]]:5: note: check of 'this->handlers_' here
      if (h.id == id)
        return;
    this->handlers_.emplace_back(Handler{"anon", id});
    // CHECK: :[[@LINE-1]]:5: note: act on 'this->handlers_' here
    // CHECK: note: use {{.+}}
  }

  static void addStatic(int id) {
    if (std::find(ids_.begin(), ids_.end(), id) == ids_.end())
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'ids_': 'std::find' then 'push_back' without one lock held across both [cta-seq-search-add]
    // CHECK: :[[@LINE-2]]:9: note: check of 'ids_' here
      ids_.push_back(id);
    // CHECK: :[[@LINE-1]]:7: note: act on 'ids_' here
    // CHECK: note: use {{.+}}
  }

  // Negative: search and append under one lock.
  void addLocked(const std::string &name) {
    std::lock_guard<std::mutex> g(mu_);
    for (auto &h : handlers_)
      if (h.name == name)
        return;
    handlers_.push_back(Handler{name, 4});
  }

  // Negative: one lock, algorithm form.
  void addLockedAlgorithm(int id) {
    std::unique_lock<std::mutex> l(mu_);
    if (std::find(ids_.begin(), ids_.end(), id) == ids_.end())
      ids_.push_back(id);
  }

private:
  std::mutex mu_;
  std::vector<Handler> handlers_;
  static std::vector<int> ids_;
};

void functionLocalStatic(int id) {
  static std::vector<int> seen;
  if (std::find(seen.begin(), seen.end(), id) == seen.end())
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'seen': 'std::find' then 'push_back' without one lock held across both [cta-seq-search-add]
  // CHECK: :[[@LINE-2]]:7: note: check of 'seen' here
    seen.push_back(id);
  // CHECK: :[[@LINE-1]]:5: note: act on 'seen' here
  // CHECK: note: use {{.+}}
}

//===----------------------------------------------------------------------===//
// Negative.
//===----------------------------------------------------------------------===//

// A local vector.
std::vector<int> localVector(const std::vector<int> &in) {
  std::vector<int> out;
  for (int x : in)
    if (std::find(out.begin(), out.end(), x) == out.end())
      out.push_back(x);
  return out;
}

// Searching one sequence, appending to another.
std::vector<int> g_other;

void differentSequences(int id) {
  if (std::find(g_ids.begin(), g_ids.end(), id) == g_ids.end())
    g_other.push_back(id);
}

// A loop that is not a search: it reads every element and never exits early.
void loopNotASearch() {
  int total = 0;
  for (int x : g_ids)
    total += x;
  g_ids.push_back(total);
}

// An append with no search before it.
void appendOnly(int id) { g_ids.push_back(id); }

// The append happens where the element WAS found: not an add-if-absent.
void appendOnHit(int id) {
  if (std::find(g_ids.begin(), g_ids.end(), id) != g_ids.end())
    g_ids.push_back(id);
}
