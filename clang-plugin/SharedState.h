//===- SharedState.h - Is this object reachable from several threads? -----===//
//
/// \file
/// The sharing policy of DESIGN §4:
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

class SharedState {
public:
  SharedState(const Config &Cfg, const LockModel &Locks)
      : Cfg(Cfg), Locks(Locks) {}

  /// Why \p O is shared, or an empty string if the policy says it is not.
  std::string sharedBecause(const ObjectRef &O, const FunctionFacts &F);

  /// The reason \p RD shows concurrency intent, or empty.
  const std::string &intent(const clang::CXXRecordDecl *RD);

private:
  std::string computeIntent(const clang::CXXRecordDecl *RD, unsigned Depth);
  bool typeIsConcurrent(clang::QualType T, unsigned Depth) const;
  bool methodTakesLock(const clang::CXXRecordDecl *RD,
                       std::string &Method) const;

  const Config &Cfg;
  const LockModel &Locks;
  llvm::DenseMap<const clang::CXXRecordDecl *, std::string> IntentCache;
};

} // namespace cta

#endif // CTA_SHAREDSTATE_H
