// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
//
// History case rocksdb 55877d8893 ("Make transaction name conflict check
// more robust"): naming a transaction asked the registry whether the name
// was taken (a find under the registry's lock) and then registered it
// (operator[] under the lock again). Two transactions both see the name
// free and both take it. The fix makes the registration itself the check:
// insert(...).second under one lock.
//
// The check and the act are two helpers of another class, each locking on
// its own. The helper summaries make the lookup's call the check and the
// registration's call the act; the registration is keyed by a value derived
// from its argument (`t->name()`, the member the caller set just before),
// which is the caller's `name`. In the real code the helpers are defined in
// another translation unit (test/lint/helpers-across-tus.test covers that
// path; bench/history lints both files). Same shape, own code.

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
  void add(Txn *t);
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
  const std::string &name() const { return name_; }

  int setName(const std::string &name) {
    if (reg_->byName(name) != nullptr)
      // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'reg_->byName_': checked under one lock and changed under another without a re-check [cta-split-lock]
      // CHECK-NEXT: :[[@LINE-2]]:9: note: check of 'reg_->byName_' here; shared because 'Registry' has the synchronization member 'mu_' (high confidence)
      return -1;
    name_ = name;
    reg_->add(this);
    // CHECK-NEXT: :[[@LINE-1]]:5: note: act on 'reg_->byName_' here
    // CHECK-NEXT: :[[@LINE-2]]:5: note: use one critical section for the check and the act, or re-check under the second lock
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

void Registry::add(Txn *t) {
  std::lock_guard<std::mutex> g(mu_);
  byName_[t->name()] = t;
}
