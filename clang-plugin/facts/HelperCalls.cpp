//===- HelperCalls.cpp - Calls to helpers that check or act ---------------===//
//
/// \file
/// `if (!reg.has(k)) reg.add(k);`: when the TU's summary of `has` says it
/// returns whether a member of its object holds its argument, under its own
/// lock, the call is that check, made here on `reg`'s member; a call to
/// `add` is the act. The helper's lock is a critical section of the call
/// alone, so two calls are two sections unless the caller holds a lock
/// across both (docs/split-lock.md, "Helpers that lock").
//
//===----------------------------------------------------------------------===//

#include "Finding.h"
#include "HelperSummaries.h"
#include "facts/Walker.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace cta {

namespace {

/// The state \p HE is on, as the object of call \p CE.
ObjectRef helperObject(const HelperEffect &HE, const CallExpr *CE,
                       const ASTContext &Ctx) {
  ObjectRef O;
  if (const VarDecl *G = HE.Global) {
    O.Id = declId(G);
    O.Spelling = G->getNameAsString();
    O.Type = G->getType();
    O.RootVar = G;
    return O;
  }
  const auto *MC = dyn_cast<CXXMemberCallExpr>(CE);
  const Expr *Base = MC ? MC->getImplicitObjectArgument() : nullptr;
  if (!Base || HE.Fields.empty())
    return O;
  std::string Names;
  for (const FieldDecl *FD : HE.Fields)
    Names += (Names.empty() ? "" : ".") + FD->getNameAsString();
  if (isa<CXXThisExpr>(strip(Base))) {
    // A method of the same object: the member, as if named here.
    O.Id = "this." + Names;
    O.Spelling = Names;
    O.RootIsThis = true;
    O.ThisClass = dyn_cast<CXXRecordDecl>(HE.Fields.front()->getParent());
  } else {
    O = describeObject(Base, Ctx);
    if (!O.known())
      return O;
    const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens());
    O.Id += "." + Names;
    O.Spelling += (ME && ME->isArrow() ? "->" : ".") + Names;
  }
  O.Fields.append(HE.Fields.begin(), HE.Fields.end());
  O.Type = HE.Fields.back()->getType();
  return O;
}

} // namespace

void Walker::helperCall(const CallExpr *CE) {
  const FunctionDecl *Callee = CE->getDirectCallee();
  if (!Helpers || !Callee || isa<CXXOperatorCallExpr>(CE) || Callee == FD)
    return;
  const HelperEffect *HE = Helpers->effectOf(Callee);
  if (!HE)
    return;
  llvm::ArrayRef<const Expr *> Args(CE->getArgs(), CE->getNumArgs());
  Target T;
  T.Obj = helperObject(*HE, CE, Ctx);
  if (!T.Obj.known())
    return;
  T.Container = HE->Container;
  T.State = HE->State;
  KeyRef Key;
  if (HE->KeyParam >= 0) {
    if (static_cast<size_t>(HE->KeyParam) >= Args.size() ||
        isa<CXXDefaultArgExpr>(Args[HE->KeyParam]))
      return;
    Key = keyOf(Args[HE->KeyParam], Ctx);
  }
  std::string Api = Callee->getNameAsString() + "()";
  // A helper that takes no lock runs in the section its caller holds, as
  // if written here; outside one, it is the caller's business.
  if (HE->Unlocked && Locks.held().empty())
    return;
  // The helper's own lock: a section of this call alone. A wrapper's lock
  // is the innermost helper's (`contains` calling `has`).
  std::optional<unsigned> Own;
  if (!HE->Unlocked) {
    bool Nested = llvm::StringRef(HE->MutexId).starts_with("helper:");
    Own = Locks.acquire(
        Nested ? HE->MutexId
               : "helper:" + stableQualifiedName(Callee) + ":" + HE->MutexId,
        Nested ? HE->MutexSpelling : HE->MutexSpelling + " in '" + Api + "'",
        HE->Mode, nullptr);
  }
  if (HE->K == HelperEffect::Act) {
    ActEvent A;
    A.T = std::move(T);
    A.Key = std::move(Key);
    A.Api = std::move(Api);
    A.R = Role::Add;
    A.E = CE;
    A.Range = CE->getSourceRange();
    A.ReportsInsertion = HE->ReportsInsertion;
    A.Value =
        HE->ValueParam >= 0 && static_cast<size_t>(HE->ValueParam) < Args.size()
            ? Args[HE->ValueParam]
            : HE->ActValue;
    addAct(std::move(A));
  } else {
    CheckEvent C;
    C.T = std::move(T);
    C.Key = std::move(Key);
    C.Api = std::move(Api);
    C.Result = HE->Result;
    C.E = CE;
    C.Range = CE->getSourceRange();
    addCheck(std::move(C));
  }
  if (Own)
    Locks.releaseSection(*Own);
}

} // namespace cta
