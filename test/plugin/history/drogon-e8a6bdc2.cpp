// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
// XFAIL: *
//
// History case drogon e8a6bdc2 ("Fix some race conditions"): a query was
// refused when the pending buffer was over its bound (tested under the
// buffer lock), and otherwise queued (push_back under the lock again). Two
// threads both see room and both queue: the bound is exceeded. The fix does
// the test and the push_back in one critical section.
//
// KNOWN MISS (expected to fail until cta models it): a size bound
// (size() > N) is not a check of any rule; cta-seq-search-add checks are
// searches (std::find, a search loop), so the bound tested in one section
// and the push_back in a later one is not a cta-split-lock pair. When this
// starts passing, remove the XFAIL and pin the exact diagnostic. Same
// shape, own code.

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
      // CHECK: :[[@LINE-1]]:{{[0-9]+}}: warning: check-then-act race on shared 'pending_'{{.*}} [cta-split-lock]
        full = true;
    }
    if (full)
      return -1;
    auto q = std::make_shared<Query>(Query{std::move(sql)});
    {
      std::lock_guard<std::mutex> g(bufMu_);
      pending_.push_back(std::move(q));
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
