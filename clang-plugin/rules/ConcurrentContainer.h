//===- ConcurrentContainer.h - cta-concurrent-container
//--------------------===//
//
/// \file
/// A lookup on a concurrent container (tbb::concurrent_hash_map, the
/// tbb::concurrent_unordered_* containers, folly::ConcurrentHashMap, or a
/// config type `like:` one of them) followed by an insert of the same key
/// whose result is not used. Each call is atomic; the pair is not, so two
/// threads can both miss and both build the value
/// (docs/concurrent-container.md).
//
//===----------------------------------------------------------------------===//

#ifndef CTA_RULES_CONCURRENTCONTAINER_H
#define CTA_RULES_CONCURRENTCONTAINER_H

#include "Rule.h"

namespace cta {

class ConcurrentContainerRule : public Rule {
public:
  RuleId id() const override { return RuleId::ConcurrentContainer; }
  std::optional<Finding> match(const CheckActPair &P,
                               FindingBuilder &B) override;
};

} // namespace cta

#endif
