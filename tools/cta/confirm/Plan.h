//===- Plan.h - What `cta confirm` builds and runs for one finding --------===//
//
/// \file
/// Confirmation of a finding goes: plan (re-analyse the TU, instrument a
/// copy of it, generate a harness) → build (the TU's own flags plus
/// -fsanitize=thread) → run (one process per round, steered) → judge.
///
/// A HarnessPlan is the output of the planning step and the whole input of
/// the build and run steps.
///
/// The harness protocol: the built executable runs exactly ONE round per
/// process and accepts
///   --seed <u64>       schedule seed (replay: the same seed, the same
///   schedule)
///   --threads <N>      threads calling the function (default 4)
///   --flags <bits>     CTA_STEER|CTA_JITTER (default 3); 0 = naive run
///   --report-fd <fd>   where the runtime writes its JSON Lines report
/// and exits 0 after writing the report (a crash or hang is the runner's to
/// judge). Compiled with -DCTA_NAIVE the same harness carries no check/act
/// instrumentation at all (the baseline of bench/).
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_CONFIRM_PLAN_H
#define CTA_TOOLS_CONFIRM_PLAN_H

#include "Config.h"
#include "ConfigDiscovery.h"
#include "Finding.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <string>
#include <vector>

namespace clang::tooling {
class CompilationDatabase;
}

namespace cta {

struct SiteInfo {
  unsigned Id = 0;
  bool IsCheck = false;
  /// A check inside a critical section: the runtime parks the thread at the
  /// section's end (__cta_window) instead of at the check.
  bool Locked = false;
  std::string File;
  unsigned Line = 0;
  std::string Text;
};

/// What a generated regression test asserts.
enum class Invariant : uint8_t {
  SameObject, ///< Concurrent calls with equal arguments return one object.
  NoDataRace, ///< The calls run clean under ThreadSanitizer.
};

struct HarnessPlan {
  /// Non-empty when the finding cannot be driven: the exact reason, shown
  /// as `SKIPPED <reason>`.
  std::string SkipReason;
  /// The function was found in its translation unit.
  bool TargetFound = false;

  std::string TargetName;   ///< Qualified name, for TSan attribution.
  std::string OriginalFile; ///< The TU's main file, absolute.
  /// The file that defines the function: OriginalFile, or a header the TU
  /// includes (an inline member, a class or template defined there).
  std::string DefinitionFile;
  /// The line of the function's name in DefinitionFile: where a verdict on
  /// a `--function` target without a check points.
  unsigned DefinitionLine = 0;
  std::string Directory; ///< The compile command's working directory.
  /// The TU's compile arguments without the compiler and the input file;
  /// the build drops what a harness must not inherit (-c, -o, dependency
  /// files, other sanitizers, plugins, -Werror).
  std::vector<std::string> CompileArgs;

  /// The TU's text with every check and act reporting to the runtime; same
  /// line structure as the original (a `#line 1` prologue keeps locations).
  std::string InstrumentedSource;
  /// When DefinitionFile is a header: its text with the sites reporting, in
  /// the same form. The build puts it in place of the header (a VFS overlay)
  /// for the harness's compile only.
  std::string InstrumentedHeader;
  /// The harness; it includes the instrumented TU by the file name
  /// "cta_instrumented.cpp", written beside it.
  std::string HarnessSource;
  /// A GoogleTest that drives the original (uninstrumented) function the
  /// same way and asserts the invariant; it includes the original TU by
  /// absolute path.
  std::string RegressionTestSource;
  Invariant Inv = Invariant::NoDataRace;
  /// The call that prepared the state before the race ("Jobs::put"), or
  /// empty.
  std::string Prepared;
  /// How a lambda handed to a pool is reached (`the lambda handed to
  /// 'svc::Pool::submit' runs in the calling thread...`), or empty.
  std::string Driven;

  std::vector<SiteInfo> Sites;
  /// The link inputs of the TU's target, derived from its build tree
  /// (`--link-from`); the harness and the regression test link them after
  /// the `--link` inputs.
  std::vector<std::string> LinkInputs;

  /// A store finding (docs/confirm.md, "Store findings"): "redis",
  /// "postgres" or "sqlite"; empty for an in-memory one. Its rounds need a
  /// server.
  std::string Store;
  /// Libraries the harness links (-lhiredis, -lpq, -lsqlite3).
  std::vector<std::string> LinkLibs;
};

struct PlanOptions {
  std::vector<std::string>
      FixtureFiles;           ///< --fixtures: CTA_FIXTURE(...) files.
  std::string RuntimeInclude; ///< Directory holding cta/rt.h.
  /// The configuration the finding was made with (`--config`): the user's
  /// container and lock models reach the instrumentation through it.
  Config Cfg;
  /// When set, the translation unit's own configuration (its nearest
  /// `.cta.yaml` under the explicit layers) replaces Cfg, as in `cta lint`.
  std::shared_ptr<ConfigResolver> Configs;
};

/// Plans the confirmation of \p F: re-parses its TU (from \p DB), finds the
/// function by USR (or qualified name), instruments its checks and acts and
/// generates the harness. Errors are input errors (the TU does not parse);
/// a finding that cannot be driven is a plan with SkipReason set.
llvm::Expected<HarnessPlan>
planHarness(const clang::tooling::CompilationDatabase &DB, const Finding &F,
            const PlanOptions &Opts);

/// Builds a Finding-shaped target for `--function <qualified name> <file>`:
/// only the function identity and file are set.
Finding functionTarget(llvm::StringRef QualifiedName, llvm::StringRef File);

} // namespace cta

#endif // CTA_TOOLS_CONFIRM_PLAN_H
