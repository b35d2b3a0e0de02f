//===- AtomicCheckThenAct.h - cta-atomic-check-then-act
//--------------------===//
//
/// \file
/// A std::atomic (integer, enumeration, bool or pointer) read, tested, then
/// written on the strength of the test, with no lock over both: bounded
/// counters, high-water marks, one-shot flags, pointer publication. Each
/// access is atomic; the pair is not (docs/atomic-check-then-act.md). The
/// advice spells out the compare_exchange loop or exchange to use.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_RULES_ATOMICCHECKTHENACT_H
#define CTA_RULES_ATOMICCHECKTHENACT_H

#include "Rule.h"

namespace cta {

class AtomicCheckThenActRule : public Rule {
public:
  RuleId id() const override { return RuleId::AtomicCheckThenAct; }
  std::optional<Finding> match(const CheckActPair &P,
                               FindingBuilder &B) override;
};

} // namespace cta

#endif
