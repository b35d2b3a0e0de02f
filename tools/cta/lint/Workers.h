//===- Workers.h - One process per translation unit -----------------------===//
//
/// \file
/// `cta lint` parses each translation unit in a process of its own, forked
/// from itself, so that a crash inside Clang (an assertion, a stack
/// overflow, a trap) or a hang costs that translation unit and not the run
/// (docs/architecture.md, "Processes"). A job's work runs in the child and
/// returns a string, which the child writes to a pipe before it exits; the
/// parent reads every pipe as it fills, and hands each job's string, or the
/// way its process ended, back in the order the jobs finish. The parent
/// stays single-threaded, so that forking it is safe.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_LINT_WORKERS_H
#define CTA_TOOLS_LINT_WORKERS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <cstddef>
#include <string>

namespace cta {

/// How the process of one job ended.
struct WorkerExit {
  enum Kind {
    Finished, ///< Exited with status 0: Output is the job's whole result.
    Signaled, ///< Killed by signal Code (SIGSEGV, SIGABRT, ...).
    Exited,   ///< Exited with status Code != 0, e.g. from exit() in Clang.
    TimedOut, ///< Still running after the time limit; killed.
    NotStarted, ///< fork() or pipe() failed; Output says why.
  };
  Kind K = Finished;
  int Code = 0;
  std::string Output;

  /// "signal 11: Segmentation fault", "exit status 1", ...
  std::string describe() const;
};

/// Runs \p Work(I) for each I of \p Jobs, each in a child process of its
/// own, at most \p Parallel at a time, and calls \p Done(I, how it ended)
/// in this process as each finishes. A child that runs longer than
/// \p TimeoutSeconds (0: no limit) is killed. The children's standard
/// error goes to /dev/null: their results are all they report.
void runInWorkers(llvm::ArrayRef<size_t> Jobs, unsigned Parallel,
                  unsigned TimeoutSeconds,
                  llvm::function_ref<std::string(size_t)> Work,
                  llvm::function_ref<void(size_t, WorkerExit)> Done);

} // namespace cta

#endif // CTA_TOOLS_LINT_WORKERS_H
