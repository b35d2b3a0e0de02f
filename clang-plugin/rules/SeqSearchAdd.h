//===- SeqSearchAdd.h - cta-seq-search-add --------------------------------===//
//
/// \file
/// A search of a shared sequence (std::find, std::find_if, std::any_of, a
/// hand-written loop...) followed by an add (push_back, emplace_back,
/// insert...) without one lock held across both: the C++ twin of
/// `.SingleOrDefault()` then `.Add()`.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_RULES_SEQSEARCHADD_H
#define CTA_RULES_SEQSEARCHADD_H

#include "Rule.h"

namespace cta {

class SeqSearchAddRule : public Rule {
public:
  RuleId id() const override { return RuleId::SeqSearchAdd; }
  std::optional<Finding> match(const CheckActPair &P,
                               FindingBuilder &B) override;
};

} // namespace cta

#endif
