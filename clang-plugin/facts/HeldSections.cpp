//===- HeldSections.cpp - Locks, guards, sections
//---------------------------===//
//
/// \file
/// Lock and unlock calls, RAII guards (std, absl, the project's own guard
/// classes), std::lock on deferred guards, and the sections callers hold for
/// a function. The LockModel says what a type or call is; this file keeps the
/// LockState of the walk in step with it.
//
//===----------------------------------------------------------------------===//

#include "facts/Walker.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/Support/ErrorHandling.h"

using namespace clang;

namespace cta {

const Stmt *Walker::unlockSite(const Expr *Call) const {
  if (CurWhole && strip(Call) == CurWhole && CurWholeStmt)
    return CurWholeStmt;
  return Call;
}

void Walker::enterCallerHeld() {
  for (const ParmVarDecl *P : FD->parameters()) {
    QualType T = P->getType();
    if (!T->isReferenceType() || !LM.isKnownGuardType(T.getNonReferenceType()))
      continue;
    std::string Id =
        "guard:" +
        canonicalId(
            DeclRefExpr::Create(Ctx, NestedNameSpecifierLoc(), SourceLocation(),
                                const_cast<ParmVarDecl *>(P), false,
                                P->getLocation(), P->getType(), VK_LValue),
            Ctx);
    LockMode Mode = LM.guardMode(T.getNonReferenceType());
    GuardVars.insert(P);
    Locks.rememberGuard(P, Id, P->getNameAsString(), Mode);
    Locks.acquire(Id, P->getNameAsString(), Mode, P, /*CallerHeld=*/true);
  }
  for (const auto *A : FD->specific_attrs<RequiresCapabilityAttr>()) {
    bool Shared = A->isShared();
    for (const Expr *Arg : A->args())
      Locks.acquire(mutexId(Arg), spellingOf(Arg, Ctx),
                    Shared ? LockMode::Shared : LockMode::Exclusive, nullptr,
                    /*CallerHeld=*/true);
  }
}

const VarDecl *Walker::guardVar(const Expr *Base) const {
  if (!Base)
    return nullptr;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(strip(Base)))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (GuardVars.count(VD))
        return VD;
  return nullptr;
}

std::string Walker::mutexId(const Expr *E) {
  std::string Id = canonicalId(E, Ctx);
  if (Id.empty() || LockNames.count(Id))
    return Id;
  const Expr *M = strip(E);
  if (const auto *UO = dyn_cast<UnaryOperator>(M))
    if (UO->getOpcode() == UO_AddrOf)
      M = strip(UO->getSubExpr());
  const ValueDecl *D = nullptr;
  if (const auto *ME = dyn_cast<MemberExpr>(M))
    D = ME->getMemberDecl();
  else if (const auto *DRE = dyn_cast<DeclRefExpr>(M))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (VD->hasGlobalStorage() && !VD->isStaticLocal())
        D = VD;
  LockNames[Id] = D ? stableQualifiedName(D) : std::string();
  return Id;
}

std::vector<std::string> Walker::heldLockNames() const {
  std::vector<std::string> Names;
  for (const Section &S : Locks.held()) {
    auto It = LockNames.find(S.MutexId);
    Names.push_back(It == LockNames.end() ? std::string() : It->second);
  }
  return Names;
}

