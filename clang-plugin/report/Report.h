//===- Report.h - Every output of cta, rendered from Findings -------------===//
//
/// \file
/// Clang diagnostics (the plugin and `cta lint --format text`), SARIF 2.1.0
/// and JSON. All are rendered from Finding; none looks at the AST.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_REPORT_REPORT_H
#define CTA_REPORT_REPORT_H

#include "../Finding.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include <optional>
#include <string>
#include <vector>

namespace clang {
class DiagnosticsEngine;
}

namespace cta {

/// Emits one warning (an error with \p AsErrors) and three notes per
/// finding through clang's diagnostics, with fix-its on the warning.
void emitDiagnostics(const std::vector<Finding> &Findings,
                     clang::DiagnosticsEngine &Diags, bool AsErrors);

/// Re-states the confidence in the check note of a finding that
/// emitDiagnostics rendered as text, when the whole program changed it.
void restateConfidence(std::string &Rendered, Confidence Was, Confidence Now);

/// The finding as a JSON object (the `cta lint --format json` element and
/// the `properties.cta` bag of a SARIF result).
llvm::json::Object toJSON(const Finding &F);
/// The inverse of toJSON, for `cta confirm --findings`.
llvm::Expected<Finding> findingFromJSON(const llvm::json::Value &V);

/// A translation unit a run could not analyze: one SARIF
/// toolExecutionNotification.
struct SarifNotification {
  std::string Id;      ///< e.g. "cta-tu-does-not-compile".
  std::string File;    ///< Absolute path of the TU; may be empty.
  std::string Message; ///< One line, as printed on stderr.
};

/// What a SARIF log says about its run besides the results.
struct SarifRunInfo {
  std::string ToolVersion;
  /// The project root (absolute): artifact URIs below it are relative to
  /// the uriBaseId %SRCROOT%, which originalUriBaseIds maps to it. Empty:
  /// absolute file:// URIs.
  std::string SourceRoot;
  bool ExecutionSuccessful = true;
  std::vector<SarifNotification> Notifications;
};

/// One event of a thread in an interleaving (a threadFlowLocation).
struct SarifFlowStep {
  std::string Kind; ///< "check", "act", "park" or "result".
  std::string File; ///< Absolute; may be empty.
  unsigned Line = 0;
  unsigned Order = 0; ///< executionOrder: the position in the whole timeline.
  std::string Message;
  bool SawAbsent = false; ///< With "check".
};

/// The events of one thread, in order (a threadFlow).
struct SarifThreadFlow {
  std::string Thread; ///< "T1".
  std::vector<SarifFlowStep> Steps;
};

/// A result: a finding plus what a later stage (`cta confirm`) learned.
struct SarifResult {
  Finding F;
  /// False for a function named on the command line: no rule, no sites.
  bool IsFinding = true;
  std::string Message; ///< Replaces the finding's message when set.
  std::string Level = "warning";
  std::optional<unsigned> Rank;
  llvm::json::Object Properties; ///< Beside the "cta" bag of the finding.
  /// The interleaving that proved it: one codeFlow with one threadFlow per
  /// thread.
  std::vector<SarifThreadFlow> ThreadFlows;
  std::string FlowMessage; ///< The codeFlow's message.
};

/// A SARIF 2.1.0 log with one run, in the shape GitHub code scanning reads:
/// rules with full metadata, %SRCROOT%-relative URIs, invocations with the
/// TUs that were not analyzed, partialFingerprints, codeFlows.
llvm::json::Value toSarifLog(const std::vector<SarifResult> &Results,
                             const SarifRunInfo &Run);
/// The same for plain findings (`cta lint`, the plugin).
llvm::json::Value toSarif(const std::vector<Finding> &Findings,
                          const SarifRunInfo &Run);
/// The nearest directory at or above \p Dir that holds a `.git` (a
/// directory or a worktree's file); empty when there is none.
std::string gitRoot(llvm::StringRef Dir);
/// Parses a SARIF log: JSON whose top level has a `runs` array.
llvm::Expected<llvm::json::Value> parseSarifLog(llvm::StringRef Text);
/// Reads the findings back from a SARIF log written by cta (the plugin,
/// `cta lint`, or merged logs of several runs).
llvm::Expected<std::vector<Finding>> findingsFromSarif(llvm::StringRef Text);

/// `file:///abs/path` for a local path.
std::string fileURI(llvm::StringRef Path);
/// The documentation URI of a rule page.
std::string ruleHelpURI(RuleId R);

/// Writes \p Text to \p Path atomically (temporary file + rename).
llvm::Error writeFileAtomically(llvm::StringRef Path, llvm::StringRef Text);

} // namespace cta

#endif // CTA_REPORT_REPORT_H
