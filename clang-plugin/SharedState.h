//===- SharedState.h - Is this object reachable from several threads? -----===//
//
/// \file
/// The sharing policy (docs/concepts.md; docs/architecture.md, "Sharing evidence"):
/// - namespace-scope variables, static data members and function-local
///   statics are shared, unless thread_local;
/// - a non-static data member is shared when its class shows concurrency
///   intent: a mutex / atomic / thread / concurrent-container member, or a
///   method that takes a lock (configurable per class);
/// - locals are shared only when captured by reference into a thread.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_SHAREDSTATE_H
#define CTA_SHAREDSTATE_H

#include "FunctionFacts.h"
#include "llvm/ADT/DenseMap.h"
#include <string>

namespace clang {
class CXXRecordDecl;
}

namespace cta {

struct Config;
class LockModel;

/// How strong the evidence for sharing is (docs/concepts.md, "Confidence").
enum class SharingEvidence : uint8_t {
  /// Storage every thread reaches (a global, a static) or a hand-off to a
  /// thread (a capture by reference), or a shared-classes listing.
  Direct,
  /// The class shows concurrency intent: a mutex, a thread, a condition
  /// variable, a concurrent container, a method that takes a lock.
  Intent,
  /// The class's only synchronization is atomic members: they make those
  /// members safe to share, and say little about the others.
  AtomicOnly,
};

class SharedState {
public:
  SharedState(const Config &Cfg, const LockModel &Locks)
      : Cfg(Cfg), Locks(Locks) {}

  /// Why \p O is shared, or an empty string if the policy says it is not.
  /// \p Kind, if given, receives the strength of that evidence.
  std::string sharedBecause(const ObjectRef &O, const FunctionFacts &F,
                            SharingEvidence *Kind = nullptr);

  /// \p Body reads or writes an atomic data member: the function itself is
  /// written to run concurrently.
  static bool usesAtomicMember(const clang::Stmt *Body);

  /// The reason \p RD shows concurrency intent, or empty.
  const std::string &intent(const clang::CXXRecordDecl *RD);

private:
  struct Intent {
    std::string Why;
    SharingEvidence Kind = SharingEvidence::Intent;
  };
  const Intent &intentOf(const clang::CXXRecordDecl *RD);
  Intent computeIntent(const clang::CXXRecordDecl *RD, unsigned Depth);
  bool typeIsConcurrent(clang::QualType T, unsigned Depth) const;
  bool methodTakesLock(const clang::CXXRecordDecl *RD,
                       std::string &Method) const;

  const Config &Cfg;
  const LockModel &Locks;
  llvm::DenseMap<const clang::CXXRecordDecl *, Intent> IntentCache;
};

} // namespace cta

#endif // CTA_SHAREDSTATE_H
