//===- LintOptions.h - `cta lint`'s options and their errors --------------===//
//
/// \file
/// What the command line of `cta lint` asks for (docs/cli.md), parsed from
/// the one option table (Options.td), and the one-line error every part of
/// the command reports with.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_LINT_LINTOPTIONS_H
#define CTA_TOOLS_LINT_LINTOPTIONS_H

#include "Finding.h"
#include "Options.h"
#include "lint/Filters.h"
#include "lint/Progress.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"
#include <optional>
#include <string>
#include <vector>

namespace cta {

struct LintOptions : CommonOptions {
  std::vector<std::string> Files;
  std::vector<std::string> ExtraArgs; ///< After `--`: a fixed database.
  bool HasFixedArgs = false;
  std::string SarifOut; ///< --sarif: a SARIF copy besides the main output.
  bool Fix = false;
  std::string ExportFixes;
  std::string SourceRoot; ///< --source-root: the base of SARIF URIs.
  std::optional<Confidence> MinConfidence; ///< --min-confidence.
  bool Color = false;
  bool NoCache = false;  ///< --no-cache.
  FilterOptions Filters; ///< --diff, --shard, --baseline, ... (lint/Filters.h)
  bool DumpConfig = false; ///< --dump-config [file]
  bool Hook = false;       ///< --hook: the files pre-commit passes.
  ProgressRequest Progress = ProgressRequest::Auto; ///< --[no-]progress
  bool Quiet = false; ///< --quiet: findings and errors only.
  /// --tu-timeout: the seconds a TU's worker may run (0: no limit).
  unsigned TUTimeout = DefaultTUTimeout;
  bool Isolate = true; ///< Not --no-isolate: one worker process per TU.
  static constexpr unsigned DefaultTUTimeout = 300;
};

/// Parses the command line into \p O; returns an exit status when the run
/// ends here (--help, or a usage error already reported).
std::optional<int> parseLintArgs(llvm::ArrayRef<const char *> Argv,
                                 LintOptions &O);

/// Reports \p Msg as `cta lint: error: ...`, one line, so that scripts and
/// CI logs can grep for it; returns the usage-error exit status.
int lintError(const llvm::Twine &Msg);
int lintError(llvm::Error E);

} // namespace cta

#endif // CTA_TOOLS_LINT_LINTOPTIONS_H
