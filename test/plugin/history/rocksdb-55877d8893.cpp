// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
// XFAIL: *
//
// History case rocksdb 55877d8893 ("Make transaction name conflict check
// more robust"): naming a transaction asked the registry whether the name
// was taken (a find under the registry's lock) and then registered it
// (operator[] under the lock again). Two transactions both see the name
// free and both take it. The fix makes the registration itself the check:
// insert(...).second under one lock.
//
// KNOWN MISS (expected to fail until cta models it): the check and the act
// are in two helpers of another class, each locking on its own. Helper
// summaries pair a locked lookup keyed by a parameter with a locked insert
// keyed by a parameter, but the insert here is keyed by a value derived
// from its argument (`t->name`), which equals the lookup's key only through
// the caller's earlier store; in the real code the helpers are also
// defined in another translation unit. When this starts passing, remove
// the XFAIL and pin the exact diagnostic. Same shape, own code.

#include <map>
#include <mutex>
#include <string>

class Txn;

class Registry {
public:
  Txn *byName(const std::string &name) {
    std::lock_guard<std::mutex> g(mu_);
    auto it = byName_.find(name);
    return it == byName_.end() ? nullptr : it->second;
  }
  void add(const std::string &name, Txn *t) {
    std::lock_guard<std::mutex> g(mu_);
    byName_[name] = t;
  }
  bool tryAdd(const std::string &name, Txn *t) {
    std::lock_guard<std::mutex> g(mu_);
    return byName_.insert({name, t}).second;
  }

private:
  std::mutex mu_;
  std::map<std::string, Txn *> byName_;
};

class Txn {
public:
  int setName(const std::string &name) {
    if (reg_->byName(name) != nullptr)
    // CHECK: :[[@LINE-1]]:{{[0-9]+}}: warning: check-then-act race on shared 'byName_'{{.*}} [cta-split-lock]
      return -1;
    name_ = name;
    reg_->add(name, this);
    return 0;
  }

  // The fix: the insert decides.
  int setNameOnce(const std::string &name) {
    if (!reg_->tryAdd(name, this))
      return -1;
    name_ = name;
    return 0;
  }

private:
  Registry *reg_ = nullptr;
  std::string name_;
};
