//===- Baseline.h - Known findings, recorded to be hidden -----------------===//
//
/// \file
/// `cta lint --write-baseline <file>` records the current findings;
/// `--baseline <file>` hides the ones recorded. A finding is matched by a
/// fingerprint that leaves line numbers out (docs/cli.md, "Baselines"): the
/// rule, the function's qualified name, the object and the text of the
/// check and act lines with white space folded, so that lines added or
/// removed above the code keep it hidden and an edit of either line shows
/// it again.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_LINT_BASELINE_H
#define CTA_TOOLS_LINT_BASELINE_H

#include "Finding.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace llvm {
class MemoryBuffer;
}

namespace cta {

/// The lines of source files, each file read once. Thread-safe.
class SourceLines {
public:
  SourceLines();
  ~SourceLines();
  /// Line \p Line (1-based) of \p File, trimmed, runs of white space folded
  /// to one space; empty when the file or the line does not exist.
  std::string normalizedLine(llvm::StringRef File, unsigned Line);

private:
  std::mutex M;
  llvm::StringMap<std::unique_ptr<llvm::MemoryBuffer>> Files;
};

/// One finding of a baseline file. Only the fingerprint is matched; the
/// rest tells a reviewer of the file what was accepted.
struct BaselineEntry {
  std::string Fingerprint;
  std::string Rule;
  std::string Function;
  std::string Object;
  std::string File;  ///< Relative to the baseline's directory when below it.
  std::string Check; ///< The check line, normalized.
  std::string Act;   ///< The act line, normalized.
};

/// The entry of \p F; \p BaseDir is the directory of the baseline file.
BaselineEntry baselineEntry(const Finding &F, SourceLines &Src,
                            llvm::StringRef BaseDir);

/// The fingerprints of a baseline file.
class Baseline {
public:
  /// Reads \p Path; the error is one line naming it.
  static llvm::Expected<Baseline> load(llvm::StringRef Path);
  bool contains(llvm::StringRef Fingerprint) const {
    return Fingerprints.contains(Fingerprint);
  }

private:
  llvm::StringSet<> Fingerprints;
};

/// Writes \p Entries as a baseline file: one entry per fingerprint, ordered
/// by file, function, rule and fingerprint, so that the file diffs well.
/// Returns the number of entries written.
llvm::Expected<size_t> writeBaseline(llvm::StringRef Path,
                                     std::vector<BaselineEntry> Entries);

} // namespace cta

#endif // CTA_TOOLS_LINT_BASELINE_H
