//===- LockScopes.h - Critical sections of a function ---------------------===//
//
/// \file
/// A *critical section* is a stretch of a function during which one mutex is
/// held without interruption. Each acquisition opens a new section with its
/// own id: a check and an act are atomic together only when one section
/// covers both. Two sections on the same mutex (lock, unlock, lock again)
/// are two sections: that is what `cta-split-lock` is about.
///
/// LockModel says what lock APIs mean: which types are mutexes (the std and
/// absl ones, and any class with lock()/unlock() or Lock()/Unlock()), which
/// are RAII guards (lock_guard, unique_lock, scoped_lock, shared_lock,
/// absl::MutexLock..., and any class constructed from a mutex), and which
/// member calls lock, unlock or assert a lock. LockState tracks the open
/// sections while the function walker moves through the body.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_LOCKSCOPES_H
#define CTA_LOCKSCOPES_H

#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace clang {
class CXXRecordDecl;
class Expr;
class FunctionDecl;
class VarDecl;
} // namespace clang

namespace cta {

enum class LockMode : uint8_t { Exclusive, Shared };

/// What a member call on a mutex or guard does.
enum class LockOp : uint8_t {
  None,
  Lock,         ///< Opens a section (lock, Lock, WriterLock, try_lock).
  LockShared,   ///< Opens a shared section (lock_shared, ReaderLock).
  Unlock,       ///< Closes the most recent section on the mutex.
  AssertHeld,   ///< The caller holds the mutex from here on.
  Release,      ///< unique_lock::release(): the guard forgets the mutex.
};

/// How a guard's constructor treats the mutex, from its tag argument.
enum class GuardTag : uint8_t { Acquire, Defer, Adopt, TryLock };

class LockModel {
public:
  /// A mutex: std/absl/pthread ones, or a class with lock()/unlock() or
  /// Lock()/Unlock() that is not itself a known guard.
  bool isMutexType(clang::QualType T) const;
  /// An RAII guard type (known by name, or any class whose constructor we
  /// see taking a mutex; the latter is decided by the walker).
  bool isKnownGuardType(clang::QualType T) const;
  /// Mode a guard of this type acquires in.
  LockMode guardMode(clang::QualType T) const;
  /// The meaning of member \p Name called on a mutex (OnGuard = false) or on
  /// a guard variable (OnGuard = true).
  static LockOp memberOp(llvm::StringRef Name, bool OnGuard);
  /// Free functions: pthread_mutex_lock(&m) etc.
  static LockOp freeFunctionOp(llvm::StringRef QualifiedName);
  /// std::defer_lock_t etc.
  static GuardTag tagOf(clang::QualType T);

  /// What calling a function does to a lock it is given: a wrapper such as
  /// `void my_lock(pthread_mutex_t *m) { pthread_mutex_lock(m); }` locks its
  /// parameter 0. Learned from the body; for a function without one, from
  /// its name (`*lock*`, `*unlock*`) and a mutex parameter.
  struct Effect {
    LockOp Op = LockOp::None;
    int Param = -1;
  };
  Effect functionEffect(const clang::FunctionDecl *FD) const;

  /// The expression a function body locks (and keeps locked), or null: what
  /// a guard's constructor locks. A parameter stays a parameter reference.
  const clang::Expr *lockedInBody(const clang::FunctionDecl *FD) const;

  /// A class whose constructor locks and whose destructor unlocks: an RAII
  /// guard, known by name or not.
  bool isGuardClass(const clang::CXXRecordDecl *RD) const;

private:
  bool hasLockableMethods(const clang::CXXRecordDecl *RD) const;
  Effect computeEffect(const clang::FunctionDecl *FD, unsigned Depth) const;
  const clang::Expr *lockedInBody(const clang::FunctionDecl *FD,
                                  unsigned Depth) const;
  mutable llvm::DenseMap<const clang::Type *, bool> MutexCache;
  mutable llvm::DenseMap<const clang::FunctionDecl *, Effect> EffectCache;
  mutable llvm::DenseMap<const clang::CXXRecordDecl *, bool> GuardClassCache;
};

/// One open (or closed) critical section.
struct Section {
  unsigned Id = 0;
  std::string MutexId;       ///< Canonical identity of the mutex expression.
  std::string MutexSpelling; ///< As written, for messages.
  LockMode Mode = LockMode::Exclusive;
  const clang::VarDecl *Guard = nullptr; ///< Owning RAII guard, if any.
  unsigned ScopeDepth = 0;   ///< Scope of the guard variable.
  bool CallerHeld = false;   ///< From an annotation or AssertHeld().
};

/// The sections held at one point of the function.
using HeldSet = llvm::SmallVector<Section, 2>;

/// Returns true if \p A and \p B share one critical section.
bool shareSection(const HeldSet &A, const HeldSet &B);
/// Returns true if \p A and \p B hold a common mutex (maybe in two sections).
bool shareMutex(const HeldSet &A, const HeldSet &B);

class LockState {
public:
  /// Section ids come from \p IdCounter so that sections inherited by a
  /// lambda keep their identity.
  explicit LockState(unsigned &IdCounter) : NextId(IdCounter) {}
  /// Gives an open, guard-less section on \p MutexId to \p Guard
  /// (std::adopt_lock); opens one if none is open.
  void adopt(llvm::StringRef MutexId, llvm::StringRef Spelling, LockMode Mode,
             const clang::VarDecl *Guard);
  unsigned acquire(llvm::StringRef MutexId, llvm::StringRef Spelling,
                   LockMode Mode, const clang::VarDecl *Guard,
                   bool CallerHeld = false);
  /// Closes the most recent open section on \p MutexId.
  void releaseMutex(llvm::StringRef MutexId);
  /// Closes section \p Id if it is open.
  void releaseSection(unsigned Id);
  /// Closes every section owned by \p Guard; returns whether one was open.
  bool releaseGuard(const clang::VarDecl *Guard);
  /// Detaches \p Guard from its sections (unique_lock::release()).
  void forgetGuard(const clang::VarDecl *Guard);
  /// The mutexes a guard was constructed on (kept after unlock for relock).
  llvm::SmallVector<std::pair<std::string, std::string>, 2>
  guardMutexes(const clang::VarDecl *Guard) const;
  void rememberGuard(const clang::VarDecl *Guard, llvm::StringRef MutexId,
                     llvm::StringRef Spelling, LockMode Mode);
  LockMode guardMode(const clang::VarDecl *Guard) const;

  void enterScope() { ++Depth; }
  /// Closes sections of guards declared in the scope being left.
  void exitScope();

  const HeldSet &held() const { return Open; }
  bool empty() const { return Open.empty(); }

  /// Branches: the walker saves the open sections and restores them.
  HeldSet save() const { return Open; }
  void restore(const HeldSet &S) { Open = S; }

private:
  struct GuardInfo {
    llvm::SmallVector<std::pair<std::string, std::string>, 2> Mutexes;
    LockMode Mode = LockMode::Exclusive;
    unsigned DeclDepth = 0; ///< Scope of the guard's declaration.
  };
  HeldSet Open;
  llvm::DenseMap<const clang::VarDecl *, GuardInfo> Guards;
  unsigned Depth = 0;
  unsigned &NextId;
};

} // namespace cta

#endif // CTA_LOCKSCOPES_H
