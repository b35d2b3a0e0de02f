//===- Filters.h - Which translation units and findings `cta lint` reports ===//
//
/// \file
/// The options that narrow a lint run (docs/cli.md, "Filtering findings"):
/// `--shard K/N` and `--diff <rev>` choose the translation units;
/// `--header-filter`, `--line-filter`, `--diff` and `--baseline` drop
/// findings as each translation unit finishes, before anything is printed,
/// so that text, JSON, SARIF, `--fix` and `--export-fixes` all see the same
/// findings. `--write-baseline` records what remains.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_LINT_FILTERS_H
#define CTA_TOOLS_LINT_FILTERS_H

#include "Finding.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Option/Arg.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tooling {
class CompilationDatabase;
}

namespace cta {

/// Keeps, in order, the findings whose index \p Keep accepts (it may change
/// the finding and its text first); \p Rendered, when not empty, holds one
/// text per finding and is kept in step.
void keepFindings(std::vector<Finding> &Findings,
                  std::vector<std::string> &Rendered,
                  llvm::function_ref<bool(size_t)> Keep);

/// The filter options as given.
struct FilterOptions {
  std::optional<std::string> DiffRev;      ///< --diff
  std::optional<std::string> LineFilter;   ///< --line-filter (JSON)
  std::optional<std::string> HeaderFilter; ///< --header-filter (regex)
  std::string Baseline;                    ///< --baseline
  std::string WriteBaseline;               ///< --write-baseline
  unsigned ShardIndex = 0;                 ///< --shard K/N: K (1-based).
  unsigned ShardCount = 0;                 ///< N; 0 without --shard.
};

/// Reads \p A into \p O when it is one of the filter options: true when it
/// was, an error (one line, no prefix) for a bad value.
llvm::Expected<bool> parseFilterOption(const llvm::opt::Arg &A,
                                       FilterOptions &O);

/// The shard, 0 to \p Count - 1, of a file: a hash of its path relative to
/// \p Root when below it, so that every CI job of one checkout agrees.
unsigned shardOf(llvm::StringRef File, llvm::StringRef Root, unsigned Count);

class FindingFilters {
public:
  /// Checks and compiles the options: reads the baseline, parses the line
  /// filter and the header regex. \p Root is the project root the shard
  /// hash and the baseline's paths are relative to (may be empty).
  static llvm::Expected<std::unique_ptr<FindingFilters>>
  create(const FilterOptions &O, std::string Root);
  ~FindingFilters();

  /// Keeps the translation units of this shard and, with --diff, those the
  /// change can affect: every one when a changed file may be included (a
  /// header or a source that is not a translation unit), else those whose
  /// own file changed (\p DB tells translation units from headers). Runs
  /// git; its errors end the run.
  llvm::Error
  selectTranslationUnits(std::vector<std::string> &Files,
                         const clang::tooling::CompilationDatabase &DB);

  /// Drops the findings of the translation unit \p MainFile that the
  /// filters hide; \p Rendered, when not empty, is kept in step with
  /// \p Findings. Thread-safe.
  void apply(llvm::StringRef MainFile, std::vector<Finding> &Findings,
             std::vector<std::string> &Rendered);

  /// After the run: writes --write-baseline from the reported findings and
  /// those the baseline hid, and prints how many the baseline hid.
  llvm::Error finish(const std::vector<Finding> &Reported,
                     llvm::raw_ostream &OS);

private:
  FindingFilters();
  struct Impl;
  std::unique_ptr<Impl> P;
};

} // namespace cta

#endif // CTA_TOOLS_LINT_FILTERS_H
