//===- Summaries.cpp - What the functions of a TU say about each other ----===//

#include "Summaries.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/Analyses/ExprMutationAnalyzer.h"
#include "clang/Index/USRGeneration.h"

using namespace clang;

namespace cta {

bool isInternalFunction(const FunctionDecl *FD) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    return MD->getAccess() != AS_public;
  return !FD->isExternallyVisible();
}

namespace {
/// `evictLocked`, `remove_locked`: the name says the caller holds the lock.
bool namedLocked(const FunctionDecl *FD) {
  if (!FD->getIdentifier())
    return false;
  llvm::StringRef N = FD->getName();
  return N.ends_with("Locked") || N.ends_with("_locked") ||
         N.ends_with("LockHeld") || N.ends_with("_lock_held");
}

bool isStructor(const FunctionDecl *FD) {
  return isa<CXXConstructorDecl>(FD) || isa<CXXDestructorDecl>(FD);
}

/// A variable every use of which is in this TU: confinement can be decided
/// here.
bool isFileLocalVariable(const VarDecl *VD) {
  return VD->hasGlobalStorage() &&
         (VD->isStaticLocal() || !VD->isExternallyVisible());
}

/// Records which fields and file-local variables a body touches, lambdas
/// included: a lambda runs on behalf of the function that made it, as far
/// as confinement goes.
class FieldUseFinder : public RecursiveASTVisitor<FieldUseFinder> {
public:
  explicit FieldUseFinder(llvm::SmallPtrSetImpl<const ValueDecl *> &Out)
      : Out(Out) {}
  bool VisitMemberExpr(MemberExpr *ME) {
    if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl()))
      Out.insert(FD);
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
        VD && isFileLocalVariable(VD))
      Out.insert(VD->getCanonicalDecl());
    return true;
  }
  bool shouldVisitLambdaBody() const { return true; }

private:
  llvm::SmallPtrSetImpl<const ValueDecl *> &Out;
};

/// Whether \p Init makes a new object: `new T`, `std::make_unique<T>()`,
/// `std::make_shared<T>()`, or a smart pointer constructed from one.
bool makesNewObject(const Expr *Init) {
  if (!Init)
    return false;
  Init = Init->IgnoreImplicit();
  if (const auto *CE = dyn_cast<CXXConstructExpr>(Init);
      CE && CE->getNumArgs() == 1)
    Init = CE->getArg(0)->IgnoreImplicit();
  if (isa<CXXNewExpr>(Init))
    return true;
  const auto *Call = dyn_cast<CallExpr>(Init);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || !Callee->getIdentifier() || !Callee->isInStdNamespace())
    return false;
  llvm::StringRef N = Callee->getName();
  return N == "make_unique" || N == "make_shared" || N == "allocate_shared";
}

/// Whether the object \p Base (of a member access) is one the function
/// made itself and has not yet shared: a local object, or what a local
/// pointer initialized by makesNewObject points to.
bool isOwnNewObject(const Expr *Base, bool Arrow) {
  Base = Base->IgnoreParenImpCasts();
  // `p->x` on a smart pointer is `p.operator->()->x`.
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(Base);
      OC && OC->getOperator() == OO_Arrow && OC->getNumArgs() == 1) {
    Base = OC->getArg(0)->IgnoreParenImpCasts();
    Arrow = true;
  }
  const auto *DRE = dyn_cast<DeclRefExpr>(Base);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!VD || !VD->hasLocalStorage() || isa<ParmVarDecl>(VD) ||
      VD->getType()->isReferenceType())
    return false;
  return Arrow ? makesNewObject(VD->getInit()) : VD->getType()->isRecordType();
}

/// Can code outside this TU name \p M directly? A public field of a class
/// with external linkage that is not a non-public nested class.
bool nameableElsewhere(const FieldDecl *M) {
  if (M->getAccess() != AS_public)
    return false;
  const RecordDecl *RD = M->getParent();
  if (!RD->isExternallyVisible())
    return false;
  for (const DeclContext *DC = RD; DC && isa<RecordDecl>(DC);
       DC = DC->getParent())
    if (cast<RecordDecl>(DC)->getAccess() == AS_private ||
        cast<RecordDecl>(DC)->getAccess() == AS_protected)
      return false;
  return true;
}

