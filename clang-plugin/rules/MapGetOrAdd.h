//===- MapGetOrAdd.h - cta-map-get-or-add ---------------------------------===//
//
/// \file
/// A lookup (find, count, contains...) on a shared associative container
/// followed by an insert of the same key (operator[], insert, emplace...)
/// without one lock held across both.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_RULES_MAPGETORADD_H
#define CTA_RULES_MAPGETORADD_H

#include "Rule.h"

namespace cta {

class MapGetOrAddRule : public Rule {
public:
  RuleId id() const override { return RuleId::MapGetOrAdd; }
  std::optional<Finding> match(const CheckActPair &P,
                               FindingBuilder &B) override;
};

} // namespace cta

#endif
