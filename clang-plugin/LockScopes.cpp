//===- LockScopes.cpp - Tables of lock APIs and the section tracker -------===//

#include "LockScopes.h"
#include "ContainerModel.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace cta {
namespace {

const llvm::StringRef MutexTypes[] = {
    "std::mutex",          "std::recursive_mutex",   "std::timed_mutex",
    "std::recursive_timed_mutex", "std::shared_mutex", "std::shared_timed_mutex",
    "absl::Mutex",         "pthread_mutex_t",        "pthread_rwlock_t",
    "pthread_spinlock_t",  "boost::mutex",           "boost::shared_mutex",
    "boost::recursive_mutex", "folly::SharedMutex",  "folly::SpinLock",
    "folly::MicroSpinLock", "tbb::spin_mutex",       "tbb::mutex",
    "tbb::queuing_mutex",  "tbb::spin_rw_mutex",     "tbb::queuing_rw_mutex",
};

struct GuardRow {
  llvm::StringRef Name;
  LockMode Mode;
};
const GuardRow GuardTypes[] = {
    {"std::lock_guard", LockMode::Exclusive},
    {"std::unique_lock", LockMode::Exclusive},
    {"std::scoped_lock", LockMode::Exclusive},
    {"std::shared_lock", LockMode::Shared},
    {"absl::MutexLock", LockMode::Exclusive},
    {"absl::MutexLockMaybe", LockMode::Exclusive},
    {"absl::ReleasableMutexLock", LockMode::Exclusive},
    {"absl::WriterMutexLock", LockMode::Exclusive},
    {"absl::ReaderMutexLock", LockMode::Shared},
    {"boost::lock_guard", LockMode::Exclusive},
    {"boost::unique_lock", LockMode::Exclusive},
    {"boost::shared_lock", LockMode::Shared},
    {"boost::upgrade_lock", LockMode::Shared},
};

struct OpRow {
  llvm::StringRef Name;
  LockOp Op;
};
// Member calls on a mutex.
const OpRow MutexOps[] = {
    {"lock", LockOp::Lock},           {"Lock", LockOp::Lock},
    {"WriterLock", LockOp::Lock},     {"WriteLock", LockOp::Lock},
    {"ReadLock", LockOp::LockShared}, {"ReadUnlock", LockOp::Unlock},
    {"WriteUnlock", LockOp::Unlock},  {"try_lock", LockOp::Lock},
    {"TryLock", LockOp::Lock},        {"try_lock_for", LockOp::Lock},
    {"try_lock_until", LockOp::Lock}, {"lock_shared", LockOp::LockShared},
    {"ReaderLock", LockOp::LockShared}, {"try_lock_shared", LockOp::LockShared},
    {"ReaderTryLock", LockOp::LockShared}, {"unlock", LockOp::Unlock},
    {"Unlock", LockOp::Unlock},       {"WriterUnlock", LockOp::Unlock},
    {"unlock_shared", LockOp::Unlock}, {"ReaderUnlock", LockOp::Unlock},
    {"Acquire", LockOp::Lock},        {"Release", LockOp::Unlock},
    {"AssertHeld", LockOp::AssertHeld}, {"AssertReaderHeld", LockOp::AssertHeld},
    {"AssertAcquired", LockOp::AssertHeld},
    {"assertHeld", LockOp::AssertHeld},
};
// Member calls on a guard variable.
const OpRow GuardOps[] = {
    {"lock", LockOp::Lock},     {"try_lock", LockOp::Lock},
    {"try_lock_for", LockOp::Lock}, {"try_lock_until", LockOp::Lock},
    {"unlock", LockOp::Unlock}, {"Release", LockOp::Unlock},
    {"release", LockOp::Release},
};
const OpRow FreeOps[] = {
    {"pthread_mutex_lock", LockOp::Lock},
    {"pthread_mutex_trylock", LockOp::Lock},
    {"pthread_mutex_unlock", LockOp::Unlock},
    {"pthread_rwlock_wrlock", LockOp::Lock},
    {"pthread_rwlock_rdlock", LockOp::LockShared},
    {"pthread_rwlock_unlock", LockOp::Unlock},
    {"pthread_spin_lock", LockOp::Lock},
    {"pthread_spin_unlock", LockOp::Unlock},
};

LockOp lookup(llvm::ArrayRef<OpRow> Rows, llvm::StringRef Name) {
  for (const OpRow &R : Rows)
    if (R.Name == Name)
      return R.Op;
  return LockOp::None;
}

const GuardRow *guardRow(QualType T) {
  std::string Name = templateNameOf(T);
  for (const GuardRow &G : GuardTypes)
    if (G.Name == Name)
      return &G;
  return nullptr;
}

} // namespace

