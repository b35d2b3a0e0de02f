//===- Rule.h - The interface every cta rule implements --------------------===//
//
/// \file
/// A rule sees one act at a time together with the checks that guard it
/// (its *candidates*) and the lock facts, and decides whether that is the
/// race it is about. It builds a Finding through the FindingBuilder and
/// prints nothing. Rules are tried in registration order; the first that
/// claims a pair owns it.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_RULES_RULE_H
#define CTA_RULES_RULE_H

#include "../CheckActPair.h"
#include "../Finding.h"
#include <memory>
#include <optional>
#include <vector>

namespace cta {

class FindingBuilder;
struct StorePair;

class Rule {
public:
  virtual ~Rule() = default;
  virtual RuleId id() const = 0;
  /// Returns a finding if \p P is this rule's race.
  virtual std::optional<Finding> match(const CheckActPair &P,
                                       FindingBuilder &B) = 0;
  /// Whether the rule judges a pair whose check is a size test
  /// (ResultKind::Size): a bound is not a membership test, so only a rule
  /// about lock sections does.
  virtual bool pairsSizeChecks() const { return false; }
};

/// Every rule, in the order they are tried.
std::vector<std::unique_ptr<Rule>> createRules();

/// A rule about a cross-process store (Redis, SQL): it sees one read and
/// one write of the same element that depends on it (store/StorePairs.h),
/// the atomic forms already dropped, and builds the Finding.
class StoreRule {
public:
  virtual ~StoreRule() = default;
  virtual RuleId id() const = 0;
  virtual std::optional<Finding> match(const StorePair &P,
                                       FindingBuilder &B) = 0;
};

/// Every store rule, in the order they are tried.
std::vector<std::unique_ptr<StoreRule>> createStoreRules();

} // namespace cta

#endif // CTA_RULES_RULE_H
