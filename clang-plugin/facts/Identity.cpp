//===- Identity.cpp - When two expressions are one object or one key ------===//

#include "facts/Identity.h"
#include "Finding.h"
#include "facts/Syntax.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace cta {

std::string spellingOf(const Expr *E, const ASTContext &Ctx) {
  if (!E)
    return {};
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange R = CharSourceRange::getTokenRange(E->getSourceRange());
  if (R.getBegin().isMacroID() || R.getEnd().isMacroID()) {
    // Inside a macro the expansion range is the whole macro call: spell the
    // expression from where its tokens were written, if that is one place.
    CharSourceRange Spelled = Lexer::makeFileCharRange(
        CharSourceRange::getTokenRange(SM.getSpellingLoc(R.getBegin()),
                                       SM.getSpellingLoc(R.getEnd())),
        SM, Ctx.getLangOpts());
    if (Spelled.isInvalid() ||
        SM.getFileID(Spelled.getBegin()) != SM.getFileID(Spelled.getEnd()) ||
        SM.getFileOffset(Spelled.getEnd()) <
            SM.getFileOffset(Spelled.getBegin())) {
      std::string S;
      llvm::raw_string_ostream OS(S);
      E->printPretty(OS, nullptr, Ctx.getPrintingPolicy());
      return S;
    }
    R = Spelled;
  }
  bool Invalid = false;
  llvm::StringRef Text =
      Lexer::getSourceText(R, SM, Ctx.getLangOpts(), &Invalid);
  if (!Invalid && !Text.empty() && Text.size() < 200) {
    // Multi-line expressions read on one line.
    return foldWhitespace(Text);
  }
  std::string S;
  llvm::raw_string_ostream OS(S);
  E->printPretty(OS, nullptr, Ctx.getPrintingPolicy());
  return S;
}

std::string declId(const ValueDecl *D) {
  return "d" +
         llvm::utohexstr(reinterpret_cast<uintptr_t>(D->getCanonicalDecl()));
}

std::string canonicalId(const Expr *E, const ASTContext &Ctx) {
  E = stripValue(E);
  if (!E)
    return {};
  if (isa<CXXThisExpr>(E))
    return "this";
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const ValueDecl *D = DRE->getDecl();
    if (isa<EnumConstantDecl>(D))
      return "e:" + stableQualifiedName(D);
    return declId(D);
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    std::string Base = ME->isImplicitAccess() ? std::string("this")
                                              : canonicalId(ME->getBase(), Ctx);
    if (Base.empty())
      return {};
    return Base + "." + ME->getMemberNameInfo().getAsString();
  }
  if (const auto *DM = dyn_cast<CXXDependentScopeMemberExpr>(E)) {
    std::string Base = DM->isImplicitAccess() ? std::string("this")
                                              : canonicalId(DM->getBase(), Ctx);
    if (Base.empty())
      return {};
    return Base + "." + DM->getMember().getAsString();
  }
  if (const auto *IL = dyn_cast<IntegerLiteral>(E))
    return "i" + llvm::toString(IL->getValue(), 10, true);
  if (const auto *SL = dyn_cast<StringLiteral>(E))
    return "s\"" + SL->getBytes().str() + "\"";
  if (const auto *CL = dyn_cast<CharacterLiteral>(E))
    return "c" + std::to_string(CL->getValue());
  if (auto B = boolLiteral(E))
    return *B ? "true" : "false";
  if (isa<CXXNullPtrLiteralExpr>(E) || isa<GNUNullExpr>(E))
    return "null";
  if (auto V = viewMemberCall(E)) {
    std::string Base = V->Base ? canonicalId(V->Base, Ctx) : "this";
    if (Base.empty())
      return {};
    std::string S = Base + "." + V->Name + "(";
    for (const Expr *A : V->Args) {
      std::string AI = canonicalId(A, Ctx);
      if (AI.empty())
        return {};
      S += AI + ",";
    }
    return S + ")";
  }
  if (const auto *CE = dyn_cast<CallExpr>(E)) {
    std::string N = freeCalleeName(CE);
    if (N.empty())
      return {};
    std::string S = N + "(";
    for (const Expr *A : CE->arguments()) {
      std::string AI = canonicalId(A, Ctx);
      if (AI.empty())
        return {};
      S += AI + ",";
    }
    return S + ")";
  }
  std::string Text = spellingOf(E, Ctx);
  return Text.empty() ? std::string() : "t:" + Text;
}

