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
}

namespace cta {

/// Rewrites \p Definition, the file of \p Ctx that defines the function
/// (the main file or a header), so that the sites of the plan report to the
/// runtime; fills Plan.InstrumentedSource (the main file), with a header
/// Plan.InstrumentedHeader, and Plan.Sites. The sites are
/// the check and act \p Named names when it is a finding, every check and
/// act of \p Facts when it is null (`--function`). A named site that cannot
/// be instrumented sets Plan.SkipReason.
void instrumentFunction(clang::ASTContext &Ctx, const FunctionFacts &Facts,
                        const Finding *Named, clang::FileID Definition,
                        HarnessPlan &Plan);

/// Is \p A a removal (`erase`) or a decrement of a counter? It follows a
/// check that saw the key, or a count, there: its checks report "present"
/// as the window, and the harness prepares the state before the race.
bool removes(const ActEvent &A);

} // namespace cta

#endif // CTA_TOOLS_CONFIRM_INSTRUMENT_H