/// The member accesses of one field in a body, and whether each is inside
/// a lambda (with the lambda's body, where its mutation is analyzed).
class FieldWriteFinder : public RecursiveASTVisitor<FieldWriteFinder> {
public:
  struct Use {
    const MemberExpr *ME;
    const Stmt *Body; ///< The function's or the enclosing lambda's body.
    bool InLambda;
  };
  FieldWriteFinder(const FieldDecl *M, const Stmt *Body) : M(M) {
    Bodies.push_back(Body);
  }
  bool VisitMemberExpr(MemberExpr *ME) {
    if (ME->getMemberDecl() == M)
      Uses.push_back({ME, Bodies.back(), Bodies.size() > 1});
    return true;
  }
  bool TraverseLambdaExpr(LambdaExpr *LE) {
    Bodies.push_back(LE->getBody());
    bool Ok = RecursiveASTVisitor::TraverseLambdaExpr(LE);
    Bodies.pop_back();
    return Ok;
  }
  bool shouldVisitLambdaBody() const { return true; }
  std::vector<Use> Uses;

private:
  const FieldDecl *M;
  llvm::SmallVector<const Stmt *, 2> Bodies;
};
} // namespace

TUSummary::TUSummary(const FactsList &All) : All(All) {
  for (const auto &[FD, F] : All) {
    const FunctionDecl *Caller = canon(FD);
    for (const FunctionFacts::CallSite &C : F->Calls) {
      CallerCount &N = Counts[C.Callee];
      ++N.Total;
      N.Locked += C.Locked;
      CallersOf[C.Callee].push_back(Caller);
    }
    for (const FunctionFacts::ThreadEntry &E : F->ThreadEntries)
      (E.Single ? SingleEntries : PoolEntries).insert(E.Fn);
  }
  computeCallerHeld();
  computeInitOnly();
  computeAffinity();
}

const FunctionDecl *TUSummary::canon(const FunctionDecl *FD) const {
  return FD ? FD->getCanonicalDecl() : nullptr;
}

void TUSummary::computeCallerHeld() {
  for (const auto &[FD, F] : All) {
    for (const FunctionDecl *Once : F->OnceFunctions)
      Held.insert(Once);
    // The naming convention holds for helpers; a public method's name is
    // an interface, not a promise about its callers.
    if (namedLocked(FD) && isInternalFunction(FD))
      Held.insert(canon(FD));
  }
  // A helper is caller-held when every call to it in this TU holds a lock
  // or comes from a caller-held function; iterate to a fixed point.
  for (unsigned Round = 0; Round < 4; ++Round) {
    llvm::DenseMap<const FunctionDecl *, CallerCount> Calls;
    for (const auto &[FD, F] : All) {
      bool CallerIsHeld = Held.count(canon(FD));
      for (const FunctionFacts::CallSite &C : F->Calls) {
        CallerCount &N = Calls[C.Callee];
        ++N.Total;
        N.Locked += C.Locked || CallerIsHeld;
      }
    }
    bool Changed = false;
    for (const auto &[FD, F] : All) {
      const FunctionDecl *Canon = canon(FD);
      if (Held.count(Canon) || !isInternalFunction(FD))
        continue;
      auto It = Calls.find(Canon);
      if (It == Calls.end() || It->second.Total == 0 ||
          It->second.Total != It->second.Locked)
        continue;
      Held.insert(Canon);
      Changed = true;
    }
    if (!Changed)
      break;
  }
}

void TUSummary::computeInitOnly() {
  for (unsigned Round = 0; Round < 8; ++Round) {
    bool Changed = false;
    for (const auto &[FD, F] : All) {
      const FunctionDecl *Canon = canon(FD);
      if (Init.count(Canon) || !isInternalFunction(FD) || isStructor(FD) ||
          SingleEntries.count(Canon) || PoolEntries.count(Canon))
        continue;
      auto It = CallersOf.find(Canon);
      if (It == CallersOf.end() || It->second.empty())
        continue;
      if (!llvm::all_of(It->second, [&](const FunctionDecl *C) {
            return isStructor(C) || Init.count(C);
          }))
        continue;
      Init.insert(Canon);
      Changed = true;
    }
    if (!Changed)
      break;
  }
}

void TUSummary::computeAffinity() {
  llvm::DenseMap<const FunctionDecl *, std::string> Posted;
  llvm::DenseSet<const FunctionDecl *> Unknown;
  for (const auto &[FD, F] : All) {
    if (F->ThreadConfined)
      Affine.try_emplace(canon(FD), "asserts it runs on one thread ('" +
                                        F->AffinityAssert + "')");
    for (const FunctionFacts::LoopCallable &L : F->OnLoop)
      Posted.try_emplace(L.Fn, L.How);
    Unknown.insert(F->LambdaCalls.begin(), F->LambdaCalls.end());
  }
  // An internal function handed to a loop, or called only by functions
  // that run on one thread (and by constructors and destructors).
  for (unsigned Round = 0; Round < 8; ++Round) {
    bool Changed = false;
    for (const auto &[FD, F] : All) {
      const FunctionDecl *Canon = canon(FD);
      if (Affine.count(Canon) || !isInternalFunction(FD) || isStructor(FD) ||
          SingleEntries.count(Canon) || PoolEntries.count(Canon) ||
          Unknown.count(Canon))
        continue;
      auto P = Posted.find(Canon);
      auto CI = CallersOf.find(Canon);
      const FunctionDecl *From = nullptr;
      bool AllOk = true;
      if (CI != CallersOf.end())
        for (const FunctionDecl *C : CI->second) {
          if (Affine.count(C))
            From = From ? From : C;
          else if (!isStructor(C) && !Init.count(C))
            AllOk = false;
        }
      if (!AllOk || (P == Posted.end() && !From))
        continue;
      Affine.try_emplace(
          Canon, P != Posted.end()
                     ? P->second + ", which runs it on its event loop"
                     : "called only from '" + stableQualifiedName(From) +
                           "', which runs on one thread");
      Changed = true;
    }
    if (!Changed)
      break;
  }
}

