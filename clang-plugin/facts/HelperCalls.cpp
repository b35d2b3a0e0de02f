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

/// The method named \p Name without parameters, of \p RD or a base.
const CXXMethodDecl *getterNamed(const CXXRecordDecl *RD,
                                 llvm::StringRef Name) {
  return cast_or_null<CXXMethodDecl>(
      memberNamed(RD, Name, [](const NamedDecl &D) {
        const auto *MD = dyn_cast<CXXMethodDecl>(&D);
        return MD && MD->getNumParams() == 0 && !MD->isStatic();
      }));
}

/// The member of its object that getter \p MD returns (`return name_;`).
const FieldDecl *returnedMember(const CXXMethodDecl *MD) {
  const FunctionDecl *Def = nullptr;
  if (!MD || !MD->hasBody(Def))
    return nullptr;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  if (!Body || Body->size() != 1)
    return nullptr;
  const auto *Ret = dyn_cast<ReturnStmt>(Body->body_front());
  const auto *ME =
      Ret ? dyn_cast_or_null<MemberExpr>(stripValue(Ret->getRetValue()))
          : nullptr;
  if (!ME ||
      !(ME->isImplicitAccess() || isa<CXXThisExpr>(stripValue(ME->getBase()))))
    return nullptr;
  return dyn_cast<FieldDecl>(ME->getMemberDecl());
}

/// The record \p T is or points to.
const CXXRecordDecl *recordOf(QualType T) {
  T = T.getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  return T->getAsCXXRecordDecl();
}

} // namespace

std::optional<KeyRef> Walker::derivedKey(const Expr *Arg,
                                         llvm::StringRef Suffix) const {
  KeyRef K = keyOf(Arg, Ctx);
  if (K.K != KeyRef::Exact)
    return std::nullopt;
  // Each getter that returns a member is that member: `txn->GetName()`
  // with `this` for txn is `this.name_`.
  const CXXRecordDecl *RD = recordOf(Arg->getType());
  std::string Id = K.Id;
  K.Spelling += Suffix.str();
  while (!Suffix.empty()) {
    Suffix.consume_front(".");
    size_t End = Suffix.find('.');
    llvm::StringRef Seg = Suffix.take_front(End);
    Suffix = Suffix.drop_front(Seg.size());
    bool Call = Seg.consume_back("()");
    const FieldDecl *Field = nullptr;
    if (Call) {
      const CXXMethodDecl *MD = getterNamed(RD, Seg);
      Field = returnedMember(MD);
      if (!Field)
        RD = MD ? recordOf(MD->getReturnType()) : nullptr;
    } else {
      Field = fieldNamed(RD, Seg);
      if (!Field)
        RD = nullptr;
    }
    Id += "." + (Field ? Field->getName() : Seg).str() +
          (Call && !Field ? "()" : "");
    if (Field)
      RD = recordOf(Field->getType());
  }
  // A member this function set before the call is the value it set.
  if (auto It = MemberValues.find(Id); It != MemberValues.end())
    return keyOf(It->second, Ctx);
  K.Id = std::move(Id);
  return K;
}

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
    std::optional<KeyRef> K =
        HE->KeySuffix.empty()
            ? std::optional<KeyRef>(keyOf(Args[HE->KeyParam], Ctx))
            : derivedKey(Args[HE->KeyParam], HE->KeySuffix);
    if (!K)
      return;
    Key = std::move(*K);
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
