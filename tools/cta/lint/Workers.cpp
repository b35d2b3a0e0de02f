//===- Workers.cpp --------------------------------------------------------===//

#include "Workers.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <poll.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

namespace cta {
namespace {

using Clock = std::chrono::steady_clock;

/// A job whose process runs.
struct Running {
  size_t Job;
  pid_t Pid;
  int Fd; ///< The read end of the child's pipe.
  Clock::time_point Deadline;
  std::string Output;
};

/// The child: runs the job, writes its result, exits without running this
/// process's exit handlers or flushing buffers it inherited.
[[noreturn]] void runChild(pid_t Parent, int Fd, size_t Job,
                           llvm::function_ref<std::string(size_t)> Work) {
#if defined(__linux__)
  // A child of a `cta lint` that was killed stops too.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
  if (::getppid() != Parent)
    ::_exit(1);
  int Null = ::open("/dev/null", O_WRONLY);
  if (Null >= 0) {
    ::dup2(Null, STDERR_FILENO);
    ::close(Null);
  }
  std::string Out = Work(Job);
  llvm::StringRef Rest = Out;
  while (!Rest.empty()) {
    ssize_t N = ::write(Fd, Rest.data(), Rest.size());
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      ::_exit(1);
    Rest = Rest.drop_front(N);
  }
  ::_exit(0);
}

/// Reaps \p Pid; its wait status.
int reap(pid_t Pid) {
  int Status = 0;
  while (::waitpid(Pid, &Status, 0) < 0)
    if (errno != EINTR)
      return 0;
  return Status;
}

WorkerExit exitOf(int Status, std::string Output) {
  WorkerExit E;
  if (WIFSIGNALED(Status)) {
    E.K = WorkerExit::Signaled;
    E.Code = WTERMSIG(Status);
  } else if (WIFEXITED(Status) && WEXITSTATUS(Status) != 0) {
    E.K = WorkerExit::Exited;
    E.Code = WEXITSTATUS(Status);
  } else {
    E.K = WorkerExit::Finished;
    E.Output = std::move(Output);
  }
  return E;
}

WorkerExit notStarted(const char *What) {
  WorkerExit E;
  E.K = WorkerExit::NotStarted;
  E.Code = errno;
  E.Output = std::string("cannot ") + What + ": " + std::strerror(errno);
  return E;
}

} // namespace

std::string WorkerExit::describe() const {
  switch (K) {
  case Finished:
    return "exit status 0";
  case Signaled: {
    const char *Name = ::strsignal(Code);
    return "signal " + std::to_string(Code) + (Name ? std::string(": ") + Name : "");
  }
  case Exited:
    return "exit status " + std::to_string(Code);
  case TimedOut:
    return "timed out";
  case NotStarted:
    return Output;
  }
  return "";
}

void runInWorkers(llvm::ArrayRef<size_t> Jobs, unsigned Parallel,
                  unsigned TimeoutSeconds,
                  llvm::function_ref<std::string(size_t)> Work,
                  llvm::function_ref<void(size_t, WorkerExit)> Done) {
  // What is buffered would be written again by every child.
  llvm::outs().flush();
  llvm::errs().flush();
  Parallel = std::max(1u, Parallel);
  const pid_t Self = ::getpid();
  std::vector<Running> Live;
  size_t Next = 0;
  while (Next < Jobs.size() || !Live.empty()) {
    while (Next < Jobs.size() && Live.size() < Parallel) {
      size_t Job = Jobs[Next++];
      int P[2];
      if (::pipe(P) != 0) {
        Done(Job, notStarted("create a pipe"));
        continue;
      }
      pid_t Pid = ::fork();
      if (Pid < 0) {
        WorkerExit E = notStarted("start a worker process");
        ::close(P[0]);
        ::close(P[1]);
        Done(Job, std::move(E));
        continue;
      }
      if (Pid == 0) {
        ::close(P[0]);
        for (const Running &R : Live)
          ::close(R.Fd);
        runChild(Self, P[1], Job, Work);
      }
      ::close(P[1]);
      Clock::time_point Deadline =
          TimeoutSeconds ? Clock::now() + std::chrono::seconds(TimeoutSeconds)
                         : Clock::time_point::max();
      Live.push_back({Job, Pid, P[0], Deadline, {}});
    }
    if (Live.empty())
      continue;

    std::vector<pollfd> Fds;
    Clock::time_point Soonest = Clock::time_point::max();
    for (const Running &R : Live) {
      Fds.push_back({R.Fd, POLLIN, 0});
      Soonest = std::min(Soonest, R.Deadline);
    }
    int WaitMs = -1;
    if (Soonest != Clock::time_point::max()) {
      auto Left = std::chrono::ceil<std::chrono::milliseconds>(Soonest -
                                                               Clock::now());
      WaitMs = int(std::max<int64_t>(0, Left.count()));
    }
    int Ready = ::poll(Fds.data(), Fds.size(), WaitMs);
    if (Ready < 0 && errno != EINTR)
      Ready = 0; // Nothing to read; deadlines are still checked.
    Clock::time_point Now = Clock::now();
    for (size_t I = 0; I < Live.size();) {
      Running &R = Live[I];
      std::optional<WorkerExit> Ended;
      if (Ready > 0 && (Fds[I].revents & (POLLIN | POLLHUP | POLLERR))) {
        char Buf[1 << 16];
        ssize_t Got = ::read(R.Fd, Buf, sizeof Buf);
        if (Got > 0)
          R.Output.append(Buf, size_t(Got));
        else if (Got == 0 || (errno != EINTR && errno != EAGAIN))
          // The child closed its pipe: it has exited, or is exiting.
          Ended = exitOf(reap(R.Pid), std::move(R.Output));
      }
      if (!Ended && Now >= R.Deadline) {
        ::kill(R.Pid, SIGKILL);
        reap(R.Pid);
        Ended = WorkerExit{WorkerExit::TimedOut, int(TimeoutSeconds), ""};
      }
      if (!Ended) {
        ++I;
        continue;
      }
      ::close(R.Fd);
      size_t Job = R.Job;
      Live.erase(Live.begin() + I);
      Fds.erase(Fds.begin() + I);
      Done(Job, std::move(*Ended));
    }
  }
}

} // namespace cta