namespace {
/// The value the first top-level `return` of \p FD's body gives, when \p FD
/// returns a reference or a pointer; else null.
const Expr *returnedReference(const FunctionDecl *FD) {
  const FunctionDecl *Def = nullptr;
  if (!FD || !FD->hasBody(Def) || !Def)
    return nullptr;
  QualType R = Def->getReturnType();
  if (!R->isReferenceType() && !R->isPointerType())
    return nullptr;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  if (!Body)
    return nullptr;
  for (const Stmt *S : Body->body())
    if (const auto *Ret = dyn_cast<ReturnStmt>(S); Ret && Ret->getRetValue())
      return Ret->getRetValue();
  return nullptr;
}

/// Returns true if \p FD returns a reference or pointer to static storage
/// (a function-local static, a global, a static member).
bool returnsStaticStorage(const FunctionDecl *FD) {
  const Expr *Ret = returnedReference(FD);
  if (!Ret)
    return false;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(stripValue(Ret)))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      return VD->hasGlobalStorage() && VD->getTLSKind() == VarDecl::TLS_None;
  return false;
}

bool isAddressOf(const Expr *E) {
  const auto *UO = dyn_cast<UnaryOperator>(strip(E));
  return UO && UO->getOpcode() == UO_AddrOf;
}

bool isContainer(QualType T) {
  return !T.isNull() &&
         builtinContainer(templateNameOf(T.getNonReferenceType()));
}

/// The container whose element \p CE yields, or null: a member whose row
/// says its result is the element (`m[k]`, `m.at(k)`, `q.front()`), or `*it`
/// and `it->` on a local that holds a container's iterator
/// (`auto it = m.find(k)`). An element is part of its container: whoever
/// shares the container shares it.
const Expr *elementOwner(const CallExpr *CE) {
  auto V = viewMemberCall(CE);
  if (!V || !V->Base)
    return nullptr;
  if (V->Name == "operator*" || V->Name == "operator->") {
    const auto *DRE = dyn_cast<DeclRefExpr>(stripValue(V->Base));
    const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (!VD || !VD->hasLocalStorage() || isa<ParmVarDecl>(VD) || !VD->getInit())
      return nullptr;
    auto Init = viewMemberCall(strip(VD->getInit()));
    if (!Init || !Init->Base || !isContainer(Init->BaseType))
      return nullptr;
    return Init->Base;
  }
  const ContainerInfo *C =
      builtinContainer(templateNameOf(V->BaseType.getNonReferenceType()));
  if (!C)
    return nullptr;
  for (const MethodInfo &M : containerMethods())
    if ((M.Families & C->Fam) && M.Name == V->Name &&
        M.Result == ResultKind::Value)
      return V->Base;
  return nullptr;
}

/// What a method returns a reference or pointer to, when that is its
/// object's own state (`Bucket &bucketFor(int t) { lock; return
/// buckets_[t]; }`): the returned expression, in the callee's body. \p Base
/// is set to the object it is called on, or null for `this`.
const Expr *returnedOwnState(const CallExpr *CE, const Expr *&Base) {
  auto V = viewMemberCall(CE);
  if (!V)
    return nullptr;
  const auto *MC = dyn_cast<CXXMemberCallExpr>(CE);
  const CXXMethodDecl *MD = MC ? MC->getMethodDecl() : nullptr;
  if (!MD || MD->isStatic())
    return nullptr;
  Base = V->Base && !isa<CXXThisExpr>(stripValue(V->Base)) ? V->Base : nullptr;
  return returnedReference(MD);
}
/// A pointer to state: `&registry_[t]`, or what a getter returns into its
/// object's state.
bool pointsIntoState(const Expr *Init) {
  if (isAddressOf(Init))
    return true;
  const Expr *Base = nullptr;
  const auto *CE = dyn_cast<CallExpr>(stripValue(Init));
  return CE && returnedOwnState(CE, Base);
}
} // namespace

