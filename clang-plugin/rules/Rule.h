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

#include "../Finding.h"
#include "../FunctionFacts.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>
#include <optional>
#include <vector>

namespace clang {
class FunctionDecl;
}

namespace cta {

class FindingBuilder;

/// One act and the checks it depends on.
struct CheckActPair {
  CheckActPair(const FunctionFacts &Facts, const ActEvent &Act)
      : Facts(Facts), Act(Act) {}

  const FunctionFacts &Facts;
  const ActEvent &Act;
  /// Checks on the same object and key that guard the act with an outcome
  /// other than the one that makes the act harmless, in evaluation order.
  llvm::SmallVector<const CheckEvent *, 2> Candidates;
  /// The candidate closest to the act.
  const CheckEvent *Nearest = nullptr;
  /// A candidate that shares a critical section with the act (a check and
  /// act under one lock, or a re-check under the act's lock).
  const CheckEvent *AtomicWith = nullptr;
  /// A candidate made with no lock at all while the act holds one: the
  /// outer check of double-checked locking.
  const CheckEvent *OuterUnlocked = nullptr;
  std::string SharedBecause;
  const clang::FunctionDecl *Function = nullptr;

  bool isScalarState() const { return Act.T.State != StateKind::None; }
  bool isAtomicState() const {
    return Act.T.State == StateKind::AtomicPointer ||
           Act.T.State == StateKind::AtomicBool;
  }
};

class Rule {
public:
  virtual ~Rule() = default;
  virtual RuleId id() const = 0;
  /// Returns a finding if \p P is this rule's race.
  virtual std::optional<Finding> match(const CheckActPair &P,
                                       FindingBuilder &B) = 0;
};

/// Every rule, in the order they are tried.
std::vector<std::unique_ptr<Rule>> createRules();

} // namespace cta

#endif // CTA_RULES_RULE_H
