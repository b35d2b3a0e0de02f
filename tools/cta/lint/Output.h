//===- Output.h - What `cta lint` prints and writes -----------------------===//
//
/// \file
/// The output of a `cta lint` run once every TU has ended: fix-its applied
/// or exported, the structured formats (JSON, SARIF, the one-line text
/// format) and the summary line (docs/cli.md, "cta lint").
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_LINT_OUTPUT_H
#define CTA_TOOLS_LINT_OUTPUT_H

#include "Finding.h"
#include "lint/LintOptions.h"
#include "lint/TUJob.h"
#include "report/Report.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace cta {

/// The identity of a finding across TUs.
std::string findingKey(const Finding &F);

/// Applies fix-its in place. A finding's fix-its go in whole or not at all:
/// findings are taken in order and one whose edits overlap an edit already
/// taken is skipped (the same edit twice, from two TUs including one header,
/// counts once). The file keeps its permissions. Returns how many findings'
/// fix-its were applied; what failed goes to \p Errors.
unsigned applyFixes(const std::vector<Finding> &Findings,
                    std::vector<std::string> &Errors);

/// Writes the findings' fix-its as clang-apply-replacements YAML.
llvm::Error exportFixes(const std::vector<Finding> &Findings,
                        llvm::StringRef Path);

/// The run as SARIF describes it: the URIs' base and one notification per
/// translation unit that was not analyzed (in the order errors are printed).
SarifRunInfo sarifRunInfo(const LintOptions &Opts, const LintRun &Run);

/// The structured output: --format to stdout or -o, and --sarif-out.
llvm::Error writeStructured(const LintOptions &Opts,
                            const std::vector<Finding> &Findings,
                            const SarifRunInfo &Sarif);

/// The summary line: findings, files, and how the TUs ended. \p Elapsed is
/// empty where no wall time is shown.
void printSummary(const LintOptions &Opts, const LintRun &Run, size_t TUs,
                  const std::vector<Finding> &Findings, llvm::StringRef Elapsed,
                  unsigned Fixed);

} // namespace cta

#endif // CTA_TOOLS_LINT_OUTPUT_H
