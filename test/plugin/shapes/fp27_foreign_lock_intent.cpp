// A method that takes a lock says its class is shared only when the lock
// guards that class's own state. A static method has no instance to guard,
// and a method that locks another object's mutex without touching its own
// members synchronizes that other object (rocksdb ForwardIterator: a static
// cleanup locks the database's mutex; the iterator is used by one thread).
// RUN: %clang_cta_real -std=c++17 -fno-caret-diagnostics -fsyntax-only -fplugin-arg-cta-min-confidence=low %s 2>&1 | FileCheck %s --implicit-check-not='{{warning|error}}:'
#include <map>
#include <mutex>
#include <queue>

struct Db {
  std::mutex mu;
  int refs = 0;
};

class Iter {
public:
  static void cleanup(Db *db) {
    std::lock_guard<std::mutex> l(db->mu);
    --db->refs;
  }
  void unrefOther(Db *db) {
    std::lock_guard<std::mutex> l(db->mu);
    --db->refs;
  }
  void next() {
    if (!heap_.empty()) {
      cur_ = heap_.top();
      heap_.pop();
    }
  }

private:
  std::priority_queue<int> heap_;
  int cur_ = 0;
};

// The lock guards this object's members: the class is shared.
class Registry {
public:
  void bump(Db *db) {
    std::lock_guard<std::mutex> l(db->mu);
    ++hits_;
  }
  void add(int k) {
    if (!m_.count(k))
      m_[k] = 1;
    // CHECK: :[[@LINE-2]]:10: warning: check-then-act race on shared 'm_'
    // CHECK: note: check of {{.+}} here; shared because 'Registry::bump' takes a lock or runs 'this' on another thread
  }

private:
  int hits_ = 0;
  std::map<int, int> m_;
};

// Spawning a thread that runs `this` is intent, static or not.
#include <thread>
class Worker {
public:
  void start() {
    t_ = std::thread([this] { run(); });
  }
  void run() {}
  void add(int k) {
    if (!m_.count(k))
      m_[k] = 1;
    // CHECK: :[[@LINE-2]]:10: warning: check-then-act race on shared 'm_'
  }

private:
  std::thread t_;
  std::map<int, int> m_;
};
