//===- Progress.h - `[n/N] file` while `cta lint` runs
//---------------------===//
//
/// \file
/// On a terminal, one status line on standard error, rewritten in place as
/// translation units finish and erased before any other output and at the
/// end; with `--progress` and standard error not a terminal, one plain
/// `[n/N] file` line before each translation unit's output, in the order
/// the output is printed (so a log reads the same whatever `-j` is).
/// docs/cli.md, "Progress", is the user's description.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_LINT_PROGRESS_H
#define CTA_TOOLS_LINT_PROGRESS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <cstddef>
#include <string>

namespace cta {

/// `--progress`, `--no-progress`, `--quiet` or none of them.
enum class ProgressRequest { Auto, On, Off };

class Progress {
public:
  enum class Mode { Off, InPlace, Lines };

  /// \p StderrIsTerminal decides Auto: in place on a terminal, off elsewhere;
  /// On is in place on a terminal and lines elsewhere.
  Progress(ProgressRequest Req, bool StderrIsTerminal, size_t Total,
           llvm::raw_ostream &OS = llvm::errs());

  Mode mode() const { return M; }

  /// Before other output: erases the status line.
  void beforeOutput();
  /// Before the output of the \p Index-th translation unit (0-based, in
  /// printing order): the plain line.
  void printing(size_t Index, llvm::StringRef File);
  /// A translation unit finished (in any order): the status line.
  void finished(llvm::StringRef File);
  /// Erases the status line for good.
  void finish();

  /// The wall time since the progress was created, as "1.2s" or "2m05s".
  std::string elapsed() const;

private:
  /// \p File relative to the current directory when it is below it.
  std::string shown(llvm::StringRef File) const;

  Mode M;
  size_t Total;
  size_t Done = 0;
  bool LineShown = false;
  llvm::raw_ostream &OS;
  std::string Cwd;
  std::chrono::steady_clock::time_point Start;
};

} // namespace cta

#endif // CTA_TOOLS_LINT_PROGRESS_H
