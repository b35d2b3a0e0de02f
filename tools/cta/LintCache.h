//===- LintCache.h - What `cta lint` keeps of a TU between runs -----------===//
//
/// \file
/// `cta lint -p <build-dir>` keeps, per translation unit, what its analysis
/// produced in `<build-dir>/.cta-cache/`: the findings (as rendered), the
/// TU's summary (ProgramSummary.h) and the files the compiler read, with
/// their sizes and modification times. The next run takes an entry instead
/// of parsing the TU again when its key (the compile command, the cta
/// binary, the config and the output options) and every file it read are
/// unchanged (docs/cli.md, "The cache"). An entry that cannot be read, or
/// does not parse, is a miss: the TU is analyzed again.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_LINTCACHE_H
#define CTA_TOOLS_LINTCACHE_H

#include "Finding.h"
#include "ProgramSummary.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"
#include <optional>
#include <string>
#include <vector>

namespace cta {

/// What a cache entry holds of one TU.
struct CachedTU {
  std::string ClangOutput;
  std::vector<Finding> Findings;
  std::vector<std::string> Rendered; ///< Per finding, with --format text.
  UnitSummary Summary;
  std::vector<std::string> Inputs; ///< Absolute paths of the files read.
};

class LintCache {
public:
  /// A cache in \p Dir (empty: none). \p RunKey names what every entry of
  /// the run depends on besides its own compile command and files;
  /// \p Variant the output options: a TU has one entry per variant, so that
  /// a text run and a JSON run do not replace each other's.
  LintCache(std::string Dir, std::string RunKey, std::string Variant)
      : Dir(std::move(Dir)), RunKey(std::move(RunKey) + "\n" + Variant),
        Variant(std::move(Variant)) {}

  bool enabled() const { return !Dir.empty(); }
  /// The entry of \p File, if it is valid for \p DB's command of it.
  /// \p Extra is what else the TU's result depends on (its configuration).
  std::optional<CachedTU> load(const clang::tooling::CompilationDatabase &DB,
                               llvm::StringRef File,
                               llvm::StringRef Extra = "") const;
  /// Writes the entry of \p File; a failure to write is not an error (the
  /// next run analyzes the TU again).
  void store(const clang::tooling::CompilationDatabase &DB,
             llvm::StringRef File, const CachedTU &TU,
             llvm::StringRef Extra = "") const;

private:
  std::string entryPath(llvm::StringRef File) const;
  std::string key(const clang::tooling::CompilationDatabase &DB,
                  llvm::StringRef File, llvm::StringRef Extra) const;
  std::string Dir;
  std::string RunKey;
  std::string Variant;
};

/// A TU's result as JSON: the body of a cache entry, and what a worker
/// process sends back to `cta lint` (lint/Workers.h). Each input is an
/// object with its "path"; the cache adds the file's stamp to it.
llvm::json::Object toJSON(const CachedTU &TU);
/// The inverse of toJSON; false when \p O is not of that shape.
bool fromJSON(const llvm::json::Object &O, CachedTU &TU);

/// The key of a run: the cta binary (its path, size and time). Each TU's
/// configuration is keyed with the TU (LintCache::load's Extra).
std::string lintRunKey(const char *Argv0);

} // namespace cta

#endif // CTA_TOOLS_LINTCACHE_H
