//===- ChildGroups.cpp - The process groups cta confirm started -----------===//
//
/// \file
/// A slot goes 0 (free) -> -1 (being filled) -> the leader's pid, so a
/// signal handler never reads a half-written directory.
//
//===----------------------------------------------------------------------===//

#include "ChildGroups.h"
#include "llvm/Support/Signals.h"
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <sys/wait.h>
#include <unistd.h>

namespace cta {
namespace {

constexpr unsigned MaxGroups = 256;
constexpr unsigned DirChars = 512;
constexpr pid_t Filling = -1;

struct Slot {
  std::atomic<pid_t> Leader{0};
  int StopSignal = 0;
  char Dir[DirChars] = {};
};
Slot Slots[MaxGroups];

void sleepMs(long Ms) {
  struct timespec T = {0, Ms * 1000000L};
  ::nanosleep(&T, nullptr);
}

/// Waits (bounded) for \p Pid to exit; true when it did.
bool reap(pid_t Pid, unsigned Ms) {
  for (unsigned I = 0; I <= Ms / 5; ++I) {
    pid_t W = ::waitpid(Pid, nullptr, WNOHANG);
    if (W == Pid || (W < 0 && errno != EINTR))
      return true;
    sleepMs(5);
  }
  return false;
}

void onInterrupt() {
  killAllGroups();
  // LLVM restored the previous disposition, which may be "ignore" (a
  // background job): die anyway, as the user asked.
  signal(SIGINT, SIG_DFL);
  raise(SIGINT);
}

} // namespace

bool trackGroup(pid_t Leader, llvm::StringRef Dir, int StopSignal) {
  for (Slot &S : Slots) {
    pid_t Empty = 0;
    if (!S.Leader.compare_exchange_strong(Empty, Filling))
      continue;
    std::snprintf(S.Dir, DirChars, "%.*s", int(Dir.size()), Dir.data());
    S.StopSignal = StopSignal;
    S.Leader.store(Leader);
    return true;
  }
  return false;
}

void untrackGroup(pid_t Leader) {
  for (Slot &S : Slots) {
    pid_t Expected = Leader;
    if (S.Leader.compare_exchange_strong(Expected, 0))
      return;
  }
}

void killAllGroups() {
  // First the plain groups (rounds, redis-server) and the servers' own
  // shutdown, all at once; then the bounded waits.
  for (Slot &S : Slots) {
    pid_t Pid = S.Leader.load();
    if (Pid <= 0)
      continue;
    if (S.StopSignal)
      ::kill(Pid, S.StopSignal);
    else
      ::kill(-Pid, SIGKILL);
  }
  for (Slot &S : Slots) {
    pid_t Pid = S.Leader.exchange(0);
    if (Pid <= 0)
      continue;
    if (S.StopSignal && !reap(Pid, 3000))
      ::kill(-Pid, SIGKILL);
    if (!S.Dir[0])
      continue;
    // The directory outlives its server only as long as the server runs.
    ::kill(-Pid, SIGKILL);
    reap(Pid, 3000);
    pid_t Rm = ::fork();
    if (Rm == 0) {
      ::execl("/bin/rm", "rm", "-rf", S.Dir, static_cast<char *>(nullptr));
      ::_exit(127);
    }
    if (Rm > 0)
      ::waitpid(Rm, nullptr, 0);
  }
}

void installInterruptHandler() {
  static std::once_flag Once;
  std::call_once(Once, [] { llvm::sys::SetInterruptFunction(onInterrupt); });
}

} // namespace cta
