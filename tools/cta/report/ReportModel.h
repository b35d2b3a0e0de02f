//===- ReportModel.h - What `cta report` draws ----------------------------===//
//
/// \file
/// `cta report` reads the SARIF logs of `cta lint` and `cta confirm` back
/// into entries (a finding, its verdict when confirm ran, and the
/// interleaving that proved it) and renders them as one self-contained HTML
/// page (docs/cli.md, "cta report").
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_REPORT_REPORTMODEL_H
#define CTA_TOOLS_REPORT_REPORTMODEL_H

#include "Finding.h"
#include "llvm/Support/Error.h"
#include <optional>
#include <string>
#include <vector>

namespace cta {

/// One step of an interleaving, read from a SARIF threadFlowLocation.
struct ReportEvent {
  unsigned Order = 0;  ///< executionOrder: the shared time axis.
  unsigned Thread = 0; ///< 1 for "T1".
  std::string Kind;    ///< "check", "act", "park" or "result".
  bool SawAbsent = false;
  std::string File; ///< Base name of the file; may be empty.
  unsigned Line = 0;
  std::string Message;
};

/// A finding and what `cta confirm` found out about it.
struct ReportEntry {
  Finding F;
  bool HasVerdict = false;
  std::string Verdict; ///< "CONFIRMED atomicity", "NOT REPRODUCED (...)".
  bool Confirmed = false;
  std::optional<uint64_t> Seed;
  std::string Replay;
  std::vector<std::string> Oracles;
  std::vector<ReportEvent> Events;
};

/// The entries of a lint log and a confirm log (either may be empty text):
/// every finding of either, once, with the confirm log's verdicts attached;
/// confirmed first, then by file and line.
llvm::Expected<std::vector<ReportEntry>>
readReportInputs(llvm::StringRef LintSarif, llvm::StringRef ConfirmSarif);

/// The report page. Source excerpts are read from the findings' files;
/// a file that cannot be read shows the sites' own text.
std::string renderHtml(const std::vector<ReportEntry> &Entries,
                       llvm::StringRef Title);

/// The interleaving as an inline SVG swimlane: a lane per thread, events on
/// one time axis, parks as bars, an arrow from each check that saw "absent"
/// to the other thread's act that broke it. \p Id names the element.
std::string renderTimelineSvg(const std::vector<ReportEvent> &Events,
                              llvm::StringRef Id);

/// Escapes text for HTML content and attribute values.
std::string htmlEscape(llvm::StringRef Text);

} // namespace cta

#endif // CTA_TOOLS_REPORT_REPORTMODEL_H
