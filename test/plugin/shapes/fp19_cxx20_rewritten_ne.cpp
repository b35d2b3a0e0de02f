// RUN: %clang_cta_real -std=c++20 -fsyntax-only %s 2>&1 | %check_clean %s
// FP under -std=c++20 only: `it != m.end()` is a rewritten `!(it == end)`
// (CXXRewrittenBinaryOperator); cta loses the polarity, so an operator[] that only
// READS after a "present" check is reported (rocksdb DBImpl::PersistStats shape)
#include <map>
#include <mutex>
#include <string>
class Stats {
 public:
  unsigned long Delta(const std::string& k, unsigned long now) {
    if (last_.find(k) != last_.end())
      return now - last_[k];            // flagged with -std=c++20, silent with c++17
    return 0;
  }
 private:
  std::mutex mu_;
  std::map<std::string, unsigned long> last_;
};
