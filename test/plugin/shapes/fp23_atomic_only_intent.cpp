// An atomic member makes that member safe to share; it says little about a
// method that never touches it (rocksdb WriteBatch::SetSavePoint: a cached
// atomic flag, a single-owner batch). Such findings are low confidence; a
// method that itself uses the atomic is written to run concurrently.
// RUN: %clang_cta_real -std=c++17 -fno-caret-diagnostics -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=DEFAULT --implicit-check-not='{{warning|error}}:'
// RUN: %clang_cta_real -std=c++17 -fno-caret-diagnostics -fsyntax-only -fplugin-arg-cta-min-confidence=low %s 2>&1 | FileCheck %s --check-prefix=LOW --implicit-check-not='{{warning|error}}:'
#include <atomic>
#include <map>
#include <memory>
#include <mutex>

struct SavePoints {};

class Batch {
public:
  void setSavePoint() {
    if (save_points_ == nullptr)
      save_points_.reset(new SavePoints());
    // LOW: :[[@LINE-2]]:9: warning: check-then-act race on shared 'save_points_'
    // LOW: note: check of {{.+}} here; shared because 'Batch' has the atomic member 'flags_' (low confidence)
  }
  void put(int k) {
    flags_.fetch_or(1, std::memory_order_relaxed);
    if (!m_.count(k))
      m_[k] = 1;
    // DEFAULT: :[[@LINE-2]]:10: warning: check-then-act race on shared 'm_'
    // DEFAULT: note: check of {{.+}} here; shared because 'Batch' has the atomic member 'flags_' (medium confidence)
    // LOW: :[[@LINE-4]]:10: warning: check-then-act race on shared 'm_'
  }

private:
  mutable std::atomic<unsigned> flags_{0};
  std::unique_ptr<SavePoints> save_points_;
  std::map<int, int> m_;
};

// A mutex beside the atomic: the class is locked, the evidence is intent.
class Locked {
public:
  void setSavePoint() {
    if (save_points_ == nullptr)
      save_points_.reset(new SavePoints());
    // DEFAULT: :[[@LINE-2]]:9: warning: check-then-act race on shared 'save_points_'
    // DEFAULT: note: check of {{.+}} here; shared because 'Locked' has the synchronization member 'mu_' (medium confidence)
    // LOW: :[[@LINE-4]]:9: warning: check-then-act race on shared 'save_points_'
  }

private:
  std::atomic<unsigned> flags_{0};
  std::mutex mu_;
  std::unique_ptr<SavePoints> save_points_;
};
