//===- CheckActPair.h - One act and the checks it depends on --------------===//
//
/// \file
/// The Analyzer pairs every act of a function with the checks that guard it
/// on the same object and key, and records which of them share a critical
/// section with it. Rules read a pair and decide; the FindingBuilder turns
/// a pair a rule claimed into a Finding.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_CHECKACTPAIR_H
#define CTA_CHECKACTPAIR_H

#include "FunctionFacts.h"
#include "llvm/ADT/SmallVector.h"
#include <string>

namespace clang {
class FunctionDecl;
}

namespace cta {

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
  bool isAtomicState() const { return stateKindInfo(Act.T.State).Atomic; }
};

} // namespace cta

#endif // CTA_CHECKACTPAIR_H
