//===- ConcurrentContainer.cpp - cta-concurrent-container -----------------===//

#include "ConcurrentContainer.h"
#include "../FindingBuilder.h"
#include "Common.h"
#include "facts/Identity.h"
#include "clang/AST/Expr.h"

using namespace clang;

namespace cta {

std::optional<Finding> ConcurrentContainerRule::match(const CheckActPair &P,
                                                      FindingBuilder &B) {
  const ContainerInfo *C = P.Act.T.Container;
  if (!C || !(C->Fam & FamConcurrent) || P.Act.R != Role::Add)
    return std::nullopt;
  // Under one lock, or re-checked under the act's lock: the unlocked first
  // lookup of double-checked locking is no data race on a concurrent map.
  if (P.AtomicWith)
    return std::nullopt;
  const CheckEvent &Check = *P.Nearest;
  Finding F = B.make(id(), P, Check,
                     "check-then-act race on shared '" + P.Act.T.Obj.Spelling +
                         "': '" + Check.Api + "' then '" + P.Act.Api +
                         "' on a concurrent container are not atomic together",
                     ContainerModel::replacementAdvice(*C, P.Act.R));
  // The bare insert does nothing when the key is there, as the `if` did.
  // An accessor form would then lock the element where the `if` did not.
  const auto *Call = dyn_cast<CallExpr>(P.Act.E);
  if (Call && Call->getNumArgs() > 0 && isAccessorArg(Call->getArg(0)))
    return F;
  addDropCheckFix(F, P, B, C->HasTryEmplace ? "try_emplace" : "emplace",
                  /*PureActArgs=*/true);
  return F;
}

} // namespace cta
