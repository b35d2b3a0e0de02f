//===- Commands.h - The subcommands of `cta` -------------------------------===//

#ifndef CTA_TOOLS_COMMANDS_H
#define CTA_TOOLS_COMMANDS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace cta {

/// Exit statuses shared by all subcommands.
enum ExitStatus : int {
  ExitClean = 0,    ///< Nothing found.
  ExitFindings = 1, ///< Findings (lint) or confirmed races (confirm).
  ExitError = 2,    ///< Usage or input errors.
};

int runLint(const char *Argv0, llvm::ArrayRef<llvm::StringRef> Args);
int runConfirm(const char *Argv0, llvm::ArrayRef<llvm::StringRef> Args);

} // namespace cta

#endif
