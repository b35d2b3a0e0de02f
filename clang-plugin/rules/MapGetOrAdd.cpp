//===- MapGetOrAdd.cpp - cta-map-get-or-add -------------------------------===//

#include "MapGetOrAdd.h"
#include "../FindingBuilder.h"
#include "Common.h"
#include "clang/AST/ASTContext.h"

using namespace clang;

namespace cta {

std::optional<Finding> MapGetOrAddRule::match(const CheckActPair &P,
                                              FindingBuilder &B) {
  const ContainerInfo *C = P.Act.T.Container;
  if (!C || !(C->Fam & FamAssoc) || P.Act.R != Role::Add)
    return std::nullopt;
  if (P.AtomicWith) {
    if (!P.OuterUnlocked)
      return std::nullopt;
    return B.make(id(), P, *P.OuterUnlocked, dclMessage(P), dclAdvice(P));
  }
  Finding F = B.make(id(), P, *P.Nearest, raceMessage(P, *P.Nearest),
                     ContainerModel::replacementAdvice(*C, P.Act.R));
  // Only unique-key containers do nothing on a present key, as the `if`
  // did; `m[k] = v` becomes try_emplace where there is one (C++17).
  if (C->Fam & (FamMap | FamSet))
    addDropCheckFix(F, P, B,
                    C->HasTryEmplace && B.context().getLangOpts().CPlusPlus17
                        ? "try_emplace"
                        : "",
                    /*PureActArgs=*/false);
  return F;
}

} // namespace cta
