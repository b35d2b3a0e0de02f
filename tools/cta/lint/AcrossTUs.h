//===- AcrossTUs.h - What the whole compile database decides --------------===//
//
/// \file
/// After every TU of a `cta lint` run has been analyzed by itself: the
/// helpers summarized in one TU and called in another (the callers' TUs are
/// analyzed again with them), and the findings that the callers in all TUs
/// decide (docs/concepts.md, "Summaries").
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_LINT_ACROSSTUS_H
#define CTA_TOOLS_LINT_ACROSSTUS_H

#include "ProgramSummary.h"
#include "lint/TUJob.h"
#include "llvm/ADT/StringMap.h"
#include <cstddef>
#include <vector>

namespace cta {

/// The helpers the TUs of the first pass summarized, by USR (the first TU
/// that defines one wins: an inline helper is the same in every TU).
llvm::StringMap<HelperSummary>
helpersOfRun(const std::vector<TUResult> &Results);

/// The TUs to analyze again with the helpers of the others: those with a
/// function that calls a helper the TU does not define and at least one
/// other helper, the calls that can be a check and an act.
std::vector<size_t>
needHelpersOfOthers(const std::vector<TUResult> &Results,
                    const llvm::StringMap<HelperSummary> &All);

/// Merges the TUs' summaries and answers the findings' caller questions:
/// a finding may be dropped, or its confidence changed (and then dropped
/// below its TU's --min-confidence).
void resolveAcrossTUs(std::vector<TUResult> &Results);

} // namespace cta

#endif // CTA_TOOLS_LINT_ACROSSTUS_H
