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

/// The finding as a JSON object (the `cta lint --format json` element and
/// the `properties.cta` bag of a SARIF result).
llvm::json::Object toJSON(const Finding &F);
/// The inverse of toJSON, for `cta confirm --findings`.
llvm::Expected<Finding> findingFromJSON(const llvm::json::Value &V);

/// A SARIF 2.1.0 log with one run.
llvm::json::Value toSarif(const std::vector<Finding> &Findings,
                          llvm::StringRef ToolVersion);
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
