//===- Hook.h - `cta lint --hook`: the files a pre-commit hook is given ---===//
//
/// \file
/// pre-commit passes the staged C++ files, sources and headers alike, paths
/// relative to the repository's root. `--hook` turns them into translation
/// units: a file with an entry in the compilation database is one; a header
/// brings in the translation units that include it (from their depfiles
/// when the build wrote them, else from a preprocessor-only pass); any other
/// file is skipped with a one-line note. docs/cli.md, "Pre-commit hook", is
/// the user's description.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_LINT_HOOK_H
#define CTA_TOOLS_LINT_HOOK_H

#include "Finding.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <vector>

namespace cta {

/// The build directory of the nearest compile_commands.json: in \p Start or
/// its `build/`, else in a parent directory or its `build/`.
llvm::Expected<std::string> findBuildDirectory(llvm::StringRef Start);

/// What `--hook` analyzes and reports.
struct HookPlan {
  /// The translation units, in file-name order.
  std::vector<std::string> Files;
  /// Files named that are translation units: all their findings count.
  llvm::StringSet<> Direct;
  /// Every file named, absolute: a translation unit brought in by a header
  /// reports only the findings whose check or act is in one of them.
  llvm::StringSet<> Named;
  /// One line per file skipped.
  std::vector<std::string> Notes;

  /// Whether the finding of translation unit \p TU is reported.
  bool reports(llvm::StringRef TU, const Finding &F) const;
};

/// Plans the translation units of \p Named (paths relative to the current
/// directory or absolute). \p Jobs preprocessor passes run at once.
llvm::Expected<HookPlan> planHook(const clang::tooling::CompilationDatabase &DB,
                                  const std::vector<std::string> &Named,
                                  unsigned Jobs);

} // namespace cta

#endif // CTA_TOOLS_LINT_HOOK_H
