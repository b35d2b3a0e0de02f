//===- StorePlan.h - Plan the rounds of a store finding -------------------===//
//
/// \file
/// A check-then-act on Redis or SQL races between processes (docs/confirm.md,
/// "Store findings"): its harness runs the function from N processes, each
/// with its own connection to a server `cta confirm` starts, parks each
/// after the check until every peer has checked, and judges by what the
/// store did (include/cta/store.hpp).
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_CONFIRM_STOREPLAN_H
#define CTA_TOOLS_CONFIRM_STOREPLAN_H

#include "Finding.h"
#include "Plan.h"

namespace clang {
class ASTContext;
class FunctionDecl;
} // namespace clang

namespace cta {

/// Plans \p FD as a store function when it sends commands to a store:
/// fills Plan (sites, instrumented source, harness, or SkipReason) and
/// returns true; returns false for a function that sends none. \p Named is
/// the finding, or null for `--function` (then the check is the first read
/// and the act the last write).
bool planStore(clang::ASTContext &Ctx, const clang::FunctionDecl *FD,
               const Finding *Named, const PlanOptions &Opts, bool HasMain,
               HarnessPlan &Plan);

} // namespace cta

#endif // CTA_TOOLS_CONFIRM_STOREPLAN_H
