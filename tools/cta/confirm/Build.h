//===- Build.h - Compiling the harness of a finding -----------------------===//
//
/// \file
/// The build step of `cta confirm`: the plan's instrumented TU and harness
/// are written into the finding's work directory and compiled and linked in
/// one compiler run, with the TU's own flags plus ThreadSanitizer, against
/// libcta_rt and the user's `--link` inputs. A compiler failure is a result,
/// never an exception or a crash: the finding is then SKIPPED with the first
/// error line, and the whole log stays in the work directory.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_CONFIRM_BUILD_H
#define CTA_TOOLS_CONFIRM_BUILD_H

#include "Plan.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace cta {

/// Where the compiler, the runtime library and its header are.
struct Toolchain {
  std::string Compiler;       ///< clang++ 19.
  std::string RuntimeLib;     ///< libcta_rt.a.
  std::string RuntimeInclude; ///< The directory holding cta/rt.h.
  std::string Symbolizer;     ///< llvm-symbolizer for TSan; may be empty.
};

/// Finds the toolchain next to the running `cta` binary (\p Argv0): the
/// runtime at `<bindir>/../lib/libcta_rt.a` unless \p RuntimeOverride names
/// it, the header in `<bindir>/../include` (an install) or the source tree.
llvm::Expected<Toolchain> findToolchain(const char *Argv0,
                                        llvm::StringRef RuntimeOverride);

struct BuildOptions {
  std::vector<std::string> LinkInputs; ///< --link inputs, absolute.
  bool Naive = false; ///< Also build the -DCTA_NAIVE baseline.
  unsigned TimeoutSeconds = 600; ///< Per compiler run.
};

struct BuildResult {
  bool Ok = false;
  std::string Executable;      ///< The steered harness.
  std::string NaiveExecutable; ///< With BuildOptions::Naive.
  std::string Error;   ///< When !Ok: the first error line, one line.
  std::string LogPath; ///< The compiler's whole output.
};

/// Writes cta_instrumented.cpp and cta_harness.cpp of \p Plan into \p Dir
/// (which must exist) and builds `harness` (and `harness-naive`) there.
BuildResult buildHarness(const HarnessPlan &Plan, llvm::StringRef Dir,
                         const Toolchain &TC, const BuildOptions &Opts);

/// The TU's flags made fit for a harness or regression-test build: the
/// user's sanitizers, plugins, -Werror, LTO and dependency-file options are
/// dropped and relative paths of include/library options are made absolute
/// against the compile command's directory.
std::vector<std::string> harnessCompileArgs(const HarnessPlan &Plan);

/// The first line of a compiler log that says what went wrong.
std::string firstErrorLine(llvm::StringRef Log);

} // namespace cta

#endif // CTA_TOOLS_CONFIRM_BUILD_H
