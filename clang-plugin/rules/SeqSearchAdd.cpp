//===- SeqSearchAdd.cpp - cta-seq-search-add ------------------------------===//

#include "SeqSearchAdd.h"
#include "../FindingBuilder.h"
#include "Common.h"

namespace cta {

std::optional<Finding> SeqSearchAddRule::match(const CheckActPair &P,
                                               FindingBuilder &B) {
  const ContainerInfo *C = P.Act.T.Container;
  if (!C || C->Fam != FamSequence || P.Act.R != Role::Add)
    return std::nullopt;
  if (P.AtomicWith) {
    if (!P.OuterUnlocked)
      return std::nullopt;
    return B.make(id(), P, *P.OuterUnlocked, dclMessage(P), dclAdvice(P));
  }
  return B.make(id(), P, *P.Nearest, raceMessage(P, *P.Nearest),
                ContainerModel::replacementAdvice(*C, P.Act.R));
}

} // namespace cta
