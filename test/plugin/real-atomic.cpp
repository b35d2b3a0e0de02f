// RUN: %clang_cta_real -fsyntax-only %s 2>&1 | %check_strict %s
//
// cta-atomic-check-then-act against the real libstdc++ <atomic>: the members live in
// __atomic_base and are reached through derived-to-base conversions; enumerations
// and pointers have their own specializations.

#include <atomic>
#include <cstddef>
#include <mutex>

enum class State { Idle, Running, Stopped };
struct Buffer {
  Buffer();
};
void run();

class Server {
public:
  // A state machine step: two threads both leave Idle.
  void start() {
    if (state_.load() == State::Idle) {
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'state_': 'load' then 'store' on a std::atomic are not atomic together [cta-atomic-check-then-act]
    // CHECK: :[[@LINE-2]]:9: note: check of 'state_' here
      state_.store(State::Running);
      // CHECK: :[[@LINE-1]]:7: note: act on 'state_' here
      // CHECK: :[[@LINE-2]]:7: note: use a 'compare_exchange_weak' loop so the test and the write are one step: 'auto cur = state_.load(); while (cur == State::Idle && !state_.compare_exchange_weak(cur, State::Running)) {}' (the write happened if 'cur == State::Idle' holds after the loop)
      run();
    }
  }

  bool admit() {
    if (conns_ < max_) {
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'conns_': 'load' then 'operator++' on a std::atomic are not atomic together [cta-atomic-check-then-act]
    // CHECK: :[[@LINE-2]]:9: note: check of 'conns_' here
      conns_++;
      // CHECK: :[[@LINE-1]]:7: note: act on 'conns_' here
      // CHECK: :[[@LINE-2]]:7: note: use a 'compare_exchange_weak' loop {{.*}}'auto cur = conns_.load(); while (cur < max_ && !conns_.compare_exchange_weak(cur, cur + 1)) {}'{{.*}}, or 'fetch_add' first and undo it when the bound is exceeded
      return true;
    }
    return false;
  }

  void grow(std::size_t n) {
    if (reserved_.load(std::memory_order_relaxed) + n <= limit_)
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'reserved_': 'load' then 'operator+=' on a std::atomic are not atomic together [cta-atomic-check-then-act]
    // CHECK: :[[@LINE-2]]:9: note: check of 'reserved_' here
      reserved_ += n;
    // CHECK: :[[@LINE-1]]:7: note: act on 'reserved_' here
    // CHECK: :[[@LINE-2]]:7: note: use a 'compare_exchange_weak' loop {{.*}}'auto cur = reserved_.load(); while (cur + n <= limit_ && !reserved_.compare_exchange_weak(cur, cur + n)) {}'{{.*}}
  }

  Buffer *buffer() {
    if (buf_ == nullptr)
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'buf_': 'null test' then 'assignment' on a std::atomic are not atomic together [cta-atomic-check-then-act]
    // CHECK: :[[@LINE-2]]:9: note: check of 'buf_' here
      buf_ = new Buffer();
    // CHECK: :[[@LINE-1]]:7: note: act on 'buf_' here
    // CHECK: :[[@LINE-2]]:7: note: use 'compare_exchange_strong' so one thread publishes: 'Buffer *fresh = new Buffer(), *expected = nullptr; if (!buf_.compare_exchange_strong(expected, fresh)) delete fresh;', or a function-local static
    return buf_;
  }

  void stop() {
    if (stopping_)
    // CHECK: :[[@LINE-1]]:9: warning: check-then-act race on shared 'stopping_': 'flag test' then 'store' on a std::atomic are not atomic together [cta-atomic-check-then-act]
    // CHECK: :[[@LINE-2]]:9: note: check of 'stopping_' here
      return;
    stopping_.store(true);
    // CHECK: :[[@LINE-1]]:5: note: act on 'stopping_' here
    // CHECK: :[[@LINE-2]]:5: note: use 'exchange' so one thread sees the old value: 'if (!stopping_.exchange(true)) { ... }'
    run();
  }

  // Negative: the state transition by compare_exchange.
  void startCas() {
    State expected = State::Idle;
    if (state_.compare_exchange_strong(expected, State::Running))
      run();
  }

  // Negative: a store skipped when the value is already there.
  void setState(State s) {
    if (state_.load() != s)
      state_.store(s);
  }

  // Negative: fetch_add, then check and undo.
  bool admitUndo() {
    if (conns_.fetch_add(1) >= max_) {
      conns_.fetch_sub(1);
      return false;
    }
    return true;
  }

  // Negative: the flag tested and set in one step.
  void stopOnce() {
    if (stopping_.exchange(true))
      return;
    run();
  }

  // Negative: correct double-checked locking on the pointer.
  Buffer *bufferDcl() {
    Buffer *b = buf_.load(std::memory_order_acquire);
    if (b == nullptr) {
      std::lock_guard<std::mutex> g(mu_);
      b = buf_.load(std::memory_order_relaxed);
      if (b == nullptr) {
        b = new Buffer();
        buf_.store(b, std::memory_order_release);
      }
    }
    return b;
  }

private:
  std::mutex mu_;
  std::atomic<State> state_{State::Idle};
  std::atomic<int> conns_{0};
  const int max_ = 64;
  std::atomic<std::size_t> reserved_{0};
  const std::size_t limit_ = 4096;
  std::atomic<Buffer *> buf_{nullptr};
  std::atomic<bool> stopping_{false};
};
