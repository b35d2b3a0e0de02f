// RUN: %clang_cta_real -std=c++17 -fsyntax-only %s 2>&1 | %check_clean %s
// FP: a loop that sums free space is taken as a membership search, and the
// push_back that grows the buffer list as the "add" (rocksdb
// WriteableCacheFile::ExpandBuffer shape)
#include <mutex>
#include <vector>
struct Buf { size_t free = 0; };
class CacheFile {
 public:
  bool Expand(size_t size) {
    size_t free = 0;
    for (size_t i = 0; i < bufs_.size(); ++i) {
      free += bufs_[i]->free;
      if (size <= free) return true;    // enough room already
    }
    while (free < size) {
      Buf* b = new Buf{4096};
      free += b->free;
      bufs_.push_back(b);               // not a race here:
    }
    return true;
  }
 private:
  std::mutex mu_;
  std::vector<Buf*> bufs_;
};
