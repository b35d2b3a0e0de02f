//===- TakeRemove.h - cta-take-remove -------------------------------------===//
//
/// \file
/// Take-once on a shared map, set, deque, list or queue: a check that an
/// element is there (`count`, `find`, `contains`, `!empty()`,
/// `begin() != end()`), a read of it (`at`, `operator[]`, `front`, `*it`,
/// `it->second`), then its removal (`erase`, `pop_front`, `pop_back`, `pop`,
/// `extract`), with no one lock held over all three. Two threads can take
/// the same element; the second removal then removes another element or
/// none. Also when the check and read hold one lock and the removal a later
/// one. See docs/take-remove.md.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_RULES_TAKEREMOVE_H
#define CTA_RULES_TAKEREMOVE_H

#include "Rule.h"

namespace cta {

class TakeRemoveRule : public Rule {
public:
  RuleId id() const override { return RuleId::TakeRemove; }
  std::optional<Finding> match(const CheckActPair &P,
                               FindingBuilder &B) override;
};

} // namespace cta

#endif