bool LockModel::hasLockableMethods(const CXXRecordDecl *RD) const {
  if (!RD || !RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  bool HasLock = false, HasUnlock = false;
  auto Scan = [&](const CXXRecordDecl *R) {
    for (const Decl *D : R->decls()) {
      const auto *ND = dyn_cast<NamedDecl>(D);
      if (!ND || !ND->getDeclName().isIdentifier())
        continue;
      llvm::StringRef N = ND->getName();
      if (N == "lock" || N == "Lock" || N == "WriterLock" ||
          N == "WriteLock" || N == "ReadLock" || N == "ReaderLock" ||
          N == "Acquire")
        HasLock = true;
      else if (N == "unlock" || N == "Unlock" || N == "WriterUnlock" ||
               N == "WriteUnlock" || N == "ReadUnlock" ||
               N == "ReaderUnlock" || N == "Release")
        HasUnlock = true;
    }
  };
  Scan(RD);
  for (const CXXBaseSpecifier &B : RD->bases())
    if (const CXXRecordDecl *BR = B.getType()->getAsCXXRecordDecl())
      if (BR->hasDefinition())
        Scan(BR->getDefinition());
  return HasLock && HasUnlock;
}

bool LockModel::isMutexType(QualType T) const {
  if (T.isNull())
    return false;
  T = T.getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  T = T.getUnqualifiedType();
  const Type *Key = T.getCanonicalType().getTypePtr();
  auto It = MutexCache.find(Key);
  if (It != MutexCache.end())
    return It->second;
  bool Result = false;
  std::string Name = templateNameOf(T);
  if (Name.empty()) {
    // pthread_mutex_t is a typedef of an anonymous union.
    if (const auto *TT = T->getAs<TypedefType>())
      Name = TT->getDecl()->getName().str();
  }
  for (llvm::StringRef M : MutexTypes)
    if (Name == M)
      Result = true;
  if (!Result && !guardRow(T))
    Result = hasLockableMethods(T->getAsCXXRecordDecl());
  MutexCache[Key] = Result;
  return Result;
}

bool LockModel::isKnownGuardType(QualType T) const { return guardRow(T); }

LockMode LockModel::guardMode(QualType T) const {
  if (const GuardRow *G = guardRow(T))
    return G->Mode;
  // User guards: the name tells (ReadLock, ReaderMutexLock, SharedLock...).
  std::string Name = templateNameOf(T);
  llvm::StringRef N(Name);
  if (N.contains("Read") || N.contains("read") || N.contains("Shared") ||
      N.contains("shared"))
    return LockMode::Shared;
  return LockMode::Exclusive;
}

LockOp LockModel::memberOp(llvm::StringRef Name, bool OnGuard) {
  return lookup(OnGuard ? llvm::ArrayRef<OpRow>(GuardOps)
                        : llvm::ArrayRef<OpRow>(MutexOps),
                Name);
}

LockOp LockModel::freeFunctionOp(llvm::StringRef QualifiedName) {
  return lookup(FreeOps, QualifiedName);
}

GuardTag LockModel::tagOf(QualType T) {
  std::string Name = templateNameOf(T);
  if (Name == "std::defer_lock_t")
    return GuardTag::Defer;
  if (Name == "std::adopt_lock_t")
    return GuardTag::Adopt;
  if (Name == "std::try_to_lock_t")
    return GuardTag::TryLock;
  return GuardTag::Acquire;
}

namespace {

const Expr *stripAddr(const Expr *E) {
  for (unsigned I = 0; E && I < 8; ++I) {
    E = E->IgnoreParenImpCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E))
      if (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref) {
        E = UO->getSubExpr();
        continue;
      }
    break;
  }
  return E;
}

int paramIndex(const FunctionDecl *FD, const Expr *E) {
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(stripAddr(E)))
    if (const auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl()))
      for (unsigned I = 0; I < FD->getNumParams(); ++I)
        if (FD->getParamDecl(I) == P)
          return I;
  return -1;
}

/// Calls \p Visit on every call in \p S, outside lambdas, depth-bounded.
template <class Fn> void forEachCall(const Stmt *S, Fn &&Visit, unsigned D = 0) {
  if (!S || D > 64 || isa<LambdaExpr>(S))
    return;
  if (const auto *CE = dyn_cast<CallExpr>(S))
    Visit(CE);
  for (const Stmt *C : S->children())
    forEachCall(C, Visit, D + 1);
}

} // namespace

