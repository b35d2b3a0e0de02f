//===- SharedState.cpp - The sharing policy (docs/concepts.md) ----------===//

#include "SharedState.h"
#include "Config.h"
#include "ContainerModel.h"
#include "LockScopes.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace cta {
namespace {

bool listed(const std::vector<std::string> &List, llvm::StringRef Name) {
  for (const std::string &S : List)
    if (Name == S)
      return true;
  return false;
}

/// std::atomic<T>, std::atomic_flag, or an array or holder of them only.
bool isAtomicOnly(QualType T) {
  while (const auto *AT = T->getAsArrayTypeUnsafe())
    T = AT->getElementType();
  std::string Name = templateNameOf(T);
  if (Name == "std::atomic" || Name == "std::atomic_flag" ||
      Name == "std::atomic_ref")
    return true;
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T->getAsCXXRecordDecl());
  if (!Spec)
    return false;
  bool Any = false;
  for (const TemplateArgument &A : Spec->getTemplateArgs().asArray()) {
    if (A.getKind() != TemplateArgument::Type)
      continue;
    std::string ArgName = templateNameOf(A.getAsType());
    if (ArgName == "std::atomic" || ArgName == "std::atomic_flag")
      Any = true;
    else if (ContainerModel::isConcurrencyPrimitiveName(ArgName))
      return false;
  }
  return Any;
}

/// Does \p S take a lock: construct a guard or call lock() on a mutex?
bool takesLock(const Stmt *S, const LockModel &Locks) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        if (VD->hasLocalStorage() && Locks.isKnownGuardType(VD->getType()))
          return true;
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
    if (const CXXMethodDecl *MD = MC->getMethodDecl())
      if (MD->getIdentifier()) {
        LockOp Op = LockModel::memberOp(MD->getName(), /*OnGuard=*/false);
        if ((Op == LockOp::Lock || Op == LockOp::LockShared) &&
            Locks.isMutexType(MC->getImplicitObjectArgument()->getType()))
          return true;
      }
  }
  if (const auto *CE = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *FD = CE->getDirectCallee())
      if (FD->getIdentifier() &&
          LockModel::freeFunctionOp(FD->getName()) == LockOp::Lock)
        return true;
  // Running `this` on another thread: std::thread([this] { ... }).
  if (const auto *CE = dyn_cast<CXXConstructExpr>(S)) {
    std::string N = templateNameOf(CE->getType());
    if (N == "std::thread" || N == "std::jthread")
      for (const Expr *A : CE->arguments())
        if (const auto *LE = dyn_cast<LambdaExpr>(A->IgnoreImplicit()))
          for (const LambdaCapture &C : LE->captures())
            if (C.capturesThis())
              return true;
  }
  for (const Stmt *C : S->children())
    if (takesLock(C, Locks))
      return true;
  return false;
}

/// Whether \p S uses `this` at all: a member, a member call, a capture.
bool usesThis(const Stmt *S) {
  if (!S)
    return false;
  if (isa<CXXThisExpr>(S))
    return true;
  for (const Stmt *C : S->children())
    if (usesThis(C))
      return true;
  return false;
}

} // namespace

bool SharedState::typeIsConcurrent(QualType T, unsigned Depth) const {
  if (T.isNull() || Depth > 3)
    return false;
  // A pointer or reference to a mutex or atomic owned elsewhere says the
  // owner synchronizes, not this class.
  if (T->isReferenceType() || T->isPointerType())
    return false;
  while (const auto *AT = T->getAsArrayTypeUnsafe())
    T = AT->getElementType();
  if (Locks.isMutexType(T))
    return true;
  std::string Name = templateNameOf(T);
  if (ContainerModel::isConcurrencyPrimitiveName(Name))
    return true;
  // unique_ptr<std::mutex>, std::array<std::atomic<int>, N>...
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
          T->getAsCXXRecordDecl())) {
    for (const TemplateArgument &A : Spec->getTemplateArgs().asArray())
      if (A.getKind() == TemplateArgument::Type &&
          typeIsConcurrent(A.getAsType(), Depth + 1))
        return true;
  }
  if (const auto *TST = T->getAs<TemplateSpecializationType>())
    for (const TemplateArgument &A : TST->template_arguments())
      if (A.getKind() == TemplateArgument::Type &&
          typeIsConcurrent(A.getAsType(), Depth + 1))
        return true;
  return false;
}

bool SharedState::methodTakesLock(const CXXRecordDecl *RD,
                                  std::string &Method) const {
  for (const CXXMethodDecl *MD : RD->methods()) {
    // A static method has no instance to protect, and a method that locks
    // without touching this object's members guards someone else's state
    // (an iterator's cleanup locking the database's mutex).
    const FunctionDecl *Def = nullptr;
    if (MD->isStatic() || !MD->hasBody(Def) || !Def)
      continue;
    if (takesLock(Def->getBody(), Locks) &&
        usesThis(Def->getBody())) {
      Method = MD->getNameAsString();
      return true;
    }
  }
  return false;
}