ObjectRef describeObject(const Expr *E, const ASTContext &Ctx) {
  ObjectRef O;
  if (!E)
    return O;
  O.Id = canonicalId(E, Ctx);
  O.Spelling = spellingOf(E, Ctx);
  O.Type = E->getType();
  const Expr *Cur = stripValue(E);
  llvm::SmallVector<const FieldDecl *, 2> Rev;
  // The object a getter of another object was called on: its `this`, when
  // the walk reaches it in the getter's body (`reg.bucket(t)`).
  const Expr *ThisIs = nullptr;
  auto LeaveGetter = [&]() {
    Cur = stripValue(ThisIs);
    ThisIs = nullptr;
  };
  for (unsigned I = 0; Cur && I < 32; ++I) {
    if (const auto *ME = dyn_cast<MemberExpr>(Cur)) {
      if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl()))
        Rev.push_back(FD);
      else if (const auto *VD = dyn_cast<VarDecl>(ME->getMemberDecl())) {
        O.RootVar = VD; // static data member via obj.member
        Rev.clear();
        break;
      }
      if (ME->isImplicitAccess()) {
        if (ThisIs) {
          LeaveGetter();
          continue;
        }
        O.RootIsThis = true;
        break;
      }
      if (ME->isArrow() && !isa<CXXThisExpr>(stripValue(ME->getBase())))
        O.RootIsIndirect = true;
      Cur = stripValue(ME->getBase());
      continue;
    }
    if (const auto *DM = dyn_cast<CXXDependentScopeMemberExpr>(Cur)) {
      if (DM->isImplicitAccess()) {
        O.RootIsThis = true;
        break;
      }
      Cur = stripValue(DM->getBase());
      continue;
    }
    if (const auto *TE = dyn_cast<CXXThisExpr>(Cur)) {
      if (ThisIs) {
        LeaveGetter();
        continue;
      }
      O.RootIsThis = true;
      O.ThisClass = TE->getType()->getPointeeCXXRecordDecl();
      break;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(Cur)) {
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
        // `auto &m = g_map;`: a local reference is the object it names;
        // so is a local pointer to it (`auto *b = &registry_[t];`, or a
        // getter's pointer into its object, `auto *b = reg.bucketPtr(t);`).
        if (VD->hasLocalStorage() && VD->getInit() && !isa<ParmVarDecl>(VD) &&
            I < 8 &&
            (VD->getType()->isReferenceType() ||
             (VD->getType()->isPointerType() &&
              pointsIntoState(VD->getInit())))) {
          Cur = stripValue(VD->getInit());
          continue;
        }
        O.RootVar = VD;
        if (VD->getType()->isReferenceType() || VD->getType()->isPointerType())
          O.RootIsIndirect = true;
      }
      break;
    }
    if (const auto *CE = dyn_cast<CallExpr>(Cur)) {
      if (const Expr *Owner = elementOwner(CE)) {
        Cur = stripValue(Owner);
        continue;
      }
      const Expr *Base = nullptr;
      if (const Expr *Own = returnedOwnState(CE, Base);
          Own && I < 8 && !(Base && ThisIs)) {
        ThisIs = Base;
        Cur = stripValue(Own);
        continue;
      }
      O.RootIsIndirect = true;
      O.RootIsStaticAccessor = returnsStaticStorage(CE->getDirectCallee());
      break;
    }
    break;
  }
  // The getter's value was not its object's state (a parameter of its
  // own, a local): the result of a call, as any other.
  if (ThisIs && !(O.RootVar && O.RootVar->hasGlobalStorage())) {
    Rev.clear();
    O.RootVar = nullptr;
    O.RootIsIndirect = true;
  }
  O.Fields.assign(Rev.rbegin(), Rev.rend());
  if (O.RootIsThis && !O.ThisClass && !O.Fields.empty())
    O.ThisClass = dyn_cast<CXXRecordDecl>(O.Fields.front()->getParent());
  return O;
}

bool keysCompatible(const KeyRef &A, const KeyRef &B) {
  if (A.K != KeyRef::Exact || B.K != KeyRef::Exact)
    return true;
  return A.Id == B.Id;
}

KeyRef keyOf(const Expr *E, const ASTContext &Ctx) {
  KeyRef K;
  if (!E)
    return K;
  K.K = KeyRef::Exact;
  K.Id = canonicalId(E, Ctx);
  K.Spelling = spellingOf(E, Ctx);
  if (K.Id.empty())
    K.K = KeyRef::Unknown;
  return K;
}

