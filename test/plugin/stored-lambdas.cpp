// RUN: %clang_cta -fsyntax-only -std=c++17 %s 2>&1 | %check_strict %s
//
// A lambda outside any function body is a function of its own, stored to be
// called later: a default member initializer, a constructor's member
// initializer, a namespace-scope variable's initializer. Its check-then-acts
// are judged like those of a method of the class whose `this` it captures.

#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>

//===----------------------------------------------------------------------===//
// Positive.
//===----------------------------------------------------------------------===//

class Hooks {
  std::mutex Mu;
  std::map<int, int> M;

public:
  std::function<void(int)> Add = [this](int K) {
    {
      std::lock_guard<std::mutex> L(Mu);
      if (M.find(K) != M.end())
      // CHECK: :[[@LINE-1]]:11: warning: check-then-act race on shared 'M': checked under one lock and changed under another without a re-check [cta-split-lock]
      // CHECK: :[[@LINE-2]]:11: note: check of 'M' here
        return;
    }
    std::lock_guard<std::mutex> L(Mu);
    M.emplace(K, 2);
    // CHECK: :[[@LINE-1]]:5: note: act on 'M' here
    // CHECK: note: use {{.+}}
  };
};

class Registry {
public:
  Registry()
      : Register([this](const std::string &Name) {
          std::unique_lock<std::mutex> L(Mu);
          bool Known = Names.count(Name) != 0;
          // CHECK: :[[@LINE-1]]:24: warning: check-then-act race on shared 'Names': checked under one lock and changed under another without a re-check [cta-split-lock]
          // CHECK: :[[@LINE-2]]:24: note: check of 'Names' here
          L.unlock();
          if (Known)
            return false;
          L.lock();
          Names.insert(Name);
          // CHECK: :[[@LINE-1]]:11: note: act on 'Names' here
          // CHECK: note: use {{.+}}
          return true;
        }) {}
  std::function<bool(const std::string &)> Register;

private:
  std::mutex Mu;
  std::set<std::string> Names;
};

static std::mutex GMu;
static std::map<std::string, int> GCache;

std::function<int(const std::string &)> Lookup = [](const std::string &K) {
  {
    std::lock_guard<std::mutex> L(GMu);
    auto It = GCache.find(K);
    // CHECK: :[[@LINE-1]]:15: warning: check-then-act race on shared 'GCache': checked under one lock and changed under another without a re-check [cta-split-lock]
    // CHECK: :[[@LINE-2]]:15: note: check of 'GCache' here
    if (It != GCache.end())
      return It->second;
  }
  std::lock_guard<std::mutex> L(GMu);
  GCache[K] = 1;
  // CHECK: :[[@LINE-1]]:3: note: act on 'GCache' here
  // CHECK: note: use {{.+}}
  return 1;
};

//===----------------------------------------------------------------------===//
// Negative.
//===----------------------------------------------------------------------===//

class OneLock {
  std::mutex Mu;
  std::map<int, int> M;

public:
  // One critical section over the check and the act.
  std::function<void(int)> Add = [this](int K) {
    std::lock_guard<std::mutex> L(Mu);
    if (M.find(K) == M.end())
      M.emplace(K, 1);
  };
  // The act re-checks under the second lock and its result decides.
  std::function<bool(int)> Adopt = [this](int K) {
    {
      std::lock_guard<std::mutex> L(Mu);
      if (M.count(K))
        return false;
    }
    std::lock_guard<std::mutex> L(Mu);
    return M.try_emplace(K, 2).second;
  };
};

// A lambda nested in a stored lambda is found once, through the outer body.
class Nested {
  std::mutex Mu;
  std::map<int, int> M;

public:
  std::function<void(int)> Outer = [this](int K) {
    auto Inner = [this, K] {
      std::lock_guard<std::mutex> L(Mu);
      if (!M.count(K))
        M[K] = 1;
    };
    Inner();
  };
};

// Lambdas with nothing to check: captureless constants, a comparator.
std::function<int()> Zero = [] { return 0; };
auto ByLength = [](const std::string &A, const std::string &B) {
  return A.size() < B.size();
};
