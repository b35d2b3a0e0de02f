// A reservation under the check's lock: brpc's `Stream::AppendIfNotFull`
// tests the window (`_produced >= _remote_consumed + _cur_buf_size`) and,
// in the same critical section, adds its own bytes to `_produced`. A later
// `RollbackProduced` under a second lock undoes its own reservation; it does
// not rest on a stale check, because every thread that passed the check
// changed `_produced` before another could test it.
// RUN: %clang_cta_real -fsyntax-only %s 2>&1 | FileCheck %s --implicit-check-not='{{warning|error}}:'
#include <cstddef>
#include <map>
#include <mutex>
#include <string>

bool writePacked(std::size_t n);

class Stream {
public:
  // Negative: reserved in the check's section, rolled back in another.
  int appendIfNotFull(std::size_t n) {
    {
      std::unique_lock<std::mutex> lck(mu_);
      if (produced_ >= consumed_ + window_)
        return 1;
      produced_ += n;
    }
    if (!writePacked(n)) {
      rollback(n);
      return -1;
    }
    return 0;
  }

  // Positive twin: the check's section only reads; the add comes later,
  // under another lock, on what may be a stale window.
  int appendLate(std::size_t n) {
    {
      std::unique_lock<std::mutex> lck(mu_);
      if (produced_ >= consumed_ + window_)
        return 1;
    }
    std::lock_guard<std::mutex> g(mu_);
    produced_ += n;
    // CHECK: :[[@LINE-5]]:11: warning: check-then-act race on shared 'produced_': checked under one lock and changed under another without a re-check [cta-split-lock]
    return 0;
  }

private:
  void rollback(std::size_t n) {
    std::lock_guard<std::mutex> g(mu_);
    produced_ -= n;
  }
  std::mutex mu_;
  std::size_t produced_ = 0;
  std::size_t consumed_ = 0;
  std::size_t window_ = 64;
};

class Registry {
public:
  // Negative: a placeholder inserted under the check's lock claims the key;
  // the real value replaces it under a second lock.
  void publish(const std::string &k) {
    {
      std::lock_guard<std::mutex> g(mu_);
      if (slots_.count(k))
        return;
      slots_[k] = 0;
    }
    int v = compute(k);
    std::lock_guard<std::mutex> g(mu_);
    slots_[k] = v;
  }

  // Positive: the first section's insertion is on the other path (the key
  // was present), so the later insertion rests on the stale "absent".
  void publishOther(const std::string &k) {
    bool have;
    {
      std::lock_guard<std::mutex> g(mu_);
      have = slots_.count(k) != 0;
      if (have)
        slots_[k] += 1;
    }
    if (!have) {
      std::lock_guard<std::mutex> g(mu_);
      slots_[k] = compute(k);
    }
    // CHECK: :[[@LINE-8]]:14: warning: check-then-act race on shared 'slots_': checked under one lock and changed under another without a re-check [cta-split-lock]
  }

private:
  int compute(const std::string &k);
  std::mutex mu_;
  std::map<std::string, int> slots_;
};
