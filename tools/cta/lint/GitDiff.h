//===- GitDiff.h - The lines `git diff -U0 <rev>` changed -----------------===//
//
/// \file
/// `cta lint --diff <rev>` reports the findings whose check or act line
/// git says changed since <rev> (docs/cli.md, "Filtering findings"). Git
/// runs in the repository that holds each file; a file may come from any
/// number of repositories (submodules, a checkout beside the build).
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_LINT_GITDIFF_H
#define CTA_TOOLS_LINT_GITDIFF_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace cta {

/// Inclusive line ranges, 1-based.
using LineRanges = std::vector<std::pair<unsigned, unsigned>>;

/// The changed lines of one `git diff -U0`: per file, by its real path, the
/// new side of each hunk. A file that only lost lines is listed with no
/// ranges.
using ChangedLines = std::map<std::string, LineRanges>;

/// Parses `git diff -U0` output; paths are joined to \p TopLevel.
ChangedLines parseUnifiedDiff(llvm::StringRef Diff, llvm::StringRef TopLevel);

/// Runs git on demand, once per repository. Thread-safe.
class GitDiff {
public:
  explicit GitDiff(std::string Rev) : Rev(std::move(Rev)) {}

  /// The changes of the repository holding \p File (an absolute path):
  /// an error when git is missing, \p File is in no repository or git
  /// rejects the revision. Repeated calls for one repository run git once.
  llvm::Expected<const ChangedLines *> changesFor(llvm::StringRef File);
  /// The same for the repository holding the directory \p Dir; null when
  /// there is none.
  llvm::Expected<const ChangedLines *> changesIn(llvm::StringRef Dir);

  /// Whether git changed line \p Line of \p File (false outside any
  /// repository, or when git failed for it).
  bool lineChanged(llvm::StringRef File, unsigned Line);

  const std::string &revision() const { return Rev; }

private:
  llvm::Expected<std::string> topLevel(llvm::StringRef Dir);

  std::string Rev;
  std::mutex M;
  llvm::StringMap<std::string> TopLevelOfDir;   ///< Empty: not a repository.
  std::map<std::string, ChangedLines> ByRepo;   ///< By top level.
  std::map<std::string, std::string> RepoError; ///< git diff failed.
};

/// The real path of \p Path (symbolic links resolved), or \p Path itself
/// when it does not exist.
std::string realPath(llvm::StringRef Path);

} // namespace cta

#endif // CTA_TOOLS_LINT_GITDIFF_H
