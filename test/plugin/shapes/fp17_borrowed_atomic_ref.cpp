// RUN: %clang_cta_real -std=c++17 -fsyntax-only %s 2>&1 | %check_clean %s
// FP: a reference to an atomic owned by someone else (a cancel flag) makes a
// single-threaded iterator "shared" (rocksdb CompactionIterator shape)
#include <atomic>
#include <set>
class Iter {
 public:
  explicit Iter(const std::atomic<bool>& cancel) : cancel_(cancel) {}
  bool Skip(unsigned long snap) {
    if (cancel_.load()) return true;
    if (released_.count(snap) > 0) return true;
    released_.insert(snap);             // not a race here:
    return false;
  }
 private:
  const std::atomic<bool>& cancel_;     // borrowed, not this object's own state
  std::set<unsigned long> released_;
};
