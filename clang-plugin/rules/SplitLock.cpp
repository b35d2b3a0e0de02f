//===- SplitLock.cpp - cta-split-lock -------------------------------------===//

#include "SplitLock.h"
#include "../FindingBuilder.h"
#include "Common.h"

namespace cta {

std::optional<Finding> SplitLockRule::match(const CheckActPair &P,
                                            FindingBuilder &B) {
  if (P.AtomicWith || P.isAtomicState() ||
      (P.isScalarState() && !initializesState(P)))
    return std::nullopt;
  const CheckEvent &C = *P.Nearest;
  if (C.Held.empty() || P.Act.Held.empty())
    return std::nullopt;
  // `auto [it, inserted] = m.try_emplace(k, v);` under the second lock
  // handles "someone else inserted first" itself.
  if (P.Act.ReportsInsertion && P.Act.ResultUsed)
    return std::nullopt;
  std::string Advice = "use one critical section for the check and the act, "
                       "or re-check under the second lock";
  if (C.Result == ResultKind::Size)
    Advice = "test the size and change the container in one critical "
             "section, or test the bound again under the second lock";
  else if (P.Act.T.Container && (P.Act.T.Container->Fam & FamMap))
    Advice += " ('try_emplace' there and use its result)";
  return B.make(id(), P, C,
                "check-then-act race on shared '" + P.Act.T.Obj.Spelling +
                    "': checked under one lock and changed under another "
                    "without a re-check",
                std::move(Advice));
}

} // namespace cta
