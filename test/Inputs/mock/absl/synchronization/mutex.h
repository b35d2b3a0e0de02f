// Mock of absl/synchronization/mutex.h for cta tests: Mutex and its RAII helpers, with
// the same thread-safety annotations as the real header.
#pragma once
#include <absl/base/config.h>
#include <absl/base/thread_annotations.h>
#include <atomic>
#include <cstdint>
namespace absl {
ABSL_NAMESPACE_BEGIN
class Condition;

class ABSL_LOCKABLE Mutex {
public:
  Mutex();
  ~Mutex();
  Mutex(const Mutex &) = delete;
  Mutex &operator=(const Mutex &) = delete;

  void Lock() ABSL_EXCLUSIVE_LOCK_FUNCTION();
  void Unlock() ABSL_UNLOCK_FUNCTION();
  bool TryLock() ABSL_EXCLUSIVE_TRYLOCK_FUNCTION(true);
  void AssertHeld() const ABSL_ASSERT_EXCLUSIVE_LOCK();

  void ReaderLock() ABSL_SHARED_LOCK_FUNCTION();
  void ReaderUnlock() ABSL_UNLOCK_FUNCTION();
  bool ReaderTryLock() ABSL_SHARED_TRYLOCK_FUNCTION(true);
  void AssertReaderHeld() const ABSL_ASSERT_SHARED_LOCK();

  void WriterLock() ABSL_EXCLUSIVE_LOCK_FUNCTION() { this->Lock(); }
  void WriterUnlock() ABSL_UNLOCK_FUNCTION() { this->Unlock(); }
  bool WriterTryLock() ABSL_EXCLUSIVE_TRYLOCK_FUNCTION(true) { return this->TryLock(); }

  // Aliases so Mutex meets the Lockable / SharedLockable requirements.
  void lock() ABSL_EXCLUSIVE_LOCK_FUNCTION() { this->Lock(); }
  void unlock() ABSL_UNLOCK_FUNCTION() { this->Unlock(); }
  bool try_lock() ABSL_EXCLUSIVE_TRYLOCK_FUNCTION(true) { return this->TryLock(); }
  void lock_shared() ABSL_SHARED_LOCK_FUNCTION() { this->ReaderLock(); }
  void unlock_shared() ABSL_UNLOCK_FUNCTION() { this->ReaderUnlock(); }

  void Await(const Condition &cond);
  void LockWhen(const Condition &cond) ABSL_EXCLUSIVE_LOCK_FUNCTION();

private:
  std::atomic<std::intptr_t> mu_;
};

class Condition {
public:
  Condition(bool (*func)(void *), void *arg);
  explicit Condition(const bool *cond);
  bool Eval() const;
};

class ABSL_SCOPED_LOCKABLE MutexLock {
public:
  explicit MutexLock(Mutex *mu) ABSL_EXCLUSIVE_LOCK_FUNCTION(mu) : mu_(mu) { this->mu_->Lock(); }
  explicit MutexLock(Mutex *mu, const Condition &cond) ABSL_EXCLUSIVE_LOCK_FUNCTION(mu);
  MutexLock(const MutexLock &) = delete;
  MutexLock &operator=(const MutexLock &) = delete;
  ~MutexLock() ABSL_UNLOCK_FUNCTION() { this->mu_->Unlock(); }

private:
  Mutex *const mu_;
};

class ABSL_SCOPED_LOCKABLE ReaderMutexLock {
public:
  explicit ReaderMutexLock(Mutex *mu) ABSL_SHARED_LOCK_FUNCTION(mu) : mu_(mu) {
    mu->ReaderLock();
  }
  ReaderMutexLock(const ReaderMutexLock &) = delete;
  ~ReaderMutexLock() ABSL_UNLOCK_FUNCTION() { this->mu_->ReaderUnlock(); }

private:
  Mutex *const mu_;
};

class ABSL_SCOPED_LOCKABLE WriterMutexLock {
public:
  explicit WriterMutexLock(Mutex *mu) ABSL_EXCLUSIVE_LOCK_FUNCTION(mu) : mu_(mu) {
    mu->WriterLock();
  }
  WriterMutexLock(const WriterMutexLock &) = delete;
  ~WriterMutexLock() ABSL_UNLOCK_FUNCTION() { this->mu_->WriterUnlock(); }

private:
  Mutex *const mu_;
};

class CondVar {
public:
  CondVar();
  void Wait(Mutex *mu);
  void Signal();
  void SignalAll();
};
ABSL_NAMESPACE_END
} // namespace absl
