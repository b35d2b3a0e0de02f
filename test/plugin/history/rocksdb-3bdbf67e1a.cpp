// RUN: %clang_cta -fsyntax-only %s 2>&1 | %check_strict %s
//
// History case rocksdb 3bdbf67e1a ("Fix race condition caused by concurrent
// accesses to forceMmapOff_"): opening a file probed the disk once per
// process behind a plain "checked" flag, so concurrent opens probed (and
// wrote the result) together. The fix runs the probe under std::call_once.
// The class is shared because another of its methods takes a lock.
// Same shape, own code.

#include <mutex>

bool diskSupportsFastAllocate(int Fd);

std::mutex registryMu;

class Disk {
public:
  bool openForWrite(int fd, bool wantMmap) {
    if (wantMmap) {
      if (!probed_) {
      // CHECK: :[[@LINE-1]]:12: warning: check-then-act race on shared 'probed_': lazy initialization is not atomic [cta-lazy-init]
      // CHECK: :[[@LINE-2]]:12: note: check of 'probed_' here; shared because 'Disk::lockFile' takes a lock or runs 'this' on another thread (medium confidence)
        if (!diskSupportsFastAllocate(fd))
          mmapOff_ = true;
        probed_ = true;
        // CHECK: :[[@LINE-1]]:9: note: act on 'probed_' here
        // CHECK: :[[@LINE-2]]:9: note: use 'std::call_once' with a 'std::once_flag' for the initialization
      }
    }
    return wantMmap && !mmapOff_;
  }

  // The fix: the probe runs once, under std::call_once.
  bool openForWriteOnce(int fd, bool wantMmap) {
    static std::once_flag probeOnce;
    if (wantMmap)
      std::call_once(probeOnce, [this, fd] {
        if (!diskSupportsFastAllocate(fd))
          mmapOff_ = true;
      });
    return wantMmap && !mmapOff_;
  }

  void lockFile() {
    std::lock_guard<std::mutex> g(registryMu);
    ++locked_;
  }

private:
  bool probed_ = false;
  bool mmapOff_ = false;
  int locked_ = 0;
};
