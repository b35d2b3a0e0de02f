//===- Harness.h - The text of a harness and of a regression test ---------===//
//
/// \file
/// The generated C++ of `cta confirm`: the harness that runs one round per
/// process (the protocol of Plan.h) and the GoogleTest regression test of
/// --emit-tests, both around the driver of Values.h.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_CONFIRM_HARNESS_H
#define CTA_TOOLS_CONFIRM_HARNESS_H

#include "Finding.h"
#include "Plan.h"
#include "Values.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace cta {

/// A C++ string literal for arbitrary bytes: names from the code under test
/// never reach generated code unescaped.
std::string cString(llvm::StringRef S);

/// The harness of \p Plan (its sites and target name) driving \p D.
/// \p HasMain: the TU defines main, which the harness renames.
std::string harnessSource(const HarnessPlan &Plan, const DriverSpec &D,
                          bool HasMain,
                          llvm::ArrayRef<std::string> FixtureFiles);

/// What the harness of a store finding needs beyond the driver.
struct StoreHarness {
  unsigned CheckSite = 0; ///< 0: the function has no check (an atomic twin).
  unsigned ActSite = 0;
  std::string Table;  ///< SQL: the act's table, whose rows are counted.
  std::string Schema; ///< SQLite: the schema each round starts from.
  /// The instrumented source seeds the store (cta_store::seed): each half
  /// of the round starts after one seeding call.
  bool Seeded = false;
};

/// The harness of a store finding (include/cta/store.hpp): N processes,
/// each with its own connection, judged by what the store did.
std::string storeHarnessSource(const HarnessPlan &Plan, const DriverSpec &D,
                               const StoreHarness &S, bool HasMain,
                               llvm::ArrayRef<std::string> FixtureFiles);

/// The regression test of a finding of \p Rule: the original TU driven the
/// same way, asserting the invariant the race broke.
std::string regressionTestSource(const HarnessPlan &Plan, const DriverSpec &D,
                                 RuleId Rule, bool HasMain,
                                 llvm::ArrayRef<std::string> FixtureFiles);

} // namespace cta

#endif // CTA_TOOLS_CONFIRM_HARNESS_H