SharedState::Intent SharedState::computeIntent(const CXXRecordDecl *RD,
                                               unsigned Depth) {
  if (!RD || Depth > 8)
    return {};
  if (RD->hasDefinition())
    RD = RD->getDefinition();
  std::string Name = stableQualifiedName(RD);
  if (listed(Cfg.UnsharedClasses, Name))
    return {};
  if (listed(Cfg.SharedClasses, Name))
    return {"'" + Name + "' is listed in shared-classes",
            SharingEvidence::Direct};
  if (!RD->hasDefinition())
    return {};
  // A lock guard's own state belongs to the thread that holds it.
  if (Locks.isGuardClass(RD))
    return {};
  // Atomics make themselves safe to share; what they say about the other
  // members is weaker evidence than a mutex, so they count last.
  std::string Atomic;
  auto Member = [&](const ValueDecl *VD) -> bool {
    if (!typeIsConcurrent(VD->getType(), 0))
      return false;
    if (isAtomicOnly(VD->getType())) {
      if (Atomic.empty())
        Atomic = VD->getNameAsString();
      return false;
    }
    return true;
  };
  auto Synchronizes = [&](const ValueDecl *VD) {
    return Intent{"'" + Name + "' has the synchronization member '" +
                  VD->getNameAsString() + "'"};
  };
  for (const FieldDecl *FD : RD->fields())
    if (Member(FD))
      return Synchronizes(FD);
  for (const Decl *D : RD->decls())
    if (const auto *VD = dyn_cast<VarDecl>(D))
      if (VD->isStaticDataMember() && Member(VD))
        return Synchronizes(VD);
  std::string Method;
  if (methodTakesLock(RD, Method))
    return {"'" + Name + "::" + Method +
            "' takes a lock or runs 'this' on another thread"};
  for (const CXXBaseSpecifier &B : RD->bases())
    if (const CXXRecordDecl *Base = B.getType()->getAsCXXRecordDecl()) {
      Intent Why = computeIntent(Base, Depth + 1);
      if (!Why.Why.empty() &&
          (Why.Kind != SharingEvidence::AtomicOnly || Atomic.empty()))
        return Why;
    }
  if (!Atomic.empty())
    return {"'" + Name + "' has the atomic member '" + Atomic + "'",
            SharingEvidence::AtomicOnly};
  return {};
}

const SharedState::Intent &SharedState::intentOf(const CXXRecordDecl *RD) {
  auto It = IntentCache.find(RD);
  if (It != IntentCache.end())
    return It->second;
  Intent Why = computeIntent(RD, 0);
  return IntentCache[RD] = std::move(Why);
}

const std::string &SharedState::intent(const CXXRecordDecl *RD) {
  return intentOf(RD).Why;
}

namespace {
bool usesAtomicMemberIn(const Stmt *S, unsigned Depth) {
  if (!S || Depth > 200)
    return false;
  if (const auto *ME = dyn_cast<MemberExpr>(S))
    if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl()))
      if (isAtomicOnly(FD->getType()))
        return true;
  for (const Stmt *C : S->children())
    if (usesAtomicMemberIn(C, Depth + 1))
      return true;
  return false;
}
} // namespace

bool SharedState::usesAtomicMember(const Stmt *Body) {
  return usesAtomicMemberIn(Body, 0);
}

std::string SharedState::sharedBecause(const ObjectRef &O,
                                       const FunctionFacts &F,
                                       SharingEvidence *Kind) {
  SharingEvidence Ignored;
  if (!Kind)
    Kind = &Ignored;
  *Kind = SharingEvidence::Direct;
  if (!O.known())
    return {};
  if (const VarDecl *VD = O.RootVar) {
    if (VD->getTLSKind() != VarDecl::TLS_None)
      return {};
    if (VD->isStaticLocal())
      return "'" + VD->getNameAsString() + "' is a function-local static";
    if (VD->isStaticDataMember())
      return "'" + stableQualifiedName(VD) + "' is a static data member";
    if (VD->hasGlobalStorage())
      return "'" + stableQualifiedName(VD) + "' is a namespace-scope variable";
    if (F.ThreadCaptured.count(VD))
      return "'" + VD->getNameAsString() +
             "' is captured by reference by another thread";
    if (!O.RootIsIndirect)
      return {}; // A local or by-value parameter: this thread's own.
  } else if (O.RootIsStaticAccessor) {
    return "'" + O.Spelling + "' is reached through an accessor of static "
           "storage";
  }
  // Members: the class that declares the first field decides; deeper
  // members: any class along the chain may carry the intent. The strongest
  // evidence along the chain wins.
  llvm::SmallVector<const CXXRecordDecl *, 4> Owners;
  if (!O.Fields.empty()) {
    for (const FieldDecl *FD : O.Fields)
      if (const auto *RD = dyn_cast<CXXRecordDecl>(FD->getParent()))
        Owners.push_back(RD);
  } else if (O.RootIsThis && O.ThisClass) {
    Owners.push_back(O.ThisClass);
  }
  const Intent *Weak = nullptr;
  for (const CXXRecordDecl *RD : Owners) {
    const Intent &I = intentOf(RD);
    if (I.Why.empty())
      continue;
    if (I.Kind != SharingEvidence::AtomicOnly) {
      *Kind = I.Kind;
      return I.Why;
    }
    if (!Weak)
      Weak = &I;
  }
  if (!Weak)
    return {};
  *Kind = SharingEvidence::AtomicOnly;
  return Weak->Why;
}

} // namespace cta
