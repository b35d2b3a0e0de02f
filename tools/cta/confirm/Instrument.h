//===- Instrument.h - Make a TU's checks and acts report to the runtime ---===//
//
/// \file
/// The instrumentation step of `cta confirm` (docs/architecture.md): the
/// checks and acts of one function, as FunctionFacts, become calls into the
/// runtime in a copy of its translation unit.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_CONFIRM_INSTRUMENT_H
#define CTA_TOOLS_CONFIRM_INSTRUMENT_H

#include "Finding.h"
#include "FunctionFacts.h"
#include "Plan.h"

#include "clang/Basic/SourceLocation.h"

namespace clang {
class ASTContext;
class CallExpr;
class LambdaExpr;
} // namespace clang

namespace cta {

/// A check that compares a container's size with a bound
/// (`if (q.size() >= cap) return;`, docs/split-lock.md "Size bounds"): the
/// harness fills the container to one below the most elements the bound
/// admits before the race, and oracle (e) judges the size acts leave.
struct SizeBound {
  const clang::Expr *Bound = nullptr; ///< The bound as written.
  /// The bound admits Bound + Extra elements: 0 for `size() >= cap` and
  /// `size() < cap`, 1 for `size() > cap` and `size() <= cap`.
  unsigned Extra = 0;
  std::string Object; ///< The container's identity (ObjectRef::Id).
  std::string Where;  ///< "file:line" of the check.
};

/// Rewrites \p Definition, the file of \p Ctx that defines the function
/// (the main file or a header), so that the sites of the plan report to the
/// runtime; fills Plan.InstrumentedSource (the main file), with a header
/// Plan.InstrumentedHeader, and Plan.Sites. The sites are
/// the check and act \p Named names when it is a finding, every check and
/// act of \p Facts when it is null (`--function`). A named site that cannot
/// be instrumented sets Plan.SkipReason. A size check compared with a
/// bound fills \p Bound (the first one, when there are several). \p HandOff,
/// a call that hands the lambda \p Task to a pool (`pool_.submit(Task)`),
/// becomes a call of Task in the calling thread.
void instrumentFunction(clang::ASTContext &Ctx, const FunctionFacts &Facts,
                        const Finding *Named, clang::FileID Definition,
                        HarnessPlan &Plan, SizeBound &Bound,
                        const clang::CallExpr *HandOff = nullptr,
                        const clang::LambdaExpr *Task = nullptr);

/// Is \p A a removal (`erase`) or a decrement of a counter? It follows a
/// check that saw the key, or a count, there: its checks report "present"
/// as the window, and the harness prepares the state before the race.
bool removes(const ActEvent &A);

} // namespace cta

#endif // CTA_TOOLS_CONFIRM_INSTRUMENT_H
