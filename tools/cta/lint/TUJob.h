//===- TUJob.h - One translation unit of `cta lint` -----------------------===//
//
/// \file
/// The per-TU job of `cta lint`: what decides a TU before Clang runs (its
/// configuration, whether its command can run, its cache entry), the parse
/// and analysis (in a worker process or in this one), and how it ended
/// (docs/architecture.md, "Processes"; docs/tu-does-not-compile.md).
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_LINT_TUJOB_H
#define CTA_TOOLS_LINT_TUJOB_H

#include "LintCache.h"
#include "ProgramSummary.h"
#include "lint/LintConfig.h"
#include "lint/LintOptions.h"
#include "lint/Workers.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringMap.h"
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cta {

/// Everything the parallel TU jobs share.
struct LintRun {
  const LintOptions &Opts;
  ConfigResolver &Configs; ///< Each TU's: its main file's (LintConfig.h).
  const LintCache *Cache = nullptr;
  std::mutex M;
  std::vector<std::string> Failed;     ///< TUs that did not compile.
  std::vector<std::string> Crashed;    ///< TUs whose analysis crashed.
  std::vector<std::string> Unreadable; ///< One-line errors: TUs not run.
  /// TUs whose worker process died, with how ("signal 6: Aborted").
  std::vector<std::pair<std::string, std::string>> ClangCrashed;
  std::vector<std::string> TimedOut; ///< TUs whose worker ran out of time.
  /// The helpers every TU of the first pass summarized, by USR; set for the
  /// second pass (helpersAcrossTUs).
  const llvm::StringMap<HelperSummary> *External = nullptr;

  LintRun(const LintOptions &O, ConfigResolver &C) : Opts(O), Configs(C) {}
};

/// What one TU produced. Its findings are deduplicated against the other
/// TUs' (a header's finding comes from every TU that includes it) only when
/// the results are printed, in the order of the files, so that the output of
/// `-j N` is the output of `-j 1`, whichever TU finishes first.
struct TUResult : CachedTU {
  /// How the TU's analysis ended (docs/tu-does-not-compile.md).
  enum Outcome {
    Analyzed,       ///< Parsed and analyzed: the cache may keep it.
    Cached,         ///< Taken from the cache.
    NotRun,         ///< cta-tu-not-run; Why is the one-line error.
    DoesNotCompile, ///< cta-tu-does-not-compile.
    InternalError,  ///< The analysis crashed, contained by crash recovery.
    WorkerCrashed,  ///< cta-tu-crashed: its worker died; Why says how.
    TimedOut,       ///< cta-tu-timed-out: its worker ran out of time.
  };
  Outcome Status = Analyzed;
  std::string Why;
  bool AnalysisCrashed = false; ///< Contained by crash recovery.
  /// The TU's configured level: a finding the whole program lowers below it
  /// is not reported.
  Confidence MinConfidence = Confidence::Low;
};

/// What decides a TU before Clang runs: its configuration, whether its
/// compile command can run at all, its cache entry.
struct TUJob {
  std::shared_ptr<const ResolvedConfig> Cfg;
  std::string CfgKey; ///< The effective configuration, for the cache key.
};

/// What a worker process sends back: the outcome and the TU's result in
/// the cache's JSON (LintCache.h).
std::string encodeResult(const TUResult &R);

/// The TU's result when it needs no parsing (it cannot run, or its cache
/// entry is valid); else nullopt and \p Job says how to parse it.
std::optional<TUResult>
beforeParse(const clang::tooling::CompilationDatabase &DB,
            const std::string &File, LintRun &Run, TUJob &Job);

/// Parses and analyzes one TU: in its worker process, or in this one with
/// --no-isolate. With Run.External set, calls of helpers defined in other
/// TUs are judged by their summaries.
TUResult parseAndAnalyze(const clang::tooling::CompilationDatabase &DB,
                         const std::string &File, LintRun &Run,
                         const TUJob &Job);

/// Records how the TU ended, for the summary and the errors, and keeps a
/// TU that was analyzed in the cache (never one that crashed or failed).
void recordOutcome(const clang::tooling::CompilationDatabase &DB,
                   const std::string &File, LintRun &Run, const TUJob &Job,
                   const TUResult &Result);

/// The result of a TU whose worker process ended as \p E.
TUResult fromWorker(const std::string &File, WorkerExit E);

} // namespace cta

#endif // CTA_TOOLS_LINT_TUJOB_H