const std::string &TUSummary::affinity(const FunctionDecl *FD) const {
  static const std::string None;
  auto It = Affine.find(canon(FD));
  return It == Affine.end() ? None : It->second;
}

bool TUSummary::callerHeld(const FunctionDecl *FD) const {
  return Held.count(canon(FD));
}

bool TUSummary::initOnly(const FunctionDecl *FD) const {
  return Init.count(canon(FD));
}

TUSummary::CallerCount TUSummary::callers(const FunctionDecl *FD) const {
  auto It = Counts.find(canon(FD));
  return It == Counts.end() ? CallerCount() : It->second;
}

const llvm::DenseSet<const FunctionDecl *> &
TUSummary::onlyFrom(const FunctionDecl *Entry) {
  auto [It, New] = OnlyFromCache.try_emplace(Entry);
  llvm::DenseSet<const FunctionDecl *> &S = It->second;
  if (!New)
    return S;
  S.insert(Entry);
  for (unsigned Round = 0; Round < 8; ++Round) {
    bool Changed = false;
    for (const auto &[FD, F] : All) {
      const FunctionDecl *Canon = canon(FD);
      if (S.count(Canon) || !isInternalFunction(FD))
        continue;
      // Called by the thread, and perhaps by the constructor or the
      // destructor (a logger's destructor flushing after the join).
      auto CI = CallersOf.find(Canon);
      if (CI == CallersOf.end() ||
          !llvm::any_of(CI->second,
                        [&](const FunctionDecl *C) { return S.count(C); }) ||
          !llvm::all_of(CI->second, [&](const FunctionDecl *C) {
            return S.count(C) || isStructor(C) || Init.count(C);
          }))
        continue;
      S.insert(Canon);
      Changed = true;
    }
    if (!Changed)
      break;
  }
  return S;
}

const FunctionDecl *TUSummary::confinedTo(const ValueDecl *M) {
  if (SingleEntries.empty() || !M)
    return nullptr;
  if (const auto *VD = dyn_cast<VarDecl>(M)) {
    if (!isFileLocalVariable(VD))
      return nullptr;
    M = VD->getCanonicalDecl();
  } else if (!isa<FieldDecl>(M)) {
    return nullptr;
  }
  if (!FieldUsers) {
    FieldUsers.emplace();
    for (const auto &[FD, F] : All) {
      llvm::SmallPtrSet<const ValueDecl *, 16> Used;
      FieldUseFinder(Used).TraverseStmt(FD->getBody());
      for (const ValueDecl *U : Used)
        (*FieldUsers)[U].push_back(canon(FD));
    }
  }
  auto UI = FieldUsers->find(M);
  if (UI == FieldUsers->end())
    return nullptr;
  for (const FunctionDecl *Entry : SingleEntries) {
    if (!ownThreadEntry(Entry))
      continue;
    const auto &Reach = onlyFrom(Entry);
    if (llvm::all_of(UI->second, [&](const FunctionDecl *U) {
          return Reach.count(U) || isStructor(U) || Init.count(U);
        }))
      return Entry;
  }
  return nullptr;
}

bool TUSummary::ownThreadEntry(const FunctionDecl *Entry) const {
  // An entry also started by a pool, or called directly as well, is not
  // one thread's own.
  return !PoolEntries.count(Entry) && !Counts.count(Entry) &&
         isInternalFunction(Entry);
}

