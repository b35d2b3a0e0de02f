//===- Frontend.h - Parsing one TU the way every cta command does ---------===//
//
/// \file
/// `cta lint` and `cta confirm` parse translation units from a compilation
/// database the same way: clang's own resource directory whatever compiler
/// the database names, the user's warnings, -Werror and plugins off, a file
/// system of their own (ClangTool changes the working directory per compile
/// command, which would race between parallel jobs), and every compiler
/// message, "1 error generated." included, captured for the caller.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_FRONTEND_H
#define CTA_TOOLS_FRONTEND_H

#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <functional>
#include <memory>

namespace cta {

/// Checks what ClangTool would otherwise abort on or report in several
/// lines: the file has an entry, every entry's directory exists, the file
/// is readable. One-line errors.
llvm::Error checkCompileCommands(const clang::tooling::CompilationDatabase &DB,
                                 llvm::StringRef File);

/// Parses \p File with the actions \p Create makes (one per compile command
/// of the file) and writes clang's messages to \p Out. Returns true if every
/// compile command parsed without errors.
bool parseTranslationUnit(
    const clang::tooling::CompilationDatabase &DB, llvm::StringRef File,
    const std::function<std::unique_ptr<clang::FrontendAction>()> &Create,
    llvm::raw_ostream &Out, bool Color);

} // namespace cta

#endif // CTA_TOOLS_FRONTEND_H
