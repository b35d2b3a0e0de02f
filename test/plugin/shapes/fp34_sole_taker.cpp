// One taker: rocksdb's `Timer::Run` is the body of the timer's one thread
// (started once, not in a loop, by `Start`). It tests `heap_.empty()`, waits
// with the lock released, and pops; `Add` pushes from any thread, but no
// other code removes from `heap_`, so two takers never meet. The finding is
// kept at low confidence with the evidence, not dropped: a second `Start`
// would make two takers.
// RUN: %clang_cta_real -fsyntax-only %s 2>&1 | FileCheck %s --implicit-check-not='{{warning|error}}:'
// RUN: %clang_cta_real -fsyntax-only %s -fplugin-arg-cta-min-confidence=low 2>&1 | FileCheck %s --check-prefix=LOW
#include <condition_variable>
#include <functional>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

class Timer {
public:
  void start() { thread_ = std::thread(&Timer::run, this); }
  void add(int id) {
    std::lock_guard<std::mutex> g(mu_);
    heap_.push(id);
    cv_.notify_one();
  }

private:
  // Negative by default: the only remover of heap_ runs on one thread.
  void run() {
    std::unique_lock<std::mutex> l(mu_);
    while (running_) {
      if (heap_.empty()) {
        cv_.wait(l);
        continue;
      }
      int id = heap_.top();
      l.unlock();
      work(id);
      l.lock();
      heap_.pop();
    }
  }
  // LOW: :[[@LINE-11]]:11: warning: {{.*}}'heap_'{{.*}} [cta-take-remove]
  // LOW: note: {{.*}}(low confidence)
  void work(int id);
  std::mutex mu_;
  std::condition_variable cv_;
  std::priority_queue<int> heap_;
  bool running_ = true;
  std::thread thread_;
};

class Pool {
public:
  // Positive: the same body started by every worker of a pool: many takers.
  void start(int n) {
    for (int i = 0; i < n; ++i)
      threads_.emplace_back(&Pool::run, this);
  }
  void add(int id) {
    std::lock_guard<std::mutex> g(mu_);
    jobs_.push(id);
  }

private:
  void run() {
    std::unique_lock<std::mutex> l(mu_);
    while (running_) {
      if (jobs_.empty())
        continue;
      int id = jobs_.front();
      l.unlock();
      work(id);
      l.lock();
      jobs_.pop();
    }
  }
  // CHECK: :[[@LINE-9]]:11: warning: {{.*}}'jobs_'{{.*}} [cta-take-remove]
  // LOW: :[[@LINE-10]]:11: warning: {{.*}}'jobs_'{{.*}} [cta-take-remove]
  void work(int id);
  std::mutex mu_;
  std::queue<int> jobs_;
  bool running_ = true;
  std::vector<std::thread> threads_;
};
