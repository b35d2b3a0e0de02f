// RUN: %clang_cta_real -std=c++17 -fsyntax-only %s 2>&1 | %check_clean %s
// FP: the lock is taken by the only caller in the same TU; the callee has no
// annotation (rocksdb DBImplSecondary::MaybeInitLogReader, brpc logging.cc shape)
#include <map>
#include <memory>
#include <mutex>
struct Reader {};
class Secondary {
 public:
  void Recover(int log) {
    std::lock_guard<std::mutex> l(mu_);
    Reader* r = MaybeInitReader(log);
    (void)r;
  }
 private:
  Reader* MaybeInitReader(int log) {           // private, called only with mu_ held
    auto it = readers_.find(log);
    if (it != readers_.end()) return it->second.get();
    auto* r = new Reader;
    readers_.emplace(log, std::unique_ptr<Reader>(r));   // not a race here:
    return r;
  }
  std::mutex mu_;
  std::map<int, std::unique_ptr<Reader>> readers_;
};
