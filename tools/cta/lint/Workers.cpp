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

/// A worker process: idle, or running one job.
struct Worker {
  pid_t Pid;
  int ReqFd; ///< Job numbers to the worker.
  int ResFd; ///< Results from the worker: a length, then the bytes.
  std::optional<size_t> Job;
  Clock::time_point Deadline;
  std::string Buffer;
};

bool writeAll(int Fd, llvm::StringRef Data) {
  while (!Data.empty()) {
    ssize_t N = ::write(Fd, Data.data(), Data.size());
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return false;
    Data = Data.drop_front(size_t(N));
  }
  return true;
}

bool readAll(int Fd, char *Data, size_t Size) {
  while (Size) {
    ssize_t N = ::read(Fd, Data, Size);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return false;
    Data += N;
    Size -= size_t(N);
  }
  return true;
}

/// The worker: runs the jobs it is sent, one at a time, until its request
/// pipe closes; exits without running this process's exit handlers or
/// flushing buffers it inherited.
[[noreturn]] void runWorker(pid_t Parent, int ReqFd, int ResFd,
                            llvm::function_ref<std::string(size_t)> Work) {
#if defined(__linux__)
  // A worker of a `cta lint` that was killed stops too.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
  if (::getppid() != Parent)
    ::_exit(1);
  int Null = ::open("/dev/null", O_WRONLY);
  if (Null >= 0) {
    ::dup2(Null, STDERR_FILENO);
    ::close(Null);
  }
  uint64_t Job;
  while (readAll(ReqFd, reinterpret_cast<char *>(&Job), sizeof Job)) {
    std::string Out = Work(size_t(Job));
    uint64_t Size = Out.size();
    if (!writeAll(ResFd, llvm::StringRef(reinterpret_cast<char *>(&Size),
                                         sizeof Size)) ||
        !writeAll(ResFd, Out))
      ::_exit(1);
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
    return "signal " + std::to_string(Code) +
           (Name ? std::string(": ") + Name : "");
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
  // What is buffered would be written again by every worker.
  llvm::outs().flush();
  llvm::errs().flush();
  // A worker that died is seen on its result pipe, not by a SIGPIPE here.
  void (*OldPipe)(int) = ::signal(SIGPIPE, SIG_IGN);
  Parallel = std::max(1u, Parallel);
  const pid_t Self = ::getpid();
  std::vector<Worker> Pool;
  size_t Next = 0, Busy = 0;
  auto Retire = [&](size_t I) {
    ::close(Pool[I].ReqFd);
    ::close(Pool[I].ResFd);
    Pool.erase(Pool.begin() + I);
  };
  while (Next < Jobs.size() || Busy) {
    // Workers for the jobs left, at most Parallel; a dead one is replaced.
    while (Pool.size() <
           std::min<size_t>(Parallel, Jobs.size() - Next + Busy)) {
      int Req[2], Res[2];
      if (::pipe(Req) != 0) {
        Done(Jobs[Next++], notStarted("create a pipe"));
        continue;
      }
      if (::pipe(Res) != 0) {
        WorkerExit E = notStarted("create a pipe");
        ::close(Req[0]);
        ::close(Req[1]);
        Done(Jobs[Next++], std::move(E));
        continue;
      }
      pid_t Pid = ::fork();
      if (Pid == 0) {
        ::close(Req[1]);
        ::close(Res[0]);
        for (const Worker &W : Pool) {
          ::close(W.ReqFd);
          ::close(W.ResFd);
        }
        runWorker(Self, Req[0], Res[1], Work);
      }
      ::close(Req[0]);
      ::close(Res[1]);
      if (Pid < 0) {
        WorkerExit E = notStarted("start a worker process");
        ::close(Req[1]);
        ::close(Res[0]);
        Done(Jobs[Next++], std::move(E));
        continue;
      }
      Pool.push_back({Pid, Req[1], Res[0], std::nullopt, {}, {}});
    }
    for (Worker &W : Pool) {
      if (W.Job || Next == Jobs.size())
        continue;
      W.Job = Jobs[Next++];
      W.Deadline = TimeoutSeconds
                       ? Clock::now() + std::chrono::seconds(TimeoutSeconds)
                       : Clock::time_point::max();
      ++Busy;
      uint64_t J = *W.Job;
      // A worker that is gone shows as the end of its result pipe.
      writeAll(W.ReqFd,
               llvm::StringRef(reinterpret_cast<char *>(&J), sizeof J));
    }
    if (!Busy)
      continue;

    std::vector<pollfd> Fds;
    Clock::time_point Soonest = Clock::time_point::max();
    for (const Worker &W : Pool) {
      Fds.push_back({W.ResFd, short(W.Job ? POLLIN : 0), 0});
      if (W.Job)
        Soonest = std::min(Soonest, W.Deadline);
    }
    int WaitMs = -1;
    if (Soonest != Clock::time_point::max()) {
      auto Left =
          std::chrono::ceil<std::chrono::milliseconds>(Soonest - Clock::now());
      WaitMs = int(std::max<int64_t>(0, Left.count()));
    }
    int Ready = ::poll(Fds.data(), Fds.size(), WaitMs);
    if (Ready < 0)
      Ready = 0; // EINTR: nothing read; deadlines are still checked.
    Clock::time_point Now = Clock::now();
    for (size_t I = 0, F = 0; I < Pool.size(); ++F) {
      Worker &W = Pool[I];
      if (!W.Job) {
        ++I;
        continue;
      }
      std::optional<WorkerExit> Ended;
      bool Dead = false;
      if (Ready > 0 && (Fds[F].revents & (POLLIN | POLLHUP | POLLERR))) {
        char Buf[1 << 16];
        ssize_t Got = ::read(W.ResFd, Buf, sizeof Buf);
        if (Got > 0) {
          W.Buffer.append(Buf, size_t(Got));
          uint64_t Size;
          if (W.Buffer.size() >= sizeof Size) {
            std::memcpy(&Size, W.Buffer.data(), sizeof Size);
            if (W.Buffer.size() - sizeof Size >= Size) {
              WorkerExit E;
              E.Output = W.Buffer.substr(sizeof Size, Size);
              Ended = std::move(E);
            }
          }
        } else if (Got == 0 || (errno != EINTR && errno != EAGAIN)) {
          // The worker closed its pipe: it died in the job.
          Ended = exitOf(reap(W.Pid), "");
          Dead = true;
        }
      }
      if (!Ended && Now >= W.Deadline) {
        ::kill(W.Pid, SIGKILL);
        reap(W.Pid);
        Ended = WorkerExit{WorkerExit::TimedOut, int(TimeoutSeconds), ""};
        Dead = true;
      }
      if (!Ended) {
        ++I;
        continue;
      }
      size_t Job = *W.Job;
      W.Job.reset();
      W.Buffer.clear();
      --Busy;
      if (Dead)
        Retire(I);
      else
        ++I;
      Done(Job, std::move(*Ended));
    }
  }
  // Idle workers end when their request pipe closes.
  while (!Pool.empty()) {
    pid_t Pid = Pool.back().Pid;
    Retire(Pool.size() - 1);
    reap(Pid);
  }
  ::signal(SIGPIPE, OldPipe);
}

} // namespace cta