KeyRef keyOfValue(const Expr *E, const ASTContext &Ctx) {
  E = strip(E);
  if (const auto *IL = dyn_cast<InitListExpr>(E)) {
    if (IL->getNumInits() >= 1) {
      const Expr *First = strip(IL->getInit(0));
      // `{k, v}` may arrive as a pair constructed from an init list.
      if (const auto *CE = dyn_cast<CXXConstructExpr>(First);
          CE && CE->getNumArgs() >= 2)
        return keyOf(CE->getArg(0), Ctx);
      if (IL->getNumInits() >= 2)
        return keyOf(IL->getInit(0), Ctx);
    }
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    if (CE->getNumArgs() >= 2)
      return keyOf(CE->getArg(0), Ctx);
    if (CE->getNumArgs() == 1)
      return keyOfValue(CE->getArg(0), Ctx);
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    std::string N = freeCalleeName(Call);
    if ((N == "std::make_pair" || N == "std::make_tuple") &&
        Call->getNumArgs() >= 1)
      return keyOf(Call->getArg(0), Ctx);
  }
  if (const auto *UC = dyn_cast<CXXUnresolvedConstructExpr>(E))
    if (UC->getNumArgs() >= 1)
      return keyOf(UC->getArg(0), Ctx);
  KeyRef K;
  K.K = KeyRef::Unknown;
  return K;
}

bool isAccessorArg(const Expr *E) {
  if (!E)
    return false;
  const CXXRecordDecl *RD =
      E->getType().getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->getIdentifier())
    return false;
  return RD->getName() == "accessor" || RD->getName() == "const_accessor";
}

namespace {
/// `{k, v}`, `std::make_pair(k, v)`, a `std::pair`: a whole value_type
/// rather than a key.
bool isValueLike(const Expr *E) {
  E = strip(E);
  if (isa<InitListExpr>(E))
    return true;
  std::string N = templateNameOf(E->getType());
  return N == "std::pair" || N == "std::tuple";
}
} // namespace

KeyRef keyFrom(KeyFrom From, llvm::ArrayRef<const Expr *> Args,
               const ASTContext &Ctx) {
  if ((From == KeyFrom::AccessorKey || From == KeyFrom::AccessorValue) &&
      !Args.empty() && isAccessorArg(Args[0]))
    Args = Args.drop_front();
  auto Arg = [&](unsigned I) -> const Expr * {
    return I < Args.size() ? Args[I] : nullptr;
  };
  switch (From) {
  case KeyFrom::AccessorKey:
    return Arg(0) ? keyOf(Arg(0), Ctx) : KeyRef{KeyRef::Unknown, "", ""};
  case KeyFrom::AccessorValue:
    if (Args.size() >= 2)
      return keyOf(Args[0], Ctx);
    if (!Arg(0))
      return KeyRef{KeyRef::Unknown, "", ""};
    return isValueLike(Arg(0)) ? keyOfValue(Arg(0), Ctx) : keyOf(Arg(0), Ctx);
  case KeyFrom::None:
    return KeyRef();
  case KeyFrom::Arg0:
    return Arg(0) ? keyOf(Arg(0), Ctx) : KeyRef{KeyRef::Unknown, "", ""};
  case KeyFrom::Arg1:
    return Arg(1) ? keyOf(Arg(1), Ctx) : KeyRef{KeyRef::Unknown, "", ""};
  case KeyFrom::Arg2:
    return Arg(2) ? keyOf(Arg(2), Ctx) : KeyRef{KeyRef::Unknown, "", ""};
  case KeyFrom::ValueArg0:
    // insert(hint, value) has the value second.
    if (Args.size() == 2)
      return keyOfValue(Args[1], Ctx);
    return Arg(0) ? keyOfValue(Arg(0), Ctx) : KeyRef{KeyRef::Unknown, "", ""};
  case KeyFrom::EmplaceMap:
    if (Args.size() >= 2)
      return keyOf(Args[0], Ctx);
    return Arg(0) ? keyOfValue(Arg(0), Ctx) : KeyRef{KeyRef::Unknown, "", ""};
  case KeyFrom::Unknown:
    break;
  }
  return KeyRef{KeyRef::Unknown, "", ""};
}

} // namespace cta
