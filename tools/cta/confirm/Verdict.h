//===- Verdict.h - What `cta confirm` concluded about a finding -----------===//
//
/// \file
/// The judge step: a finding's rounds (or the reason it had none) become one
/// verdict — CONFIRMED data-race, CONFIRMED atomicity, NOT REPRODUCED,
/// VERIFIED clean, SKIPPED, HANG, CRASH or ERROR — with the replay seed, the
/// oracle that fired, the interleaving timeline and ThreadSanitizer's first
/// report. The text, JSON and SARIF outputs are all rendered from it.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_CONFIRM_VERDICT_H
#define CTA_TOOLS_CONFIRM_VERDICT_H

#include "Finding.h"
#include "Runner.h"
#include "report/Report.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>
#include <string>
#include <vector>

namespace cta {

enum class VerdictKind {
  DataRace,      ///< CONFIRMED data-race: an attributed TSan report.
  Atomicity,     ///< CONFIRMED atomicity: oracle (b) or (c).
  NotReproduced, ///< Every round was clean.
  Verified,      ///< --verify: every round was clean.
  Hang,
  Crash,
  Skipped, ///< The finding could not be driven or built.
  Error,   ///< An input error (the TU does not parse, ...).
};

/// One event of a round's interleaving, from the runtime's report.
struct TimelineEvent {
  unsigned Seq = 0;       ///< Position in the round's timeline, from 0.
  unsigned Thread = 0;    ///< Logical thread, from 1.
  std::string Kind;       ///< "check", "act", "park" or "result".
  bool SawAbsent = false; ///< A check that saw "absent".
  bool TimedOut = false;  ///< A park that ended at its time limit.
  std::string File;
  unsigned Line = 0;
  std::string Text;    ///< The site's expression.
  unsigned Object = 0; ///< A result's object number (0: null).
};

/// Everything reported about one finding.
struct FindingVerdict {
  Finding F;
  bool IsFunctionTarget = false; ///< From --function: no rule, no sites.
  VerdictKind Kind = VerdictKind::Skipped;
  /// SKIPPED/ERROR reason, CRASH signal or "no report (exit N)".
  std::string Detail;
  unsigned Round = 0;           ///< The deciding round, from 1.
  unsigned RoundsRun = 0;       ///< Rounds run in all.
  unsigned RoundLimit = 0;      ///< --rounds (or --verify K).
  unsigned Crashes = 0;         ///< Rounds that crashed.
  std::optional<uint64_t> Seed; ///< The deciding round's seed.
  int VerdictBits = 0;
  std::vector<std::string> Oracles; ///< One sentence per oracle that fired.
  std::string Timeline; ///< "T1 check saw absent at f.cpp:12 -> ..."
  std::vector<TimelineEvent> Events; ///< The same timeline, structured.
  std::string TsanReport;            ///< The first TSan report, whole.
  std::string TsanSummary;           ///< Its SUMMARY line.
  /// How a confirming round ended when it did not finish, or what killed a
  /// round that left no report.
  std::string Note;
  std::string ReplayCommand;
  /// The call that prepared the state before the race, or empty.
  std::string Prepared;
  /// How the harness reaches a lambda handed to a pool, or empty.
  std::string Driven;
  std::string WorkDir;  ///< When kept.
  std::string BuildLog; ///< When the build failed or --verbose.
  std::string StderrPath;

  bool confirmed() const {
    return Kind == VerdictKind::DataRace || Kind == VerdictKind::Atomicity;
  }
  /// "CONFIRMED atomicity", "NOT REPRODUCED (200 rounds)", "SKIPPED <why>".
  std::string verdictString() const;
  /// SARIF rank: 100 confirmed, 50 not reproduced or verified, 0 otherwise.
  unsigned rank() const;
};

/// Fills \p V (Kind, Seed, oracles, timeline, TSan report) from the round
/// that decided it.
void judgeRounds(FindingVerdict &V, const RunSummary &S, unsigned RoundLimit,
                 bool Verify);

/// The first ThreadSanitizer report in a round's stderr, whole ("" if none).
std::string firstTsanReport(llvm::StringRef StderrText);

/// Text output of one finding: a verdict line and indented details.
void renderText(llvm::raw_ostream &OS, const FindingVerdict &V, bool Verbose);
/// JSON output: an array with one object per finding.
llvm::json::Value renderJSON(const std::vector<FindingVerdict> &Vs);
/// SARIF output: the findings' SARIF log (confirmed first, as errors) with
/// the verdict, seed and replay command in each result's properties, its
/// rank, and the interleaving as a codeFlow with a threadFlow per thread.
/// URIs are relative to the git root above \p BuildDir, as `cta lint`
/// writes them.
llvm::json::Value renderSarif(const std::vector<FindingVerdict> &Vs,
                              llvm::StringRef BuildDir);

/// Where a verdict points: the check site, or the function for --function.
std::string displayLocation(const FindingVerdict &V);
/// \p Path relative to the current directory when it is below it.
std::string displayPath(llvm::StringRef Path);

} // namespace cta

#endif // CTA_TOOLS_CONFIRM_VERDICT_H
