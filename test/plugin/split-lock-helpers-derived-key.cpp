// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
//
// A helper whose key is derived from its argument (`txn->name()`), an
// override of an interface, and an `assert` check in another section before
// its locked insert: the caller's `name_ = n; db->add(this);` is the act at
// key `n`.

#define assert(x) ((x) ? (void)0 : __builtin_abort())
#include <map>
#include <mutex>
#include <string>

struct Txn;
struct DB {
  virtual ~DB() = default;
  virtual Txn *byName(const std::string &n) = 0;
};

struct Txn {
  std::string name() const { return name_; }
  bool setName(const std::string &n);
  bool setOther(const std::string &n, const std::string &m);
  std::string name_;
  struct TxnDB *db_ = nullptr;
};

struct TxnDB : DB {
  Txn *byName(const std::string &n) override {
    std::lock_guard<std::mutex> g(mu_);
    auto it = txns_.find(n);
    return it == txns_.end() ? nullptr : it->second;
  }
  void add(Txn *t) {
    assert(byName(t->name()) == nullptr);
    std::lock_guard<std::mutex> g(mu_);
    txns_[t->name()] = t;
  }
  std::mutex mu_;
  std::map<std::string, Txn *> txns_;
};

// Positive: the act's key is this->name(), which is name_, set to n.
bool Txn::setName(const std::string &n) {
  if (db_->byName(n) != nullptr)
  // CHECK: :[[@LINE-1]]:7: warning: check-then-act race on shared 'db_->txns_'{{.*}}[cta-split-lock]
  // CHECK-NEXT: note: check of 'db_->txns_' here
    return false;
  name_ = n;
  db_->add(this);
  // CHECK-NEXT: :[[@LINE-1]]:3: note: act on 'db_->txns_' here
  // CHECK-NEXT: note: use one critical section
  return true;
}

// Negative: name_ is set to another key than the one checked.
bool Txn::setOther(const std::string &n, const std::string &m) {
  if (db_->byName(n) != nullptr)
    return false;
  name_ = m;
  db_->add(this);
  return true;
}
