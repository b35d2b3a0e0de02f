//===- Database.h - Loading the compilation database for cta commands -----===//
//
/// \file
/// `cta lint` and `cta confirm` read the same compile_commands.json and
/// report the same one-line errors when it or a named file is unusable.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_DATABASE_H
#define CTA_TOOLS_DATABASE_H

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <string>

namespace cta {

/// Loads `<BuildDir>/compile_commands.json`. The error message is one line
/// without the "cta <command>: error: " prefix.
llvm::Expected<std::unique_ptr<clang::tooling::CompilationDatabase>>
loadCompilationDatabase(llvm::StringRef BuildDir);

/// Checks that \p Path names a readable regular file; the error names it as
/// \p Shown (what the user wrote or the database lists).
llvm::Error checkReadableFile(llvm::StringRef Path, llvm::StringRef Shown);

/// Makes \p File absolute and checks that it is a readable regular file with
/// an entry in \p DB (\p BuildDir names the database in the message). With a
/// null \p DB only the file itself is checked.
llvm::Expected<std::string>
resolveSourceFile(llvm::StringRef File,
                  const clang::tooling::CompilationDatabase *DB,
                  llvm::StringRef BuildDir);

} // namespace cta

#endif // CTA_TOOLS_DATABASE_H
