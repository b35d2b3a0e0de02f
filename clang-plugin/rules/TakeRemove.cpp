//===- TakeRemove.cpp - cta-take-remove -----------------------------------===//

#include "TakeRemove.h"
#include "../FindingBuilder.h"
#include "Common.h"

namespace cta {
namespace {

/// A read of the element the act removes, after check \p C and before the
/// act: what makes the removal a *take*.
const ReadEvent *readBetween(const CheckActPair &P, const CheckEvent &C) {
  for (const ReadEvent &R : P.Facts.Reads) {
    if (R.Index <= C.Index || R.Index >= P.Act.Index ||
        R.T.Obj.Id != P.Act.T.Obj.Id || !keysCompatible(R.Key, P.Act.Key) ||
        !keysCompatible(R.Key, C.Key))
      continue;
    return &R;
  }
  return nullptr;
}

/// The replacement for the container's family: take and remove in one
/// call whose result says whether there was anything to take.
std::string advice(const CheckActPair &P, const CheckEvent &C,
                   const ReadEvent &R) {
  const ContainerInfo &Co = *P.Act.T.Container;
  if (Co.Fam & FamAssoc) {
    const KeyRef &K = P.Act.Key.K == KeyRef::Exact ? P.Act.Key : C.Key;
    std::string Key = K.K == KeyRef::Exact ? K.Spelling : "key";
    const char *Value = (Co.Fam & FamAnyMap) ? "node.mapped()" : "node.value()";
    return "use 'auto node = " + P.Act.T.Obj.Spelling + ".extract(" + Key +
           ")' under one lock and take '" + Value +
           "' only if 'node' is not empty";
  }
  return "use one lock held across '" + C.Api + "', '" + R.Api + "' and '" +
         P.Act.Api +
         "', or a concurrent queue's 'try_pop' (tbb::concurrent_queue)";
}

} // namespace

std::optional<Finding> TakeRemoveRule::match(const CheckActPair &P,
                                             FindingBuilder &B) {
  // Check and removal in one section hold the lock over the read between
  // them too; a double-checked take re-checks under it.
  if (!P.Act.T.Container || P.Act.R != Role::Remove || P.AtomicWith)
    return std::nullopt;
  for (auto It = P.Candidates.rbegin(); It != P.Candidates.rend(); ++It) {
    const CheckEvent &C = **It;
    if (!guardedWith(P, C, Outcome::Present))
      continue;
    const ReadEvent *R = readBetween(P, C);
    if (!R)
      continue;
    std::string Steps =
        "'" + C.Api + "', '" + R->Api + "' then '" + P.Act.Api + "'";
    bool TwoSections = !C.Held.empty() && !P.Act.Held.empty();
    std::string Message =
        "check-then-act race on shared '" + P.Act.T.Obj.Spelling +
        "': " + Steps +
        (TwoSections ? " under two locks without a re-check"
                     : " without one lock held across all three") +
        "; two threads can take the same element";
    return B.make(id(), P, C, std::move(Message), advice(P, C, *R));
  }
  return std::nullopt;
}

} // namespace cta
