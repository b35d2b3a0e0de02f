//===- Commands.h - The subcommands of `cta`
//-------------------------------===//

#ifndef CTA_TOOLS_COMMANDS_H
#define CTA_TOOLS_COMMANDS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <optional>

namespace cta {

/// Exit statuses shared by all subcommands.
enum ExitStatus : int {
  ExitClean = 0,    ///< Nothing found.
  ExitFindings = 1, ///< Findings (lint) or confirmed races (confirm).
  ExitError = 2,    ///< Usage or input errors.
};

/// `--format text|json|sarif`, shared by every subcommand.
enum class Format { Text, Json, Sarif };

/// Parses a `--format` value; std::nullopt for anything else.
inline std::optional<Format> parseFormat(llvm::StringRef Name) {
  if (Name == "text")
    return Format::Text;
  if (Name == "json")
    return Format::Json;
  if (Name == "sarif")
    return Format::Sarif;
  return std::nullopt;
}

/// \p Args are the arguments after the subcommand's name.
int runLint(const char *Argv0, llvm::ArrayRef<const char *> Args);
int runConfirm(const char *Argv0, llvm::ArrayRef<const char *> Args);
int runReport(const char *Argv0, llvm::ArrayRef<const char *> Args);
int runMerge(const char *Argv0, llvm::ArrayRef<const char *> Args);

} // namespace cta

#endif