bool Walker::handleLockCall(const CallView &V) {
  if (const VarDecl *G = guardVar(V.Base)) {
    switch (LockModel::memberOp(V.Name, /*OnGuard=*/true)) {
    case LockOp::Lock:
      for (const auto &M : Locks.guardMutexes(G))
        Locks.acquire(M.first, M.second, Locks.guardMode(G), G);
      return true;
    case LockOp::Unlock:
      closing(unlockSite(V.Call), [&] { Locks.releaseGuard(G); });
      return true;
    case LockOp::Release:
      Locks.forgetGuard(G);
      return true;
    default:
      return false;
    }
  }
  if (V.BaseType.isNull() || !LM.isMutexType(V.BaseType))
    return false;
  LockOp Op = LockModel::memberOp(V.Name, /*OnGuard=*/false);
  if (Op == LockOp::None)
    return false;
  const Expr *MutexE = V.Base;
  std::string Id = MutexE ? mutexId(MutexE) : "this";
  std::string Sp = MutexE ? spellingOf(MutexE, Ctx) : "*this";
  switch (Op) {
  case LockOp::Lock:
    Locks.acquire(Id, Sp, LockMode::Exclusive, nullptr);
    break;
  case LockOp::LockShared:
    Locks.acquire(Id, Sp, LockMode::Shared, nullptr);
    break;
  case LockOp::Unlock:
    closing(unlockSite(V.Call), [&] { Locks.releaseMutex(Id); });
    break;
  case LockOp::AssertHeld:
    Locks.acquire(Id, Sp, LockMode::Exclusive, nullptr, /*CallerHeld=*/true);
    break;
  default:
    break;
  }
  return true;
}

bool Walker::handleFreeLockCall(const CallExpr *CE, llvm::StringRef Name) {
  if (Name == "std::lock") {
    // std::lock(a, b) on deferred guards locks the guards' mutexes, and
    // the guards release them.
    for (const Expr *A : CE->arguments()) {
      if (const VarDecl *G = guardVar(A)) {
        for (const auto &M : Locks.guardMutexes(G))
          Locks.acquire(M.first, M.second, Locks.guardMode(G), G);
        continue;
      }
      Locks.acquire(mutexId(A), spellingOf(A, Ctx), LockMode::Exclusive,
                    nullptr);
    }
    return true;
  }
  LockOp Op = LockModel::freeFunctionOp(Name);
  unsigned Param = 0;
  if (Op == LockOp::None) {
    // A project's own lock function: one that locks its parameter.
    LockModel::Effect E = LM.functionEffect(CE->getDirectCallee());
    if (E.Op == LockOp::None || E.Param < 0)
      return false;
    Op = E.Op;
    Param = E.Param;
  }
  if (CE->getNumArgs() <= Param)
    return false;
  const Expr *M = CE->getArg(Param);
  std::string Id = mutexId(M);
  if (Op == LockOp::Unlock)
    closing(unlockSite(CE), [&] { Locks.releaseMutex(Id); });
  else
    Locks.acquire(Id, spellingOf(M, Ctx),
                  Op == LockOp::LockShared ? LockMode::Shared
                                           : LockMode::Exclusive,
                  nullptr);
  return true;
}

//===----------------------------------------------------------------------===//
// Gates: a test that admits one thread at a time (docs/concepts.md,
// "Protocol exclusion"). The rows are in ModelTables.cpp; the branches the
// result decides open the section (Branches.cpp, enterGates).
//===----------------------------------------------------------------------===//

namespace {

/// false, 0 or null: the value of a gate that is open.
bool isEmptyValue(const Expr *E) {
  return isNullLiteral(E) || boolLiteral(E) == false;
}

/// The expected value of a compare_exchange is empty: `e = false` in the
/// call, or a local initialized empty.
bool isEmptyExpected(const Expr *E) {
  E = strip(E);
  if (const auto *BO = dyn_cast<BinaryOperator>(E);
      BO && BO->getOpcode() == BO_Assign)
    return isEmptyValue(BO->getRHS());
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      return VD->hasLocalStorage() && !isa<ParmVarDecl>(VD) && VD->getInit() &&
             isEmptyValue(VD->getInit());
  return false;
}

bool argsFit(GateArg A, llvm::ArrayRef<const Expr *> Args) {
  switch (A) {
  case GateArg::Any:
    return true;
  case GateArg::SetsArg0:
    return !Args.empty() && !isEmptyValue(Args[0]);
  case GateArg::EmptyArg0:
    return !Args.empty() && isEmptyValue(Args[0]);
  case GateArg::FromEmpty:
    return Args.size() >= 2 && isEmptyExpected(Args[0]) &&
           !isEmptyValue(Args[1]);
  }
  llvm_unreachable("every gate argument form is handled");
}

/// Whether \p T is a std::atomic, or a class derived from one (butil's
/// `butil::atomic<T>` wraps std::atomic so): its exchange is the base's.
bool isAtomicGateType(QualType T, const ContainerModel &CM,
                      unsigned Depth = 0) {
  if (T.isNull() || Depth > 4)
    return false;
  if (stateKindInfo(CM.stateKind(T)).Atomic)
    return true;
  const auto *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return false;
  return llvm::any_of(RD->getDefinition()->bases(),
                      [&](const CXXBaseSpecifier &B) {
                        return isAtomicGateType(B.getType(), CM, Depth + 1);
                      });
}

const GateOpInfo *gateRow(GateOn On, llvm::StringRef Name,
                          llvm::ArrayRef<const Expr *> Args) {
  for (const GateOpInfo &R : gateOps())
    if (R.On == On && R.Name == Name && argsFit(R.Arg, Args))
      return &R;
  return nullptr;
}

} // namespace

