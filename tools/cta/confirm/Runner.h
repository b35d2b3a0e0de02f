//===- Runner.h - Running the rounds of a harness -------------------------===//
//
/// \file
/// The run step of `cta confirm`. Every round is a fresh process (fork and
/// exec of the harness, in its own process group) so statics and singletons
/// start uninitialised; the harness writes its JSON Lines report to a pipe
/// and its stdout and stderr (where ThreadSanitizer prints) go to files in
/// the work directory. ThreadSanitizer's reports reach the runner through
/// the runtime: in the report, or in the record file `round.tsan` the
/// runtime rewrites after each one (docs/runtime.md), which outlives a round
/// that dies; stderr is scanned for them only when a round left no record.
/// Every wait of the runner is bounded: a round that
/// outlives its time limit has its whole process group killed.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_CONFIRM_RUNNER_H
#define CTA_TOOLS_CONFIRM_RUNNER_H

#include "cta/rt.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <string>
#include <vector>

namespace cta {

/// How each round of a harness is started.
struct RoundOptions {
  unsigned Threads = 4;
  unsigned Flags = CTA_STEER | CTA_JITTER; ///< 0 for a naive run.
  unsigned TimeoutSeconds = 10;
  /// The qualified name of the function under test, to attribute TSan
  /// reports a round printed before it died.
  std::string Target;
  /// The harness's whole environment ("NAME=value"); see harnessEnvironment.
  std::vector<std::string> Env;
};

enum class RoundStatus {
  Clean,        ///< Report written, verdict 0.
  Race,         ///< Verdict bits set (or TSan blamed the target, then died).
  Hang,         ///< Killed at the time limit.
  Crash,        ///< Died of a signal (or TSan's deadly-signal report).
  NoReport,     ///< Exited without writing a report.
  LaunchFailed, ///< The harness could not be started at all.
};

struct RoundResult {
  RoundStatus Status = RoundStatus::LaunchFailed;
  uint64_t Seed = 0;
  int VerdictBits = 0;
  int ExitCode = 0;   ///< With NoReport.
  std::string Signal; ///< With Crash: "SIGSEGV".
  std::string Report; ///< The JSON line the runtime wrote.
  /// The runtime's record of ThreadSanitizer's reports (runtime/TsanCapture),
  /// read when the round died without its report; "" when there was none.
  std::string TsanRecord;
  std::string Error; ///< With LaunchFailed.
  /// How a round that proved a race ended, or what killed a round that
  /// left no report ("ThreadSanitizer: requested allocation size ...").
  std::string Note;
  std::string StdoutPath; ///< The round's captured output.
  std::string StderrPath;
  double Seconds = 0;
};

/// Runs one round of \p Exe with \p Seed; its output files go to \p Dir.
RoundResult runRound(llvm::StringRef Exe, llvm::StringRef Dir, uint64_t Seed,
                     const RoundOptions &Opts);

/// Crashed rounds tolerated before a finding ends with CRASH: a race on an
/// unsynchronized container sometimes corrupts it before ThreadSanitizer
/// reports, and a later round can still prove the race.
constexpr unsigned MaxCrashedRounds = 3;

/// Hung rounds with no attributed ThreadSanitizer report tolerated before a
/// finding ends with HANG. An unsynchronized container that the race
/// corrupts can loop forever before TSan has reported anything; the next
/// seed usually proves the race, while a deadlock hangs again.
constexpr unsigned MaxHungRounds = 2;

/// What a finding's rounds came to.
struct RunSummary {
  /// The round that decided: the first that proved a race, else the first
  /// hang, else the first crash, else the last clean one.
  RoundResult Deciding;
  unsigned Round = 0;     ///< Its number, from 1.
  unsigned RoundsRun = 0; ///< How many rounds ran in all.
  unsigned Crashes = 0;   ///< Rounds that crashed or left no report.
  unsigned Hangs = 0;     ///< Rounds killed at the time limit.
};

/// Runs rounds with seeds Base, Base+1, ... until one proves a race,
/// MaxHungRounds hung, MaxCrashedRounds crashed, or \p Rounds ran.
RunSummary runRounds(llvm::StringRef Exe, llvm::StringRef Dir, uint64_t Base,
                     unsigned Rounds, const RoundOptions &Opts,
                     bool Verbose = false);

/// The user's TSAN_OPTIONS (\p User) merged under the ones rounds need:
/// exitcode=0 and halt_on_error=0 always; atexit_sleep_ms=0,
/// report_signal_unsafe=0, history_size=4 and the symbolizer unless the
/// user set them.
std::string mergeTsanOptions(llvm::StringRef User, llvm::StringRef Symbolizer);

/// This process's environment with TSAN_OPTIONS replaced by the merged one.
std::vector<std::string> harnessEnvironment(llvm::StringRef Symbolizer);

/// "#2 ns::C::get(std::string const&) /src/c.cpp:29:7 (harness+0x1f)", a
/// frame as ThreadSanitizer prints it (the "#N" is optional), as
/// "ns::C::get at c.cpp:29".
std::string frameSummary(llvm::StringRef Frame);

} // namespace cta

#endif // CTA_TOOLS_CONFIRM_RUNNER_H
