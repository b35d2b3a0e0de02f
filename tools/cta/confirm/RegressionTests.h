//===- RegressionTests.h - The tests `cta confirm --emit-tests` writes ----===//
//
/// \file
/// The receipt of a confirmed race: a GoogleTest per finding that drives the
/// original function concurrently and asserts the invariant the race broke,
/// with the CMake that builds and registers it (ctest label `race`).
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_CONFIRM_REGRESSIONTESTS_H
#define CTA_TOOLS_CONFIRM_REGRESSIONTESTS_H

#include "Plan.h"
#include "Verdict.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <string>

namespace cta {

/// One confirmed finding and the plan that confirmed it.
struct RegressionTest {
  const FindingVerdict *V;
  const HarnessPlan *Plan;
};

/// Writes `<name>_race_test.cpp` and `<name>_race_test.cmake` per test and
/// the directory's CMakeLists.txt into \p Dir (created if needed); the
/// tests link \p Links (absolute) and their plan's LinkInputs. Prints what it
/// wrote to stderr.
llvm::Error emitRegressionTests(llvm::StringRef Dir,
                                llvm::ArrayRef<RegressionTest> Tests,
                                llvm::ArrayRef<std::string> Links,
                                bool Verbose);

/// `ns::Cache::get` -> `ns_Cache_get`: a file and directory name for a
/// function, shared by the work directories and the emitted tests.
std::string sanitizedName(llvm::StringRef Name);

/// An argument as a POSIX shell reads it back.
std::string shellQuote(llvm::StringRef S);

} // namespace cta

#endif // CTA_TOOLS_CONFIRM_REGRESSIONTESTS_H
