// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
//
// History case drogon e8a6bdc2 ("Fix some race conditions"): a query was
// refused when the pending buffer was over its bound (tested under the
// buffer lock), and otherwise queued (push_back under the lock again). Two
// threads both see room and both queue: the bound is exceeded. The fix does
// the test and the push_back in one critical section. The bound reaches the
// push_back through a flag set under it (`full = true`). Same shape, own
// code.

#include <deque>
#include <memory>
#include <mutex>
#include <string>

struct Query {
  std::string sql;
};

class Client {
public:
  int submit(std::string sql) {
    bool full = false;
    {
      std::lock_guard<std::mutex> g(bufMu_);
      if (pending_.size() > kMaxPending)
      // CHECK: :[[@LINE-1]]:11: warning: check-then-act race on shared 'pending_': checked under one lock and changed under another without a re-check [cta-split-lock]
      // CHECK: :[[@LINE-2]]:11: note: check of 'pending_' here; shared because 'Client' has the synchronization member 'bufMu_' (high confidence)
        full = true;
    }
    if (full)
      return -1;
    auto q = std::make_shared<Query>(Query{std::move(sql)});
    {
      std::lock_guard<std::mutex> g(bufMu_);
      pending_.push_back(std::move(q));
      // CHECK: :[[@LINE-1]]:7: note: act on 'pending_' here
      // CHECK: :[[@LINE-2]]:7: note: test the size and change the container in one critical section, or test the bound again under the second lock
    }
    return 0;
  }

  // The fix: one section for the bound and the push_back.
  int submitOnce(std::string sql) {
    auto q = std::make_shared<Query>(Query{std::move(sql)});
    std::lock_guard<std::mutex> g(bufMu_);
    if (pending_.size() > kMaxPending)
      return -1;
    pending_.push_back(std::move(q));
    return 0;
  }

private:
  static constexpr std::size_t kMaxPending = 200000;
  std::mutex bufMu_;
  std::deque<std::shared_ptr<Query>> pending_;
};
