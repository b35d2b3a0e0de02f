//===- Workers.h - One process per translation unit -----------------------===//
//
/// \file
/// `cta lint` parses its translation units in worker processes forked from
/// itself, so that a crash inside Clang (an assertion, a stack overflow, a
/// trap) or a hang costs that translation unit and not the run
/// (docs/architecture.md, "Processes"). A pool of at most -j workers runs
/// the jobs, one at a time each: a job's work runs in a worker and returns
/// a string, which the worker writes to its pipe (its length, then the
/// bytes) before it takes the next job. The parent reads every pipe as it
/// fills and hands each job's string, or the way its worker ended, back in
/// the order the jobs finish; a worker that died or was killed is replaced.
/// The parent stays single-threaded, so that forking it is safe.
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
    Finished,   ///< Output is the job's whole result (or, when the worker
                ///< exited with status 0 in the job, empty).
    Signaled,   ///< The worker was killed by signal Code (SIGSEGV, ...).
    Exited,     ///< The worker exited with status Code != 0 in the job, e.g.
                ///< from exit() in Clang.
    TimedOut,   ///< Still running after the time limit; killed.
    NotStarted, ///< fork() or pipe() failed; Output says why.
  };
  Kind K = Finished;
  int Code = 0;
  std::string Output;

  /// "signal 11: Segmentation fault", "exit status 1", ...
  std::string describe() const;
};

/// Runs \p Work(I) for each I of \p Jobs in at most \p Parallel worker
/// processes, and calls \p Done(I, how it ended) in this process as each
/// finishes. A job that runs longer than \p TimeoutSeconds (0: no limit)
/// has its worker killed. The workers' standard error goes to /dev/null:
/// their results are all they report.
void runInWorkers(llvm::ArrayRef<size_t> Jobs, unsigned Parallel,
                  unsigned TimeoutSeconds,
                  llvm::function_ref<std::string(size_t)> Work,
                  llvm::function_ref<void(size_t, WorkerExit)> Done);

} // namespace cta

#endif // CTA_TOOLS_LINT_WORKERS_H
