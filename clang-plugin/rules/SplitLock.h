//===- SplitLock.h - cta-split-lock ---------------------------------------===//
//
/// \file
/// The check runs in one critical section and the act in a later one, with
/// no re-check under the second lock. No data race, so ThreadSanitizer is
/// silent, yet two threads can both pass the check. A shared (reader) lock
/// for the check and a unique lock for the act are two sections.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_RULES_SPLITLOCK_H
#define CTA_RULES_SPLITLOCK_H

#include "Rule.h"

namespace cta {

class SplitLockRule : public Rule {
public:
  RuleId id() const override { return RuleId::SplitLock; }
  std::optional<Finding> match(const CheckActPair &P,
                               FindingBuilder &B) override;
  /// `if (q.size() >= cap) return;` in one section and `q.push_back(x)` in
  /// the next: both threads see room, the bound is exceeded.
  bool pairsSizeChecks() const override { return true; }
};

} // namespace cta

#endif
