// One writer: rocksdb's `Timer::Run` is the body of the timer's one thread
// (started once by `start`). It tests `current->next_run_us` under the lock,
// runs the task with the lock released, and writes the field again under
// the lock. The entry is a private struct's field; the only other write is
// `add`'s, on an object it has just made with `std::make_unique` and not yet
// published. Nobody but the timer thread can change the field between the
// check and the act, so the result cannot be stale: the finding is kept at
// low confidence with the evidence, not dropped (a second `start` would
// make two writers).
// RUN: %clang_cta_real -fsyntax-only %s 2>&1 | FileCheck %s --implicit-check-not='{{warning|error}}:'
// RUN: %clang_cta_real -fsyntax-only %s -fplugin-arg-cta-min-confidence=low 2>&1 | FileCheck %s --check-prefix=LOW
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

uint64_t nowMicros();

class Timer {
public:
  void start() { thread_ = std::thread(&Timer::run, this); }
  void add(const std::string &name, uint64_t after) {
    auto info = std::make_unique<Info>();
    info->next_run_us = nowMicros() + after;
    std::lock_guard<std::mutex> g(mu_);
    queue_.push_back(info.get());
    map_[name] = std::move(info);
    cv_.notify_one();
  }

private:
  struct Info {
    uint64_t next_run_us = 0;
    uint64_t repeat_us = 1;
  };
  // Negative by default: only the timer thread writes next_run_us.
  void run() {
    std::unique_lock<std::mutex> l(mu_);
    while (running_) {
      if (queue_.empty()) {
        cv_.wait(l);
        continue;
      }
      Info *current = queue_.back();
      if (current->next_run_us <= nowMicros()) {
        l.unlock();
        work();
        l.lock();
        current->next_run_us = nowMicros() + current->repeat_us;
      }
    }
  }
  // LOW: :[[@LINE-8]]:11: warning: {{.*}}'current->next_run_us'{{.*}} [cta-split-lock]
  // LOW: note: {{.*}}(low confidence)
  void work();
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Info *> queue_;
  std::map<std::string, std::unique_ptr<Info>> map_;
  bool running_ = true;
  std::thread thread_;
};

class Rescheduled {
public:
  void start() { thread_ = std::thread(&Rescheduled::run, this); }
  void add(const std::string &name) {
    std::lock_guard<std::mutex> g(mu_);
    map_[name] = std::make_unique<Info>();
    queue_.push_back(map_[name].get());
  }
  // A public method writes the field of a published entry: two writers.
  void reschedule(const std::string &name, uint64_t at) {
    std::lock_guard<std::mutex> g(mu_);
    map_[name]->next_run_us = at;
  }

private:
  struct Info {
    uint64_t next_run_us = 0;
  };
  // Positive: reschedule() can change next_run_us while the lock is out.
  void run() {
    std::unique_lock<std::mutex> l(mu_);
    while (running_) {
      if (queue_.empty())
        continue;
      Info *current = queue_.back();
      if (current->next_run_us <= nowMicros()) {
        l.unlock();
        work();
        l.lock();
        current->next_run_us = nowMicros() + 10;
      }
    }
  }
  // CHECK: :[[@LINE-8]]:11: warning: {{.*}}'current->next_run_us'{{.*}} [cta-split-lock]
  // LOW: :[[@LINE-9]]:11: warning: {{.*}}'current->next_run_us'{{.*}} [cta-split-lock]
  void work();
  std::mutex mu_;
  std::vector<Info *> queue_;
  std::map<std::string, std::unique_ptr<Info>> map_;
  bool running_ = true;
  std::thread thread_;
};

class Workers {
public:
  // Positive: the same body started by every worker of a pool: many writers.
  void start(int n) {
    for (int i = 0; i < n; ++i)
      threads_.emplace_back(&Workers::run, this);
  }
  void add(const std::string &name) {
    auto info = std::make_unique<Info>();
    info->next_run_us = nowMicros();
    std::lock_guard<std::mutex> g(mu_);
    queue_.push_back(info.get());
    map_[name] = std::move(info);
  }

private:
  struct Info {
    uint64_t next_run_us = 0;
  };
  void run() {
    std::unique_lock<std::mutex> l(mu_);
    while (running_) {
      if (queue_.empty())
        continue;
      Info *current = queue_.back();
      if (current->next_run_us <= nowMicros()) {
        l.unlock();
        work();
        l.lock();
        current->next_run_us = nowMicros() + 10;
      }
    }
  }
  // CHECK: :[[@LINE-8]]:11: warning: {{.*}}'current->next_run_us'{{.*}} [cta-split-lock]
  // LOW: :[[@LINE-9]]:11: warning: {{.*}}'current->next_run_us'{{.*}} [cta-split-lock]
  void work();
  std::mutex mu_;
  std::vector<Info *> queue_;
  std::map<std::string, std::unique_ptr<Info>> map_;
  bool running_ = true;
  std::vector<std::thread> threads_;
};

// A public struct any code can write through a pointer it is handed.
struct Slot {
  uint64_t next_run_us = 0;
};
void bump(Slot *s) { s->next_run_us = 0; }

class Exposed {
public:
  void start() { thread_ = std::thread(&Exposed::run, this); }
  void add(Slot *s) {
    std::lock_guard<std::mutex> g(mu_);
    queue_.push_back(s);
  }

private:
  // Positive: Slot is public, and bump() writes next_run_us.
  void run() {
    std::unique_lock<std::mutex> l(mu_);
    while (running_) {
      if (queue_.empty())
        continue;
      Slot *current = queue_.back();
      if (current->next_run_us <= nowMicros()) {
        l.unlock();
        work();
        l.lock();
        current->next_run_us = nowMicros() + 10;
      }
    }
  }
  // CHECK: :[[@LINE-8]]:11: warning: {{.*}}'current->next_run_us'{{.*}} [cta-split-lock]
  // LOW: :[[@LINE-9]]:11: warning: {{.*}}'current->next_run_us'{{.*}} [cta-split-lock]
  void work();
  std::mutex mu_;
  std::vector<Slot *> queue_;
  bool running_ = true;
  std::thread thread_;
};

// A public struct of external linkage: another file can write its field
// through a pointer it holds, which this file cannot see.
struct Entry {
  uint64_t next_run_us = 0;
};

class Published {
public:
  void start() { thread_ = std::thread(&Published::run, this); }
  void add(Entry *e) {
    std::lock_guard<std::mutex> g(mu_);
    queue_.push_back(e);
  }

private:
  // Positive: only run() writes next_run_us here, but Entry is public.
  void run() {
    std::unique_lock<std::mutex> l(mu_);
    while (running_) {
      if (queue_.empty())
        continue;
      Entry *current = queue_.back();
      if (current->next_run_us <= nowMicros()) {
        l.unlock();
        work();
        l.lock();
        current->next_run_us = nowMicros() + 10;
      }
    }
  }
  // CHECK: :[[@LINE-8]]:11: warning: {{.*}}'current->next_run_us'{{.*}} [cta-split-lock]
  // LOW: :[[@LINE-9]]:11: warning: {{.*}}'current->next_run_us'{{.*}} [cta-split-lock]
  void work();
  std::mutex mu_;
  std::vector<Entry *> queue_;
  bool running_ = true;
  std::thread thread_;
};