LockModel::Effect LockModel::computeEffect(const FunctionDecl *FD,
                                           unsigned Depth) const {
  Effect E;
  if (!FD || Depth > 3)
    return E;
  const FunctionDecl *Def = nullptr;
  if (FD->hasBody(Def) && Def) {
    const LockModel &Self = *this;
    forEachCall(Def->getBody(), [&](const CallExpr *CE) {
      if (E.Op != LockOp::None)
        return;
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE)) {
        const CXXMethodDecl *MD = MC->getMethodDecl();
        if (!MD || !MD->getIdentifier() ||
            !Self.isMutexType(MC->getImplicitObjectArgument()->getType()))
          return;
        LockOp Op = memberOp(MD->getName(), /*OnGuard=*/false);
        int P = paramIndex(Def, MC->getImplicitObjectArgument());
        if ((Op == LockOp::Lock || Op == LockOp::LockShared ||
             Op == LockOp::Unlock) && P >= 0)
          E = {Op, P};
        return;
      }
      const FunctionDecl *Callee = CE->getDirectCallee();
      if (!Callee || !Callee->getIdentifier() || Callee == Def)
        return;
      Effect Inner{freeFunctionOp(Callee->getName()), 0};
      if (Inner.Op == LockOp::None)
        Inner = Self.computeEffect(Callee, Depth + 1);
      if (Inner.Op == LockOp::None || Inner.Param < 0 ||
          static_cast<unsigned>(Inner.Param) >= CE->getNumArgs())
        return;
      int P = paramIndex(Def, CE->getArg(Inner.Param));
      if (P >= 0)
        E = {Inner.Op, P};
    });
    return E;
  }
  // No body: the name and a mutex parameter tell.
  if (!FD->getIdentifier())
    return E;
  std::string Name = llvm::StringRef(FD->getName()).lower();
  if (!llvm::StringRef(Name).contains("lock"))
    return E;
  for (unsigned I = 0; I < FD->getNumParams(); ++I)
    if (isMutexType(FD->getParamDecl(I)->getType())) {
      E.Param = I;
      E.Op = llvm::StringRef(Name).contains("unlock") ? LockOp::Unlock
                                                       : LockOp::Lock;
      break;
    }
  return E;
}

LockModel::Effect LockModel::functionEffect(const FunctionDecl *FD) const {
  if (!FD)
    return {};
  FD = FD->getCanonicalDecl();
  auto It = EffectCache.find(FD);
  if (It != EffectCache.end())
    return It->second;
  EffectCache[FD] = {}; // Recursion guard.
  Effect E = computeEffect(FD, 0);
  EffectCache[FD] = E;
  return E;
}

const Expr *LockModel::lockedInBody(const FunctionDecl *FD) const {
  return lockedInBody(FD, 0);
}

const Expr *LockModel::lockedInBody(const FunctionDecl *FD,
                                    unsigned Depth) const {
  const FunctionDecl *Def = nullptr;
  if (!FD || Depth > 3 || !FD->hasBody(Def) || !Def)
    return nullptr;
  const Expr *Locked = nullptr;
  forEachCall(Def->getBody(), [&](const CallExpr *CE) {
    if (Locked)
      return;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE)) {
      const CXXMethodDecl *MD = MC->getMethodDecl();
      // A guard whose constructor calls its own lock() method.
      const auto *DefMD = dyn_cast<CXXMethodDecl>(Def);
      if (MD && DefMD && MD != Def && MD->getParent() == DefMD->getParent() &&
          isa<CXXThisExpr>(
              MC->getImplicitObjectArgument()->IgnoreParenImpCasts()))
        if (const Expr *Inner = lockedInBody(MD, Depth + 1)) {
          Locked = Inner;
          return;
        }
      if (MD && MD->getIdentifier() &&
          isMutexType(MC->getImplicitObjectArgument()->getType())) {
        LockOp Op = memberOp(MD->getName(), /*OnGuard=*/false);
        if (Op == LockOp::Lock || Op == LockOp::LockShared)
          Locked = MC->getImplicitObjectArgument();
      }
      return;
    }
    const FunctionDecl *Callee = CE->getDirectCallee();
    if (!Callee || !Callee->getIdentifier())
      return;
    Effect E{freeFunctionOp(Callee->getName()), 0};
    if (E.Op == LockOp::None)
      E = functionEffect(Callee);
    if ((E.Op == LockOp::Lock || E.Op == LockOp::LockShared) &&
        E.Param >= 0 && static_cast<unsigned>(E.Param) < CE->getNumArgs()) {
      Locked = CE->getArg(E.Param);
      return;
    }
    // A helper that locks a global of its own (`static void LockLogging()
    // { pthread_mutex_lock(&log_mutex); }`).
    if (E.Op == LockOp::None && Callee != Def)
      if (const Expr *Inner = lockedInBody(Callee, Depth + 1)) {
        const Expr *X = Inner->IgnoreParenImpCasts();
        if (const auto *UO = dyn_cast<UnaryOperator>(X))
          X = UO->getSubExpr()->IgnoreParenImpCasts();
        const auto *DRE = dyn_cast<DeclRefExpr>(X);
        if (!DRE || !isa<ParmVarDecl>(DRE->getDecl()))
          Locked = Inner;
      }
  });
  return Locked;
}

