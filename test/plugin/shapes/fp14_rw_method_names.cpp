// RUN: %clang_cta_real -std=c++17 -fsyntax-only %s 2>&1 | %check_clean %s
// FP: a reader/writer mutex with ReadLock/WriteLock/ReadUnlock/WriteUnlock methods
// (rocksdb/leveldb port::RWMutex) is not a mutex to cta, so its guards are
// ignored and a correct double-checked init is reported (rocksdb BlobFile shape)
#include <pthread.h>
#include <atomic>
#include <memory>
class RWMutex {
 public:
  void ReadLock() { pthread_rwlock_rdlock(&mu_); }
  void WriteLock() { pthread_rwlock_wrlock(&mu_); }
  void ReadUnlock() { pthread_rwlock_unlock(&mu_); }
  void WriteUnlock() { pthread_rwlock_unlock(&mu_); }
 private:
  pthread_rwlock_t mu_ = PTHREAD_RWLOCK_INITIALIZER;
};
struct ReadGuard { explicit ReadGuard(RWMutex* m) : m_(m) { m_->ReadLock(); } ~ReadGuard() { m_->ReadUnlock(); } RWMutex* m_; };
struct WriteGuard { explicit WriteGuard(RWMutex* m) : m_(m) { m_->WriteLock(); } ~WriteGuard() { m_->WriteUnlock(); } RWMutex* m_; };
struct Reader {};
class File {
 public:
  std::shared_ptr<Reader> get() {
    { ReadGuard r(&mu_); if (reader_) return reader_; }
    WriteGuard w(&mu_);
    if (reader_) return reader_;                // re-check under the write lock
    reader_ = std::make_shared<Reader>();       // not a race here:
    return reader_;
  }
 private:
  RWMutex mu_;
  std::atomic<long> last_access_{0};            // (intent comes from here)
  std::shared_ptr<Reader> reader_;
};
