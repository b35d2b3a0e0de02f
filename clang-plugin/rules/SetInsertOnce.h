//===- SetInsertOnce.h - cta-set-insert-once ------------------------------===//
//
/// \file
/// A membership test (`!seen.count(id)`, `!seen.contains(id)`,
/// `seen.find(id) == seen.end()`) on a shared set, or on a map used as a
/// seen-set (the value inserted is a flag), then `insert(id)` together with
/// work the test was meant to run once per key: a call, a send, a log, a
/// counter. Two threads can both see "absent" and both run the work; the
/// insert itself is harmless, the work is not. See docs/set-insert-once.md.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_RULES_SETINSERTONCE_H
#define CTA_RULES_SETINSERTONCE_H

#include "Rule.h"

namespace cta {

class SetInsertOnceRule : public Rule {
public:
  RuleId id() const override { return RuleId::SetInsertOnce; }
  std::optional<Finding> match(const CheckActPair &P,
                               FindingBuilder &B) override;
};

} // namespace cta

#endif
