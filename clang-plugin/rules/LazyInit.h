//===- LazyInit.h - cta-lazy-init -----------------------------------------===//
//
/// \file
/// Lazy initialization of shared state that is not atomic:
/// `if (!inst_) inst_ = new T;` on a raw, unique or shared pointer, an
/// optional or a bool "initialized" flag, and double-checked locking whose
/// unlocked first check reads a non-atomic variable.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_RULES_LAZYINIT_H
#define CTA_RULES_LAZYINIT_H

#include "Rule.h"

namespace cta {

class LazyInitRule : public Rule {
public:
  RuleId id() const override { return RuleId::LazyInit; }
  std::optional<Finding> match(const CheckActPair &P,
                               FindingBuilder &B) override;
};

} // namespace cta

#endif