const FunctionDecl *TUSummary::soleTaker(const FieldDecl *M,
                                         const FunctionDecl *FD) {
  if (SingleEntries.empty() || !M || !FD)
    return nullptr;
  llvm::SmallVector<const FunctionDecl *, 4> Takers;
  for (const auto &[Fn, F] : All)
    if (llvm::any_of(F->Acts, [&](const ActEvent &A) {
          return A.R == Role::Remove && A.T.Obj.RootIsThis &&
                 !A.T.Obj.Fields.empty() && A.T.Obj.Fields.front() == M;
        }))
      Takers.push_back(canon(Fn));
  const FunctionDecl *Mine = canon(FD);
  if (!llvm::is_contained(Takers, Mine))
    return nullptr;
  for (const FunctionDecl *Entry : SingleEntries) {
    if (!ownThreadEntry(Entry))
      continue;
    const auto &Reach = onlyFrom(Entry);
    if (Reach.count(Mine) && llvm::all_of(Takers, [&](const FunctionDecl *T) {
          return Reach.count(T) || isStructor(T);
        }))
      return Entry;
  }
  return nullptr;
}

const FunctionDecl *TUSummary::soleWriter(const FieldDecl *M,
                                          const FunctionDecl *FD) {
  if (SingleEntries.empty() || !M || !FD || nameableElsewhere(M))
    return nullptr;
  auto [It, New] = WritersCache.try_emplace(M);
  llvm::SmallVector<const FunctionDecl *, 4> &Writers = It->second;
  if (New) {
    for (const auto &[Fn, F] : All) {
      const Stmt *Body = Fn->getBody();
      if (!Body)
        continue;
      FieldWriteFinder Finder(M, Body);
      Finder.TraverseStmt(const_cast<Stmt *>(Body));
      llvm::DenseMap<const Stmt *, std::unique_ptr<ExprMutationAnalyzer>>
          Analyzers;
      for (const FieldWriteFinder::Use &U : Finder.Uses) {
        std::unique_ptr<ExprMutationAnalyzer> &A = Analyzers[U.Body];
        if (!A)
          A = std::make_unique<ExprMutationAnalyzer>(*U.Body,
                                                     Fn->getASTContext());
        if (!A->isMutated(U.ME))
          continue;
        const Expr *Base = U.ME->getBase()->IgnoreParenImpCasts();
        if (!U.InLambda && (isOwnNewObject(Base, U.ME->isArrow()) ||
                            (isStructor(Fn) && isa<CXXThisExpr>(Base))))
          continue;
        Writers.push_back(U.InLambda ? nullptr : canon(Fn));
      }
    }
  }
  const FunctionDecl *Mine = canon(FD);
  if (!llvm::is_contained(Writers, Mine))
    return nullptr;
  for (const FunctionDecl *Entry : SingleEntries) {
    if (!ownThreadEntry(Entry))
      continue;
    const auto &Reach = onlyFrom(Entry);
    if (Reach.count(Mine) && llvm::all_of(Writers, [&](const FunctionDecl *W) {
          return W && Reach.count(W);
        }))
      return Entry;
  }
  return nullptr;
}

std::string usrOf(const FunctionDecl *FD) {
  if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern())
    FD = Pattern;
  llvm::SmallString<128> USR;
  if (index::generateUSRForDecl(FD, USR))
    return {};
  return std::string(USR.str());
}

UnitSummary TUSummary::unit() const {
  UnitSummary U;
  for (const auto &[FD, F] : All) {
    FunctionSummary S;
    S.USR = usrOf(FD);
    if (S.USR.empty())
      continue;
    S.Name = stableQualifiedName(FD);
    S.Kind = isa<CXXConstructorDecl>(FD)  ? CallerKind::Constructor
             : isa<CXXDestructorDecl>(FD) ? CallerKind::Destructor
             : FD->isMain()               ? CallerKind::Main
             : initOnly(FD)               ? CallerKind::InitOnly
                                          : CallerKind::Ordinary;
    S.Internal = isInternalFunction(FD);
    S.CallerHeld = callerHeld(FD);
    S.StartsThreads = F->StartsThreads;
    S.EntersLoop = F->EntersLoop;
    for (const FunctionFacts::CallSite &C : F->Calls) {
      std::string Callee = usrOf(C.Callee);
      if (!Callee.empty())
        S.Calls.push_back(
            {std::move(Callee), C.Locked, C.LockNames, C.BeforeThreads});
    }
    for (const FunctionFacts::ThreadEntry &E : F->ThreadEntries)
      if (E.Fn)
        S.ThreadEntries.push_back(usrOf(E.Fn));
    S.Affinity = affinity(FD);
    for (const FunctionFacts::LoopCallable &L : F->OnLoop)
      if (std::string Fn = usrOf(L.Fn); !Fn.empty())
        S.OnLoop.push_back({std::move(Fn), L.How});
    for (const FunctionDecl *Fn : F->LambdaCalls)
      if (std::string U = usrOf(Fn); !U.empty())
        S.LambdaCalls.push_back(std::move(U));
    U.Functions.push_back(std::move(S));
  }
  return U;
}

} // namespace cta