bool LockModel::isGuardClass(const CXXRecordDecl *RD) const {
  if (!RD || !RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  auto It = GuardClassCache.find(RD);
  if (It != GuardClassCache.end())
    return It->second;
  bool Guard = false;
  if (const CXXDestructorDecl *D = RD->getDestructor(); D && D->hasBody())
    for (const CXXConstructorDecl *C : RD->ctors())
      if (!C->isCopyOrMoveConstructor() && lockedInBody(C)) {
        Guard = true;
        break;
      }
  GuardClassCache[RD] = Guard;
  return Guard;
}

bool shareSection(const HeldSet &A, const HeldSet &B) {
  for (const Section &X : A)
    for (const Section &Y : B)
      if (X.Id == Y.Id)
        return true;
  return false;
}

bool shareMutex(const HeldSet &A, const HeldSet &B) {
  for (const Section &X : A)
    for (const Section &Y : B)
      if (X.MutexId == Y.MutexId)
        return true;
  return false;
}

unsigned LockState::acquire(llvm::StringRef MutexId, llvm::StringRef Spelling,
                            LockMode Mode, const VarDecl *Guard,
                            bool CallerHeld) {
  Section S;
  S.Id = NextId++;
  S.MutexId = MutexId.str();
  S.MutexSpelling = Spelling.str();
  S.Mode = Mode;
  S.Guard = Guard;
  S.ScopeDepth = Depth;
  if (Guard) {
    auto It = Guards.find(Guard);
    if (It != Guards.end())
      S.ScopeDepth = It->second.DeclDepth;
  }
  S.CallerHeld = CallerHeld;
  Open.push_back(std::move(S));
  return Open.back().Id;
}

void LockState::adopt(llvm::StringRef MutexId, llvm::StringRef Spelling,
                      LockMode Mode, const VarDecl *Guard) {
  for (auto It = Open.rbegin(); It != Open.rend(); ++It) {
    if (It->MutexId != MutexId || It->Guard)
      continue;
    It->Guard = Guard;
    It->ScopeDepth = Depth;
    return;
  }
  acquire(MutexId, Spelling, Mode, Guard);
}

void LockState::releaseMutex(llvm::StringRef MutexId) {
  for (auto It = Open.rbegin(); It != Open.rend(); ++It) {
    if (It->MutexId != MutexId)
      continue;
    Open.erase(std::next(It).base());
    return;
  }
}

void LockState::releaseSection(unsigned Id) {
  llvm::erase_if(Open, [&](const Section &S) { return S.Id == Id; });
}

bool LockState::releaseGuard(const VarDecl *Guard) {
  size_t Before = Open.size();
  Open.erase(std::remove_if(Open.begin(), Open.end(),
                            [&](const Section &S) { return S.Guard == Guard; }),
             Open.end());
  return Open.size() != Before;
}

void LockState::forgetGuard(const VarDecl *Guard) {
  for (Section &S : Open)
    if (S.Guard == Guard)
      S.Guard = nullptr;
  Guards.erase(Guard);
}

void LockState::rememberGuard(const VarDecl *Guard, llvm::StringRef MutexId,
                              llvm::StringRef Spelling, LockMode Mode) {
  GuardInfo &G = Guards[Guard];
  if (G.Mutexes.empty())
    G.DeclDepth = Depth;
  G.Mutexes.emplace_back(MutexId.str(), Spelling.str());
  G.Mode = Mode;
}

llvm::SmallVector<std::pair<std::string, std::string>, 2>
LockState::guardMutexes(const VarDecl *Guard) const {
  auto It = Guards.find(Guard);
  if (It == Guards.end())
    return {};
  return It->second.Mutexes;
}

LockMode LockState::guardMode(const VarDecl *Guard) const {
  auto It = Guards.find(Guard);
  return It == Guards.end() ? LockMode::Exclusive : It->second.Mode;
}

void LockState::exitScope() {
  Open.erase(std::remove_if(Open.begin(), Open.end(),
                            [&](const Section &S) {
                              return S.Guard && S.ScopeDepth >= Depth;
                            }),
             Open.end());
  assert(Depth > 0 && "scopes are left in the order they were entered");
  if (Depth > 0)
    --Depth;
}

} // namespace cta