bool Walker::noteGate(const Gate &G) {
  bool Decides = false;
  if (PendingInitVar && G.Result && strip(G.Result) == PendingInit) {
    Gate V = G;
    V.Result = nullptr;
    V.Var = PendingInitVar;
    GateVars[PendingInitVar] = std::move(V);
    Decides = true;
  }
  for (unsigned CondIdx : CondStack) {
    CondGates[CondIdx].push_back(G);
    Decides = true;
  }
  return Decides;
}

bool Walker::handleGateCall(const CallView &V) {
  Gate G;
  GateOn On;
  if (const VarDecl *GV = guardVar(V.Base)) {
    On = GateOn::Guard;
    G.GuardVar = GV;
  } else if (V.BaseType.isNull()) {
    return false;
  } else if (LM.isMutexType(V.BaseType)) {
    On = GateOn::Mutex;
    // The mutex's own section: its unlock() ends the gate.
    G.Id = V.Base ? canonicalId(V.Base, Ctx) : "this";
    G.Spelling = V.Base ? spellingOf(V.Base, Ctx) : "*this";
  } else if (V.Base) {
    if (llvm::is_contained(gateFlagTypes(), templateNameOf(V.BaseType)))
      On = GateOn::Flag;
    else if (isAtomicGateType(V.BaseType, CM))
      On = GateOn::Atomic;
    else
      return false;
    G.Id = "gate:" + canonicalId(V.Base, Ctx);
    G.Spelling = "gate:" + spellingOf(V.Base, Ctx);
    // Named as every TU names it, for callers' gates across the database.
    if (auto N = LockNames.find(mutexId(V.Base));
        N != LockNames.end() && !N->second.empty())
      LockNames[G.Id] = "gate:" + N->second;
  } else {
    return false;
  }
  const GateOpInfo *Row = gateRow(On, V.Name, V.Args);
  if (!Row)
    return false;
  if (Row->Step == GateStep::Leave) {
    closing(unlockSite(V.Call), [&] { Locks.releaseMutex(G.Id); });
    return false;
  }
  G.Result = V.Call;
  G.ClosedWhen = Row->ClosedWhen;
  // A try-lock whose result nothing tests keeps the old reading: it locks.
  return noteGate(G) && (On == GateOn::Mutex || On == GateOn::Guard);
}

bool Walker::handleFreeGateCall(const CallExpr *CE, llvm::StringRef Name) {
  llvm::SmallVector<const Expr *, 4> Args(CE->arguments());
  const GateOpInfo *Row = gateRow(GateOn::Function, Name, Args);
  if (!Row || Row->Step != GateStep::Enter || Args.empty())
    return false;
  Gate G;
  G.Result = CE;
  G.ClosedWhen = Row->ClosedWhen;
  G.Id = canonicalId(Args[0], Ctx);
  G.Spelling = spellingOf(Args[0], Ctx);
  return noteGate(G);
}

void Walker::handleGuardDecl(const VarDecl *VD) {
  if (!VD->hasLocalStorage() || !VD->getInit())
    return;
  QualType T = VD->getType();
  if (!T->isRecordType() && !T->isDependentType())
    return;
  bool Known = LM.isKnownGuardType(T);
  // Find the constructor call, looking through copy-initialization.
  const Expr *Init = strip(VD->getInit());
  for (unsigned I = 0; I < 4; ++I) {
    const auto *CE = dyn_cast<CXXConstructExpr>(Init);
    if (!CE || CE->getNumArgs() != 1 ||
        !CE->getConstructor()->isCopyOrMoveConstructor())
      break;
    const Expr *Inner = strip(CE->getArg(0));
    if (Inner == Init)
      break;
    Init = Inner;
  }
  llvm::SmallVector<const Expr *, 2> Mutexes;
  GuardTag Tag = GuardTag::Acquire;
  auto Consider = [&](const Expr *A) {
    QualType AT = A->getType();
    if (LockModel::tagOf(AT) != GuardTag::Acquire) {
      Tag = LockModel::tagOf(AT);
      return;
    }
    if (!AT.isNull() && LM.isMutexType(AT))
      Mutexes.push_back(A);
  };
  if (const auto *CE = dyn_cast<CXXConstructExpr>(Init)) {
    for (const Expr *A : CE->arguments())
      Consider(A);
  } else if (const auto *PL = dyn_cast<ParenListExpr>(Init)) {
    for (unsigned I = 0; I < PL->getNumExprs(); ++I)
      Consider(PL->getExpr(I));
  } else if (const auto *UC = dyn_cast<CXXUnresolvedConstructExpr>(Init)) {
    for (const Expr *A : UC->arguments())
      Consider(A);
  } else if (const auto *IL = dyn_cast<InitListExpr>(Init)) {
    for (const Expr *A : IL->inits())
      Consider(A);
  }
  // A guard class of the project's own, recognized by its constructor
  // locking and its destructor unlocking: the mutex is the argument the
  // constructor locks, or what it locks by itself (a static mutex).
  if (Mutexes.empty() && !Known) {
    const auto *CE = dyn_cast<CXXConstructExpr>(Init);
    if (!CE || !LM.isGuardClass(CE->getConstructor()->getParent()))
      return;
    const Expr *Locked = LM.lockedInBody(CE->getConstructor());
    if (!Locked)
      return;
    const Expr *L = Locked->IgnoreParenImpCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(L))
      L = UO->getSubExpr()->IgnoreParenImpCasts();
    const auto *DRE = dyn_cast<DeclRefExpr>(L);
    const auto *P = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
    if (P && P->getFunctionScopeIndex() < CE->getNumArgs())
      Mutexes.push_back(CE->getArg(P->getFunctionScopeIndex()));
    else if (!P && canonicalId(Locked, Ctx).find("this") == std::string::npos)
      Mutexes.push_back(Locked);
    else
      return;
  }
  // A known guard built from something else (`auto l = lockFor(k)`):
  // the initializer names the mutex.
  if (Mutexes.empty())
    Mutexes.push_back(Init);
  LockMode Mode = LM.guardMode(T);
  GuardVars.insert(VD);
  for (const Expr *M : Mutexes) {
    std::string Id = mutexId(M);
    if (Id.empty())
      Id = "guard:" + VD->getNameAsString();
    std::string Sp = spellingOf(M, Ctx);
    if (!Sp.empty() && Sp[0] == '&')
      Sp = Sp.substr(1);
    Locks.rememberGuard(VD, Id, Sp, Mode);
    // A try_to_lock guard holds its mutex where a test of owns_lock() says
    // so (a gate, handleGateCall).
    if (Tag == GuardTag::Defer || Tag == GuardTag::TryLock)
      continue;
    if (Tag == GuardTag::Adopt)
      Locks.adopt(Id, Sp, Mode, VD);
    else
      Locks.acquire(Id, Sp, Mode, VD);
  }
}

} // namespace cta
