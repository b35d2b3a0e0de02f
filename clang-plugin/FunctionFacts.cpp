//===- FunctionFacts.cpp - One walk over a body: checks, acts, guards -----===//

#include "FunctionFacts.h"
#include "Analyzer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"
#include <functional>

using namespace clang;

namespace cta {

//===----------------------------------------------------------------------===//
// Expression helpers
//===----------------------------------------------------------------------===//

namespace {

/// Looks through everything that does not change which object or value an
/// expression denotes.
const Expr *strip(const Expr *E) {
  while (E) {
    const Expr *Prev = E;
    E = E->IgnoreParenImpCasts();
    if (const auto *EWC = dyn_cast<ExprWithCleanups>(E))
      E = EWC->getSubExpr();
    else if (const auto *MTE = dyn_cast<MaterializeTemporaryExpr>(E))
      E = MTE->getSubExpr();
    else if (const auto *BTE = dyn_cast<CXXBindTemporaryExpr>(E))
      E = BTE->getSubExpr();
    else if (const auto *FCE = dyn_cast<CXXFunctionalCastExpr>(E);
             FCE && FCE->getCastKind() == CK_NoOp)
      E = FCE->getSubExpr();
    if (E == Prev)
      break;
  }
  return E;
}

/// strip() plus conversions that keep a key's identity: converting
/// constructors (`std::string(k)`), std::move/std::forward, `&x`, `*p`.
const Expr *stripValue(const Expr *E) {
  for (unsigned I = 0; E && I < 16; ++I) {
    E = strip(E);
    if (const auto *FCE = dyn_cast<CXXFunctionalCastExpr>(E);
        FCE && FCE->getCastKind() == CK_ConstructorConversion) {
      E = FCE->getSubExpr();
      continue;
    }
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
      if (CE->getNumArgs() >= 1 && !isa<CXXTemporaryObjectExpr>(CE) &&
          (CE->getNumArgs() == 1 ||
           isa<CXXDefaultArgExpr>(CE->getArg(1)))) {
        E = CE->getArg(0);
        continue;
      }
    }
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      if (Call->isCallToStdMove() && Call->getNumArgs() == 1) {
        E = Call->getArg(0);
        continue;
      }
      if (const FunctionDecl *FD = Call->getDirectCallee())
        if (FD->isInStdNamespace() && FD->getIdentifier() &&
            FD->getName() == "forward" && Call->getNumArgs() == 1) {
          E = Call->getArg(0);
          continue;
        }
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(E))
      if (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref) {
        E = UO->getSubExpr();
        continue;
      }
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E))
      if (OC->getOperator() == OO_Star && OC->getNumArgs() == 1) {
        E = OC->getArg(0);
        continue;
      }
    break;
  }
  return E;
}

bool isNullLiteral(const Expr *E) {
  E = strip(E);
  if (isa<CXXNullPtrLiteralExpr>(E) || isa<GNUNullExpr>(E))
    return true;
  if (const auto *IL = dyn_cast<IntegerLiteral>(E))
    return IL->getValue() == 0;
  return false;
}

std::optional<bool> boolLiteral(const Expr *E) {
  E = strip(E);
  if (const auto *BL = dyn_cast<CXXBoolLiteralExpr>(E))
    return BL->getValue();
  return std::nullopt;
}

std::optional<int64_t> intLiteral(const Expr *E) {
  E = strip(E);
  if (const auto *IL = dyn_cast<IntegerLiteral>(E))
    return IL->getValue().getSExtValue();
  if (auto B = boolLiteral(E))
    return *B ? 1 : 0;
  return std::nullopt;
}

std::string memberName(const DeclarationName &N) {
  if (N.getNameKind() == DeclarationName::CXXOperatorName)
    return "operator" +
           std::string(getOperatorSpelling(N.getCXXOverloadedOperator()));
  if (N.getNameKind() == DeclarationName::CXXConversionFunctionName)
    return "operator bool";
  return N.getAsString();
}

/// A member call in any of its AST forms, including dependent ones in
/// templates and subscripts.
struct CallView {
  const Expr *Call = nullptr;
  const Expr *Base = nullptr; ///< Null for implicit `this`.
  bool Arrow = false;
  clang::QualType BaseType;   ///< Type of the object (pointee for `->`).
  std::string Name;
  llvm::SmallVector<const Expr *, 4> Args;
};

std::optional<CallView> viewMemberCall(const Expr *E) {
  CallView V;
  V.Call = E;
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (OC->getNumArgs() < 1)
      return std::nullopt;
    // Resolved to a member operator, or unresolved in a template.
    const FunctionDecl *Callee = OC->getDirectCallee();
    if (Callee ? !isa<CXXMethodDecl>(Callee)
               : !OC->getArg(0)->getType()->isDependentType() &&
                     !OC->getArg(0)->getType()->isRecordType())
      return std::nullopt;
    V.Base = OC->getArg(0);
    V.BaseType = V.Base->IgnoreParenImpCasts()->getType();
    V.Name = "operator" + std::string(getOperatorSpelling(OC->getOperator()));
    for (unsigned I = 1; I < OC->getNumArgs(); ++I)
      V.Args.push_back(OC->getArg(I));
    return V;
  }
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
    // Dependent subscripts in templates. getBase() picks the operand that is
    // not an integer, which for `m_[k]` with a dependent `k` is the key.
    const Expr *B = AS->getLHS();
    if (!B->getType()->isDependentType() ||
        B->getType()->isPointerType() || B->getType()->isArrayType())
      return std::nullopt;
    V.Base = B;
    V.BaseType = B->getType();
    V.Name = "operator[]";
    V.Args.push_back(AS->getRHS());
    return V;
  }
  const auto *CE = dyn_cast<CallExpr>(E);
  if (!CE)
    return std::nullopt;
  const Expr *Callee = CE->getCallee()->IgnoreParens();
  if (const auto *ME = dyn_cast<MemberExpr>(Callee)) {
    if (!isa<CXXMethodDecl>(ME->getMemberDecl()))
      return std::nullopt;
    V.Base = ME->isImplicitAccess() ? nullptr : ME->getBase();
    V.Arrow = ME->isArrow();
    // The object's own type: inherited members (absl's raw_hash_set) are
    // reached through a derived-to-base conversion.
    V.BaseType = ME->getBase()->IgnoreParenImpCasts()->getType();
    V.Name = memberName(ME->getMemberNameInfo().getName());
  } else if (const auto *DM = dyn_cast<CXXDependentScopeMemberExpr>(Callee)) {
    V.Base = DM->isImplicitAccess() ? nullptr : DM->getBase();
    V.Arrow = DM->isArrow();
    V.BaseType = DM->getBaseType();
    V.Name = memberName(DM->getMember());
  } else if (const auto *UM = dyn_cast<UnresolvedMemberExpr>(Callee)) {
    V.Base = UM->isImplicitAccess() ? nullptr : UM->getBase();
    V.Arrow = UM->isArrow();
    V.BaseType = UM->getBaseType();
    V.Name = memberName(UM->getMemberName());
  } else {
    return std::nullopt;
  }
  if (V.Arrow && !V.BaseType.isNull() && V.BaseType->isPointerType())
    V.BaseType = V.BaseType->getPointeeType();
  for (const Expr *A : CE->arguments())
    if (!isa<CXXDefaultArgExpr>(A))
      V.Args.push_back(A);
  return V;
}

/// The qualified name of a free function call's callee, including
/// unresolved (template-dependent) calls.
std::string freeCalleeName(const CallExpr *CE) {
  if (isa<CXXMemberCallExpr>(CE) || isa<CXXOperatorCallExpr>(CE))
    return {};
  if (const FunctionDecl *FD = CE->getDirectCallee())
    return stableQualifiedName(FD);
  const Expr *Callee = CE->getCallee()->IgnoreParenImpCasts();
  if (const auto *ULE = dyn_cast<UnresolvedLookupExpr>(Callee)) {
    if (ULE->decls_begin() != ULE->decls_end())
      return stableQualifiedName(*ULE->decls_begin());
  }
  return {};
}

/// For `C.begin()`, `std::begin(C)`, `C.cbegin()`: the container C.
const Expr *rangeContainer(const Expr *E) {
  E = strip(E);
  if (auto V = viewMemberCall(E)) {
    if (V->Base && (V->Name == "begin" || V->Name == "cbegin" ||
                    V->Name == "rbegin" || V->Name == "crbegin"))
      return V->Base;
    return nullptr;
  }
  if (const auto *CE = dyn_cast<CallExpr>(E)) {
    std::string N = freeCalleeName(CE);
    if ((N == "std::begin" || N == "std::cbegin") && CE->getNumArgs() == 1)
      return CE->getArg(0);
  }
  return nullptr;
}

/// `X.end()`, `X.cend()`, `std::end(X)`.
bool isEndCall(const Expr *E) {
  E = strip(E);
  if (auto V = viewMemberCall(E))
    return V->Name == "end" || V->Name == "cend" || V->Name == "rend";
  if (const auto *CE = dyn_cast<CallExpr>(E)) {
    std::string N = freeCalleeName(CE);
    return N == "std::end" || N == "std::cend";
  }
  return false;
}

bool isComparison(BinaryOperatorKind K) {
  return K == BO_EQ || K == BO_NE || K == BO_LT || K == BO_GT || K == BO_LE ||
         K == BO_GE;
}

BinaryOperatorKind comparisonOf(OverloadedOperatorKind K) {
  switch (K) {
  case OO_EqualEqual: return BO_EQ;
  case OO_ExclaimEqual: return BO_NE;
  case OO_Less: return BO_LT;
  case OO_Greater: return BO_GT;
  case OO_LessEqual: return BO_LE;
  case OO_GreaterEqual: return BO_GE;
  default: return BO_Comma;
  }
}

BinaryOperatorKind mirror(BinaryOperatorKind K) {
  switch (K) {
  case BO_LT: return BO_GT;
  case BO_GT: return BO_LT;
  case BO_LE: return BO_GE;
  case BO_GE: return BO_LE;
  default: return K;
  }
}

Outcome flip(Outcome O) {
  if (O == Outcome::Absent)
    return Outcome::Present;
  if (O == Outcome::Present)
    return Outcome::Absent;
  return Outcome::Unknown;
}

/// How a statement leaves: not at all, out of the innermost loop or block
/// (break, continue, goto), or out of the function (return, throw).
enum class Exit : uint8_t { None, Scope, Function };

/// Does \p S always leave, and how far?
Exit exitOf(const Stmt *S) {
  if (!S)
    return Exit::None;
  if (isa<ReturnStmt>(S) || isa<CXXThrowExpr>(S))
    return Exit::Function;
  if (isa<BreakStmt>(S) || isa<ContinueStmt>(S) || isa<GotoStmt>(S))
    return Exit::Scope;
  if (const auto *E = dyn_cast<Expr>(S)) {
    E = strip(E);
    if (isa<CXXThrowExpr>(E))
      return Exit::Function;
    // A call that never returns (abort, a fatal log) asserts the state is
    // impossible; it does not pick a branch to act in.
    return Exit::None;
  }
  if (const auto *CS = dyn_cast<CompoundStmt>(S))
    return CS->body_empty() ? Exit::None : exitOf(CS->body_back());
  if (const auto *If = dyn_cast<IfStmt>(S)) {
    if (!If->getElse())
      return Exit::None;
    Exit T = exitOf(If->getThen()), E = exitOf(If->getElse());
    return T == Exit::None || E == Exit::None ? Exit::None : std::min(T, E);
  }
  return Exit::None;
}

bool alwaysExits(const Stmt *S) { return exitOf(S) != Exit::None; }

} // namespace

//===----------------------------------------------------------------------===//
// Identity of objects and keys
//===----------------------------------------------------------------------===//

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
        SM.getFileOffset(Spelled.getEnd()) < SM.getFileOffset(Spelled.getBegin())) {
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
    // Collapse whitespace so multi-line expressions read on one line.
    std::string Out;
    bool Space = false;
    for (char C : Text) {
      if (llvm::isSpace(C)) {
        Space = !Out.empty();
        continue;
      }
      if (Space)
        Out += ' ';
      Space = false;
      Out += C;
    }
    return Out;
  }
  std::string S;
  llvm::raw_string_ostream OS(S);
  E->printPretty(OS, nullptr, Ctx.getPrintingPolicy());
  return S;
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
    return "d" + llvm::utohexstr(reinterpret_cast<uintptr_t>(
                     D->getCanonicalDecl()));
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    std::string Base = ME->isImplicitAccess()
                           ? std::string("this")
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
/// Returns true if \p FD returns a reference or pointer to static storage
/// (a function-local static, a global, a static member).
bool returnsStaticStorage(const FunctionDecl *FD) {
  if (!FD)
    return false;
  const FunctionDecl *Def = nullptr;
  if (!FD->hasBody(Def) || !Def)
    return false;
  QualType R = Def->getReturnType();
  if (!R->isReferenceType() && !R->isPointerType())
    return false;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  if (!Body)
    return false;
  for (const Stmt *S : Body->body()) {
    const auto *Ret = dyn_cast<ReturnStmt>(S);
    if (!Ret || !Ret->getRetValue())
      continue;
    const Expr *V = stripValue(Ret->getRetValue());
    if (const auto *DRE = dyn_cast<DeclRefExpr>(V))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        return VD->hasGlobalStorage() && VD->getTLSKind() == VarDecl::TLS_None;
    return false;
  }
  return false;
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
      O.RootIsThis = true;
      O.ThisClass = TE->getType()->getPointeeCXXRecordDecl();
      break;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(Cur)) {
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
        // `auto &m = g_map;`: a local reference is the object it names.
        if (VD->hasLocalStorage() && VD->getType()->isReferenceType() &&
            VD->getInit() && !isa<ParmVarDecl>(VD) && I < 8) {
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
      O.RootIsIndirect = true;
      O.RootIsStaticAccessor = returnsStaticStorage(CE->getDirectCallee());
      break;
    }
    break;
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

//===----------------------------------------------------------------------===//
// Outcomes of checks under conditions
//===----------------------------------------------------------------------===//

namespace {

struct TruthPair {
  Outcome WhenTrue = Outcome::Unknown;
  Outcome WhenFalse = Outcome::Unknown;
  bool Mentioned = false;
};

TruthPair leaf(Outcome WhenTrue) {
  return {WhenTrue, flip(WhenTrue), true};
}

class OutcomeEval {
public:
  OutcomeEval(const FunctionFacts &F, const CheckEvent &C, unsigned CIdx)
      : F(F), C(C), CIdx(CIdx) {}

  TruthPair eval(const Expr *E) {
    E = strip(E);
    if (!E)
      return {};
    if (const auto *UO = dyn_cast<UnaryOperator>(E); UO &&
        UO->getOpcode() == UO_LNot) {
      TruthPair T = eval(UO->getSubExpr());
      std::swap(T.WhenTrue, T.WhenFalse);
      return T;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
      if (BO->getOpcode() == BO_LAnd || BO->getOpcode() == BO_LOr) {
        TruthPair L = eval(BO->getLHS());
        TruthPair R = L.Mentioned ? TruthPair() : eval(BO->getRHS());
        TruthPair Side = L.Mentioned ? L : R;
        if (!Side.Mentioned)
          return {};
        if (BO->getOpcode() == BO_LAnd)
          return {Side.WhenTrue, Outcome::Unknown, true};
        return {Outcome::Unknown, Side.WhenFalse, true};
      }
      if (isComparison(BO->getOpcode()))
        return compare(BO->getOpcode(), BO->getLHS(), BO->getRHS());
      if (BO->getOpcode() == BO_Comma)
        return eval(BO->getRHS());
    }
    if (const auto *RB = dyn_cast<CXXRewrittenBinaryOperator>(E)) {
      // C++20: `it != m.end()` may be rewritten to `!(it == m.end())`.
      CXXRewrittenBinaryOperator::DecomposedForm D = RB->getDecomposedForm();
      if (isComparison(D.Opcode))
        return compare(D.Opcode, D.LHS, D.RHS);
    }
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
      if (OC->getNumArgs() == 2) {
        BinaryOperatorKind K = comparisonOf(OC->getOperator());
        if (K != BO_Comma)
          return compare(K, OC->getArg(0), OC->getArg(1));
      }
      if (OC->getOperator() == OO_Exclaim && OC->getNumArgs() == 1) {
        TruthPair T = eval(OC->getArg(0));
        std::swap(T.WhenTrue, T.WhenFalse);
        return T;
      }
    }
    if (auto K = direct(E))
      return leaf(*K);
    return {Outcome::Unknown, Outcome::Unknown, mentions(E)};
  }

  bool mentions(const Expr *E, unsigned Depth = 0) const {
    if (!E || Depth > 200)
      return false;
    const Expr *S = strip(E);
    if (S == C.E || E == C.E)
      return true;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        if (resultVar(VD))
          return true;
    for (const Stmt *Child : E->children())
      if (const auto *CE = dyn_cast_or_null<Expr>(Child))
        if (!isa<LambdaExpr>(CE) && mentions(CE, Depth + 1))
          return true;
    return false;
  }

private:
  const ResultVar *resultVar(const VarDecl *VD) const {
    auto It = F.Results.find(VD);
    if (It == F.Results.end())
      return nullptr;
    for (const ResultVar &R : It->second)
      if (R.Check == CIdx)
        return &R;
    return nullptr;
  }

  /// What kind of value \p E is with respect to the check, if it is the
  /// check's result itself.
  std::optional<ResultKind> kindOf(const Expr *E) const {
    // `m.find(k) == m.cend()` converts the iterator to a const_iterator.
    E = strip(E);
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
        CE && CE->getNumArgs() == 1 && strip(CE->getArg(0)) == C.E)
      E = strip(CE->getArg(0));
    // Look through `.get()`, `.has_value()`, `.load()`, `operator bool`.
    if (auto V = viewMemberCall(E))
      if (V->Base && (V->Name == "get" || V->Name == "has_value" ||
                      V->Name == "load" || V->Name == "operator bool") &&
          (strip(V->Base) == C.E))
        return C.Result;
    if (E == C.E)
      return C.Result;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        if (const ResultVar *R = resultVar(VD))
          return R->Kind;
    return std::nullopt;
  }

  std::optional<Outcome> direct(const Expr *E) const {
    auto K = kindOf(E);
    if (!K)
      return std::nullopt;
    switch (*K) {
    case ResultKind::Count:
    case ResultKind::PresentBool:
    case ResultKind::Value:
      return Outcome::Present;
    case ResultKind::AbsentBool:
      return Outcome::Absent;
    default:
      break;
    }
    // A bool result variable carries its own meaning.
    if (const auto *DRE = dyn_cast<DeclRefExpr>(strip(E)))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        if (const ResultVar *R = resultVar(VD))
          return R->WhenTrue;
    return Outcome::Unknown;
  }

  TruthPair compare(BinaryOperatorKind Op, const Expr *L, const Expr *R) {
    bool LM = mentions(L), RM = mentions(R);
    if (!LM && !RM)
      return {};
    const Expr *S = LM ? L : R;
    const Expr *O = LM ? R : L;
    if (!LM)
      Op = mirror(Op);
    auto K = kindOf(S);
    if (!K)
      return {Outcome::Unknown, Outcome::Unknown, true};
    Outcome WhenTrue = Outcome::Unknown;
    switch (*K) {
    case ResultKind::Iterator:
      if (isEndCall(O) && (Op == BO_EQ || Op == BO_NE))
        WhenTrue = Op == BO_EQ ? Outcome::Absent : Outcome::Present;
      break;
    case ResultKind::Count:
      if (auto N = intLiteral(O)) {
        if ((Op == BO_EQ && *N == 0) || (Op == BO_LT && *N == 1) ||
            (Op == BO_LE && *N == 0))
          WhenTrue = Outcome::Absent;
        else if ((Op == BO_NE && *N == 0) || (Op == BO_GT && *N == 0) ||
                 (Op == BO_GE && *N == 1) || (Op == BO_EQ && *N >= 1))
          WhenTrue = Outcome::Present;
      }
      break;
    case ResultKind::Value:
    case ResultKind::PresentBool:
    case ResultKind::AbsentBool: {
      Outcome Truthy = *K == ResultKind::AbsentBool ? Outcome::Absent
                                                     : Outcome::Present;
      if (isNullLiteral(O) || boolLiteral(O) == false) {
        if (Op == BO_EQ)
          WhenTrue = flip(Truthy);
        else if (Op == BO_NE)
          WhenTrue = Truthy;
      } else if (boolLiteral(O) == true) {
        if (Op == BO_EQ)
          WhenTrue = Truthy;
        else if (Op == BO_NE)
          WhenTrue = flip(Truthy);
      }
      break;
    }
    default:
      break;
    }
    return leaf(WhenTrue);
  }

  const FunctionFacts &F;
  const CheckEvent &C;
  unsigned CIdx;
};

} // namespace

llvm::SmallVector<unsigned, 4>
FunctionFacts::mentionedChecks(const Condition &Cond) const {
  llvm::SmallVector<unsigned, 4> Out(Cond.Checks.begin(), Cond.Checks.end());
  for (const VarDecl *V : Cond.Vars) {
    auto It = Results.find(V);
    if (It != Results.end())
      for (const ResultVar &R : It->second)
        Out.push_back(R.Check);
  }
  llvm::sort(Out);
  Out.erase(std::unique(Out.begin(), Out.end()), Out.end());
  return Out;
}

bool FunctionFacts::mentions(const Condition &Cond, unsigned CheckIdx) const {
  return llvm::is_contained(mentionedChecks(Cond), CheckIdx);
}

Outcome FunctionFacts::outcome(const CheckEvent &C, const Condition &Cond,
                               bool Taken) const {
  unsigned CIdx = &C - Checks.data();
  if (!Cond.E) // A search loop's pseudo-condition: true means found.
    return Taken ? Outcome::Present : Outcome::Absent;
  OutcomeEval Eval(*this, C, CIdx);
  TruthPair T = Eval.eval(Cond.E);
  if (!T.Mentioned)
    return Outcome::Unknown;
  return Taken ? T.WhenTrue : T.WhenFalse;
}

//===----------------------------------------------------------------------===//
// The walker
//===----------------------------------------------------------------------===//

namespace {

class Walker {
public:
  Walker(ASTContext &Ctx, Analyzer &Owner, FunctionFacts &F,
         const FunctionDecl *FD)
      : Ctx(Ctx), Owner(Owner), F(F), FD(FD), CM(Owner.containers()),
        LM(Owner.locks()), Locks(Owner.sectionIds()) {}

  void run(const Stmt *Body, const LambdaContext *LC) {
    if (LC) {
      // Sections the lambda runs under belong to the enclosing function:
      // they stay open for the whole body.
      HeldSet H = Locks.save();
      for (Section S : LC->Inherited) {
        S.Guard = nullptr;
        S.ScopeDepth = 0;
        H.push_back(std::move(S));
      }
      Locks.restore(H);
      if (LC->RunsOnce)
        Locks.acquire("once", "std::call_once", LockMode::Exclusive, nullptr,
                      /*CallerHeld=*/true);
      if (LC->ThreadCaptured)
        for (const VarDecl *V : *LC->ThreadCaptured)
          F.ThreadCaptured.insert(V);
    }
    if (FD)
      enterCallerHeld();
    visit(Body);
  }

private:
  //--- Locks ----------------------------------------------------------------

  /// Runs \p Release and records \p At as the end of every section it
  /// closed.
  template <class Fn> void closing(const Stmt *At, Fn Release) {
    HeldSet Before = Locks.save();
    Release();
    for (const Section &S : Before)
      if (!llvm::any_of(Locks.held(),
                        [&](const Section &X) { return X.Id == S.Id; }))
        F.SectionEnds.try_emplace(S.Id, At);
  }

  /// The statement an unlock call ends: the call's own statement if it is
  /// one, else the call.
  const Stmt *unlockSite(const Expr *Call) const {
    if (CurWhole && strip(Call) == CurWhole && CurWholeStmt)
      return CurWholeStmt;
    return Call;
  }

  /// Functions annotated as requiring a lock run with the caller's section;
  /// so do functions handed a lock guard by reference (`std::unique_lock<>
  /// &held`), which may unlock it.
  void enterCallerHeld() {
    for (const ParmVarDecl *P : FD->parameters()) {
      QualType T = P->getType();
      if (!T->isReferenceType() ||
          !LM.isKnownGuardType(T.getNonReferenceType()))
        continue;
      std::string Id = "guard:" + canonicalId(
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
        Locks.acquire(canonicalId(Arg, Ctx), spellingOf(Arg, Ctx),
                      Shared ? LockMode::Shared : LockMode::Exclusive, nullptr,
                      /*CallerHeld=*/true);
    }
  }

  const VarDecl *guardVar(const Expr *Base) const {
    if (!Base)
      return nullptr;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(strip(Base)))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        if (GuardVars.count(VD))
          return VD;
    return nullptr;
  }

  bool handleLockCall(const CallView &V) {
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
    std::string Id = MutexE ? canonicalId(MutexE, Ctx) : "this";
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

  bool handleFreeLockCall(const CallExpr *CE, llvm::StringRef Name) {
    if (Name == "std::lock") {
      // std::lock(a, b) on deferred guards locks the guards' mutexes, and
      // the guards release them.
      for (const Expr *A : CE->arguments()) {
        if (const VarDecl *G = guardVar(A)) {
          for (const auto &M : Locks.guardMutexes(G))
            Locks.acquire(M.first, M.second, Locks.guardMode(G), G);
          continue;
        }
        Locks.acquire(canonicalId(A, Ctx), spellingOf(A, Ctx),
                      LockMode::Exclusive, nullptr);
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
    std::string Id = canonicalId(M, Ctx);
    if (Op == LockOp::Unlock)
      closing(unlockSite(CE), [&] { Locks.releaseMutex(Id); });
    else
      Locks.acquire(Id, spellingOf(M, Ctx),
                    Op == LockOp::LockShared ? LockMode::Shared
                                             : LockMode::Exclusive,
                    nullptr);
    return true;
  }

  /// A local variable that is an RAII guard: opens its sections.
  void handleGuardDecl(const VarDecl *VD) {
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
      else if (!P && canonicalId(Locked, Ctx).find("this") ==
                         std::string::npos)
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
      std::string Id = canonicalId(M, Ctx);
      if (Id.empty())
        Id = "guard:" + VD->getNameAsString();
      std::string Sp = spellingOf(M, Ctx);
      if (!Sp.empty() && Sp[0] == '&')
        Sp = Sp.substr(1);
      Locks.rememberGuard(VD, Id, Sp, Mode);
      if (Tag == GuardTag::Defer)
        continue;
      if (Tag == GuardTag::Adopt)
        Locks.adopt(Id, Sp, Mode, VD);
      else
        Locks.acquire(Id, Sp, Mode, VD);
    }
  }

  //--- Events ---------------------------------------------------------------

  llvm::SmallVector<std::pair<unsigned, bool>, 4> activeGuards() const {
    llvm::SmallVector<std::pair<unsigned, bool>, 4> G(GuardStack.begin(),
                                                     GuardStack.end());
    for (const auto &Scope : ExitGuards)
      G.append(Scope.begin(), Scope.end());
    return G;
  }

  unsigned addCheck(CheckEvent C) {
    C.Index = NextIndex++;
    C.Held = Locks.held();
    unsigned Idx = F.Checks.size();
    F.Checks.push_back(std::move(C));
    for (unsigned CondIdx : CondStack)
      F.Conds[CondIdx].Checks.push_back(Idx);
    return Idx;
  }

  void addAct(ActEvent A) {
    A.Index = NextIndex++;
    A.Held = Locks.held();
    A.Guards = activeGuards();
    const Expr *Stripped = strip(A.E);
    // `m[k] = v;` acts through the subscript; the statement is the assignment.
    if (CurWhole && PendingAssign == CurWhole && A.Value)
      Stripped = CurWhole;
    A.ResultUsed = !(CurWhole && Stripped == CurWhole);
    if (CurWhole && Stripped == CurWhole) {
      A.WholeStmt = CurWholeStmt;
      A.SoleIf = CurSoleIf;
    }
    F.Acts.push_back(std::move(A));
  }

  KeyRef keyOf(const Expr *E) const {
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

  /// The key inside a value_type argument: `{k, v}`, `std::make_pair(k, v)`,
  /// `std::pair<K, V>(k, v)`, `value_type(k, v)`.
  KeyRef keyOfValue(const Expr *E) const {
    E = strip(E);
    if (const auto *IL = dyn_cast<InitListExpr>(E)) {
      if (IL->getNumInits() >= 1) {
        const Expr *First = strip(IL->getInit(0));
        // `{k, v}` may arrive as a pair constructed from an init list.
        if (const auto *CE = dyn_cast<CXXConstructExpr>(First);
            CE && CE->getNumArgs() >= 2)
          return keyOf(CE->getArg(0));
        if (IL->getNumInits() >= 2)
          return keyOf(IL->getInit(0));
      }
    }
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
      if (CE->getNumArgs() >= 2)
        return keyOf(CE->getArg(0));
      if (CE->getNumArgs() == 1)
        return keyOfValue(CE->getArg(0));
    }
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      std::string N = freeCalleeName(Call);
      if ((N == "std::make_pair" || N == "std::make_tuple") &&
          Call->getNumArgs() >= 1)
        return keyOf(Call->getArg(0));
    }
    if (const auto *UC = dyn_cast<CXXUnresolvedConstructExpr>(E))
      if (UC->getNumArgs() >= 1)
        return keyOf(UC->getArg(0));
    KeyRef K;
    K.K = KeyRef::Unknown;
    return K;
  }

  KeyRef keyFrom(KeyFrom From, llvm::ArrayRef<const Expr *> Args) const {
    auto Arg = [&](unsigned I) -> const Expr * {
      return I < Args.size() ? Args[I] : nullptr;
    };
    switch (From) {
    case KeyFrom::None:
      return KeyRef();
    case KeyFrom::Arg0:
      return Arg(0) ? keyOf(Arg(0)) : KeyRef{KeyRef::Unknown, "", ""};
    case KeyFrom::Arg1:
      return Arg(1) ? keyOf(Arg(1)) : KeyRef{KeyRef::Unknown, "", ""};
    case KeyFrom::Arg2:
      return Arg(2) ? keyOf(Arg(2)) : KeyRef{KeyRef::Unknown, "", ""};
    case KeyFrom::ValueArg0:
      // insert(hint, value) has the value second.
      if (Args.size() == 2)
        return keyOfValue(Args[1]);
      return Arg(0) ? keyOfValue(Arg(0)) : KeyRef{KeyRef::Unknown, "", ""};
    case KeyFrom::EmplaceMap:
      if (Args.size() >= 2)
        return keyOf(Args[0]);
      return Arg(0) ? keyOfValue(Arg(0)) : KeyRef{KeyRef::Unknown, "", ""};
    case KeyFrom::Unknown:
      break;
    }
    return KeyRef{KeyRef::Unknown, "", ""};
  }

  Target containerTarget(const CallView &V) const {
    Target T;
    if (V.BaseType.isNull())
      return T;
    T.Container = CM.classify(V.BaseType);
    if (!T.Container)
      return T;
    if (V.Base) {
      T.Obj = describeObject(V.Base, Ctx);
      T.Obj.Type = V.BaseType;
      T.Obj.ViaPointer = V.Arrow;
    } else {
      // Implicit `this`: a class deriving from a container.
      T.Obj.Id = "this";
      T.Obj.Spelling = "*this";
      T.Obj.RootIsThis = true;
      T.Obj.Type = V.BaseType;
      if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD))
        T.Obj.ThisClass = MD->getParent();
    }
    return T;
  }

  /// Member calls on containers and scalar state.
  void classifyMemberCall(const CallView &V) {
    if (handleLockCall(V))
      return;
    Target T = containerTarget(V);
    if (T.Container) {
      const MethodInfo *M = CM.method(T.Container->Fam, V.Name);
      if (!M)
        return;
      bool InCond = !CondStack.empty();
      if (M->R == Role::Check || (InCond && V.Name == "operator[]")) {
        CheckEvent C;
        C.T = T;
        C.Key = keyFrom(M->Key, V.Args);
        C.Api = V.Name;
        C.Result = M->R == Role::Check ? M->Result : ResultKind::Value;
        C.E = V.Call;
        C.Range = V.Call->getSourceRange();
        addCheck(std::move(C));
        return;
      }
      ActEvent A;
      A.T = T;
      A.Key = keyFrom(M->Key, V.Args);
      A.Api = V.Name;
      A.R = M->R;
      A.E = V.Call;
      A.Range = V.Call->getSourceRange();
      A.ReportsInsertion = M->ReportsInsertion;
      if (V.Name == "operator[]" && PendingAssignValue) {
        A.Value = PendingAssignValue;
        PendingAssignValue = nullptr;
      }
      addAct(std::move(A));
      return;
    }
    // Scalar state acts: p.reset(new T), opt.emplace(...), flag.store(true).
    if (!V.Base)
      return;
    StateKind SK = CM.stateKind(V.BaseType);
    if (SK == StateKind::None)
      return;
    bool IsAct = false;
    const Expr *Value = nullptr;
    if ((SK == StateKind::UniquePtr || SK == StateKind::SharedPtr) &&
        V.Name == "reset" && !V.Args.empty() &&
        !isNullLiteral(V.Args[0])) {
      IsAct = true;
      Value = V.Args[0];
    } else if (SK == StateKind::Optional && V.Name == "emplace") {
      IsAct = true;
    } else if ((SK == StateKind::AtomicPointer || SK == StateKind::AtomicBool) &&
               V.Name == "store" && !V.Args.empty() &&
               !isNullLiteral(V.Args[0]) &&
               boolLiteral(V.Args[0]) != false) {
      IsAct = true;
      Value = V.Args[0];
    }
    if (!IsAct)
      return;
    addStateAct(V.Base, SK, V.Name, V.Call, Value);
  }

  void addStateAct(const Expr *Obj, StateKind SK, llvm::StringRef Api,
                   const Expr *E, const Expr *Value) {
    ActEvent A;
    A.T.Obj = describeObject(Obj, Ctx);
    A.T.State = SK;
    A.Api = Api.str();
    A.R = Role::Add;
    A.E = E;
    A.Range = E->getSourceRange();
    A.Value = Value;
    addAct(std::move(A));
  }

  /// Free search algorithms: std::find(v.begin(), v.end(), x) and friends.
  bool classifyAlgorithm(const CallExpr *CE, llvm::StringRef Name) {
    const AlgorithmInfo *A = CM.algorithm(Name);
    if (!A || CE->getNumArgs() < 1)
      return false;
    const Expr *ContainerE =
        A->RangeFirstArg ? CE->getArg(0) : rangeContainer(CE->getArg(0));
    if (!ContainerE)
      return false;
    CheckEvent C;
    C.T.Container = CM.classify(ContainerE->getType());
    if (!C.T.Container)
      return false;
    C.T.Obj = describeObject(ContainerE, Ctx);
    llvm::SmallVector<const Expr *, 4> Args(CE->arguments());
    C.Key = keyFrom(A->Key, Args);
    C.Api = Name.str();
    C.Result = A->Result;
    C.E = CE;
    C.Range = CE->getSourceRange();
    addCheck(std::move(C));
    return true;
  }

  /// Null and flag tests inside a condition: `!p`, `p == nullptr`, `p`,
  /// `!initialized_`, `ptr_.get()`, `opt_.has_value()`.
  void scanStateTests(const Expr *E) {
    E = strip(E);
    if (!E)
      return;
    if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      if (UO->getOpcode() == UO_LNot)
        scanStateTests(UO->getSubExpr());
      return;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
      if (BO->getOpcode() == BO_LAnd || BO->getOpcode() == BO_LOr) {
        scanStateTests(BO->getLHS());
        scanStateTests(BO->getRHS());
        return;
      }
      if (BO->getOpcode() == BO_EQ || BO->getOpcode() == BO_NE) {
        if (isNullLiteral(BO->getRHS()) || boolLiteral(BO->getRHS()))
          stateLeaf(BO->getLHS());
        else if (isNullLiteral(BO->getLHS()) || boolLiteral(BO->getLHS()))
          stateLeaf(BO->getRHS());
      }
      return;
    }
    if (const auto *RB = dyn_cast<CXXRewrittenBinaryOperator>(E)) {
      CXXRewrittenBinaryOperator::DecomposedForm D = RB->getDecomposedForm();
      if (D.Opcode == BO_EQ || D.Opcode == BO_NE) {
        if (isNullLiteral(D.RHS))
          stateLeaf(D.LHS);
        else if (isNullLiteral(D.LHS))
          stateLeaf(D.RHS);
      }
      return;
    }
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
      if ((OC->getOperator() == OO_EqualEqual ||
           OC->getOperator() == OO_ExclaimEqual) &&
          OC->getNumArgs() == 2) {
        if (isNullLiteral(OC->getArg(1)))
          stateLeaf(OC->getArg(0));
        else if (isNullLiteral(OC->getArg(0)))
          stateLeaf(OC->getArg(1));
      } else if (OC->getOperator() == OO_Exclaim && OC->getNumArgs() == 1) {
        scanStateTests(OC->getArg(0));
      }
      return;
    }
    stateLeaf(E);
  }

  void stateLeaf(const Expr *E) {
    E = strip(E);
    const Expr *Tested = E;
    if (auto V = viewMemberCall(E))
      if (V->Base && (V->Name == "get" || V->Name == "has_value" ||
                      V->Name == "load" || V->Name == "operator bool"))
        E = strip(V->Base);
    // A local holding a check's result is not state of its own.
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        if ((VD->hasLocalStorage() && F.Results.count(VD)) ||
            isa<ParmVarDecl>(VD))
          return;
    if (!isa<DeclRefExpr>(E) && !isa<MemberExpr>(E) &&
        !isa<CXXDependentScopeMemberExpr>(E))
      return;
    StateKind SK = CM.stateKind(E->getType());
    if (SK == StateKind::None)
      return;
    CheckEvent C;
    C.T.Obj = describeObject(E, Ctx);
    C.T.State = SK;
    if (!C.T.Obj.known())
      return;
    C.Api = (SK == StateKind::Bool || SK == StateKind::AtomicBool)
                ? "flag test"
                : "null test";
    C.Result = ResultKind::Value;
    C.E = E;
    C.Tested = Tested;
    C.Range = E->getSourceRange();
    addCheck(std::move(C));
  }

  /// Evaluates a condition: its checks and the variables it reads.
  unsigned evalCondition(const Expr *E) {
    unsigned Idx = F.Conds.size();
    F.Conds.emplace_back();
    F.Conds[Idx].E = E;
    CondStack.push_back(Idx);
    // Nested conditions (`a && b`) were scanned with their outermost one.
    if (CondStack.size() == 1)
      scanStateTests(E);
    visit(E);
    CondStack.pop_back();
    return Idx;
  }

  /// Records variables whose initializer carries a check's result.
  void bindResult(const VarDecl *VD, const Expr *Init, unsigned ChecksBefore) {
    if (!VD || !Init)
      return;
    QualType T = VD->getType().getNonReferenceType();
    bool IsBool = T->isBooleanType();
    bool IsInt = T->isIntegerType() && !IsBool;
    auto Bind = [&](unsigned CheckIdx) {
      ResultVar R;
      R.Check = CheckIdx;
      const CheckEvent &C = F.Checks[CheckIdx];
      const Expr *S = strip(Init);
      if (S == C.E)
        R.Kind = C.Result;
      else if (IsBool)
        R.Kind = ResultKind::PresentBool;
      else if (IsInt)
        R.Kind = ResultKind::Count;
      else
        R.Kind = ResultKind::Other;
      if (IsBool) {
        Condition Tmp;
        Tmp.E = Init;
        R.WhenTrue = F.outcome(C, Tmp, true);
        // `bool found = ...` normalizes to PresentBool with its own meaning.
        R.Kind = ResultKind::Other;
      }
      F.Results[VD].push_back(R);
    };
    for (unsigned I = ChecksBefore; I < F.Checks.size(); ++I)
      Bind(I);
    // Derived from another result variable: `bool found = it != m.end();`.
    llvm::SmallVector<const VarDecl *, 2> Read;
    collectVars(Init, Read);
    for (const VarDecl *R : Read) {
      auto It = F.Results.find(R);
      if (It == F.Results.end() || R == VD)
        continue;
      llvm::SmallVector<unsigned, 2> Checks;
      for (const ResultVar &RV : It->second)
        Checks.push_back(RV.Check);
      for (unsigned C : Checks)
        Bind(C);
    }
  }

  static void collectVars(const Stmt *S,
                          llvm::SmallVectorImpl<const VarDecl *> &Out,
                          unsigned Depth = 0) {
    if (!S || isa<LambdaExpr>(S) || Depth > 200)
      return;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        Out.push_back(VD);
    for (const Stmt *C : S->children())
      collectVars(C, Out, Depth + 1);
  }

  //--- Search loops ---------------------------------------------------------

  struct LoopSearch {
    std::function<bool(const Expr *)> ElementTest;
    bool Returns = false;
    llvm::SmallVector<std::pair<const VarDecl *, bool>, 2> BoolAssigns;
    bool Breaks = false;
  };

  /// Looks for `if (...) return/break/found = true` inside a loop body.
  static void scanSearchBody(const Stmt *S, LoopSearch &L, bool InIf,
                             unsigned Depth = 0) {
    if (!S || isa<LambdaExpr>(S) || Depth > 200)
      return;
    if (InIf) {
      if (isa<ReturnStmt>(S) || isa<CXXThrowExpr>(S))
        L.Returns = true;
      if (isa<BreakStmt>(S))
        L.Breaks = true;
      if (const auto *BO = dyn_cast<BinaryOperator>(S))
        if (BO->getOpcode() == BO_Assign)
          if (const auto *DRE = dyn_cast<DeclRefExpr>(strip(BO->getLHS())))
            if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
              if (VD->getType()->isBooleanType())
                if (auto B = boolLiteral(BO->getRHS()))
                  L.BoolAssigns.emplace_back(VD, *B);
    }
    // Nested loops have their own break targets.
    bool NestedLoop = isa<ForStmt>(S) || isa<WhileStmt>(S) || isa<DoStmt>(S) ||
                      isa<CXXForRangeStmt>(S);
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      // A search compares an element: the condition reads the loop's own
      // variables or indexes the container (a running total is no search).
      if (L.ElementTest && !L.ElementTest(If->getCond()))
        return;
      scanSearchBody(If->getThen(), L, true, Depth + 1);
      scanSearchBody(If->getElse(), L, true, Depth + 1);
      return;
    }
    for (const Stmt *C : S->children()) {
      if (NestedLoop && isa_and_nonnull<BreakStmt>(C))
        continue;
      scanSearchBody(C, L, InIf, Depth + 1);
    }
  }

  /// The container a for/while loop walks: from `C.end()` / `C.size()` in
  /// its condition.
  const Expr *loopContainer(const Expr *Cond) const {
    if (!Cond)
      return nullptr;
    const Expr *Found = nullptr;
    std::function<void(const Stmt *)> Scan = [&](const Stmt *S) {
      if (!S || Found)
        return;
      if (const auto *E = dyn_cast<Expr>(S))
        if (auto V = viewMemberCall(strip(E)))
          if (V->Base && (V->Name == "end" || V->Name == "cend" ||
                          V->Name == "size") &&
              CM.classify(V->BaseType)) {
            Found = V->Base;
            return;
          }
      for (const Stmt *C : S->children())
        Scan(C);
    };
    Scan(Cond);
    return Found;
  }

  /// Registers a hand-written search loop over \p ContainerE as a check.
  /// Returns the pseudo-condition index if the loop exits the function on a
  /// hit, for an exit guard after the loop.
  std::optional<unsigned> searchLoop(const Stmt *Loop, const Expr *ContainerE,
                                     const Stmt *Body, const Expr *Cond) {
    if (!ContainerE)
      return std::nullopt;
    CheckEvent C;
    C.T.Container = CM.classify(ContainerE->getType());
    if (!C.T.Container)
      return std::nullopt;
    LoopSearch L;
    // The loop's own variables: the range-for element, the for-init ones.
    llvm::SmallPtrSet<const VarDecl *, 4> LoopVars;
    if (const auto *RF = dyn_cast<CXXForRangeStmt>(Loop))
      LoopVars.insert(RF->getLoopVariable());
    if (const auto *For = dyn_cast<ForStmt>(Loop))
      if (const auto *DS = dyn_cast_or_null<DeclStmt>(For->getInit()))
        for (const Decl *D : DS->decls())
          if (const auto *VD = dyn_cast<VarDecl>(D))
            LoopVars.insert(VD);
    if (Cond) {
      llvm::SmallVector<const VarDecl *, 4> CondVars;
      collectVars(Cond, CondVars);
      for (const VarDecl *VD : CondVars)
        if (!CM.classify(VD->getType()))
          LoopVars.insert(VD);
    }
    std::string ContainerId = canonicalId(ContainerE, Ctx);
    L.ElementTest = [&](const Expr *IfCond) {
      bool Hit = false;
      std::function<void(const Stmt *, unsigned)> Scan = [&](const Stmt *X,
                                                             unsigned D) {
        if (!X || Hit || D > 100)
          return;
        if (const auto *DRE = dyn_cast<DeclRefExpr>(X))
          if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
            if (LoopVars.count(VD))
              Hit = true;
        if (const auto *E = dyn_cast<Expr>(X))
          if (auto V = viewMemberCall(strip(E)))
            if (V->Base && (V->Name == "operator[]" || V->Name == "at") &&
                canonicalId(V->Base, Ctx) == ContainerId)
              Hit = true;
        for (const Stmt *C : X->children())
          Scan(C, D + 1);
      };
      Scan(IfCond, 0);
      return Hit;
    };
    scanSearchBody(Body, L, false);
    if (!L.Returns && L.BoolAssigns.empty() && !L.Breaks)
      return std::nullopt;
    C.T.Obj = describeObject(ContainerE, Ctx);
    C.Key.K = KeyRef::Unknown;
    C.Api = "search loop";
    C.Result = ResultKind::PresentBool;
    C.E = ContainerE;
    C.S = Loop;
    C.Range = SourceRange(Loop->getBeginLoc(), ContainerE->getEndLoc());
    unsigned CheckIdx = addCheck(std::move(C));
    for (const auto &[VD, Value] : L.BoolAssigns) {
      ResultVar R;
      R.Check = CheckIdx;
      R.Kind = ResultKind::Other;
      R.WhenTrue = Value ? Outcome::Present : Outcome::Absent;
      F.Results[VD].push_back(R);
    }
    // `for (it = v.begin(); it != v.end(); ++it) if (...) break;` leaves the
    // iterator as the result.
    if (L.Breaks && Cond) {
      llvm::SmallVector<const VarDecl *, 2> Read;
      collectVars(Cond, Read);
      for (const VarDecl *VD : Read)
        if (!VD->getType()->isIntegerType() &&
            !CM.classify(VD->getType()) &&
            !VD->getType()->isPointerType()) {
          ResultVar R;
          R.Check = CheckIdx;
          R.Kind = ResultKind::Iterator;
          F.Results[VD].push_back(R);
        }
    }
    if (!L.Returns)
      return std::nullopt;
    unsigned CondIdx = F.Conds.size();
    F.Conds.emplace_back();
    F.Conds[CondIdx].Checks.push_back(CheckIdx);
    return CondIdx;
  }

  //--- Threads and lambdas --------------------------------------------------

  bool isSpawner(const Expr *E) const {
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
      std::string N = templateNameOf(CE->getType());
      return N == "std::thread" || N == "std::jthread" || N == "boost::thread";
    }
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      std::string N = freeCalleeName(Call);
      if (N == "std::async")
        return true;
      if (const FunctionDecl *Callee = Call->getDirectCallee())
        N = stableQualifiedName(Callee);
      return !N.empty() && Owner.isThreadSpawner(N);
    }
    return false;
  }

  void noteThreadCaptures(const Expr *E, llvm::ArrayRef<const Expr *> Args) {
    if (!isSpawner(E))
      return;
    for (const Expr *A : Args) {
      const Expr *S = strip(A);
      if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
        SpawnedLambdas.insert(LE);
        for (const LambdaCapture &Cap : LE->captures())
          if (Cap.capturesVariable() && Cap.getCaptureKind() == LCK_ByRef)
            if (const auto *VD = dyn_cast<VarDecl>(Cap.getCapturedVar()))
              F.ThreadCaptured.insert(VD);
        continue;
      }
      if (const auto *Call = dyn_cast<CallExpr>(S)) {
        std::string N = freeCalleeName(Call);
        if ((N == "std::ref" || N == "std::cref") && Call->getNumArgs() == 1)
          if (const auto *DRE = dyn_cast<DeclRefExpr>(strip(Call->getArg(0))))
            if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
              F.ThreadCaptured.insert(VD);
      }
    }
  }

  void noteOnceCallbacks(const CallExpr *CE, llvm::StringRef Name) {
    if (Name != "std::call_once" && Name != "absl::call_once" &&
        Name != "folly::call_once" && Name != "boost::call_once" &&
        Name != "pthread_once")
      return;
    // A function run once (pthread_once(&once, init)) runs as if locked.
    for (const Expr *A : CE->arguments()) {
      const Expr *X = A->IgnoreParenImpCasts();
      if (const auto *UO = dyn_cast<UnaryOperator>(X);
          UO && UO->getOpcode() == UO_AddrOf)
        X = UO->getSubExpr()->IgnoreParenImpCasts();
      if (const auto *DRE = dyn_cast<DeclRefExpr>(X))
        if (const auto *Fn = dyn_cast<FunctionDecl>(DRE->getDecl()))
          F.OnceFunctions.push_back(Fn->getCanonicalDecl());
    }
    for (const Expr *A : CE->arguments())
      if (const auto *LE = dyn_cast<LambdaExpr>(strip(A)))
        OnceLambdas.insert(LE);
  }

  void visitLambda(const LambdaExpr *LE) {
    LambdaContext LC;
    LC.ThreadCaptured = &F.ThreadCaptured;
    if (OnceLambdas.count(LE))
      LC.RunsOnce = true;
    else if (!SpawnedLambdas.count(LE))
      LC.Inherited = Locks.held();
    Owner.analyzeBody(LE->getBody(), LE->getCallOperator(), &LC);
  }

  //--- Statements -----------------------------------------------------------

  void visitCompound(const CompoundStmt *CS) {
    const IfStmt *SoleIf = PendingSoleIf;
    PendingSoleIf = nullptr;
    Locks.enterScope();
    ExitGuards.emplace_back();
    unsigned I = 0;
    for (const Stmt *Child : CS->body()) {
      F.Positions[Child] = {CS, I++};
      visitInStatementPosition(Child,
                               SoleIf && CS->size() == 1 ? SoleIf : nullptr);
    }
    ExitGuards.pop_back();
    closing(CS, [&] { Locks.exitScope(); });
  }

  /// Visits a statement that stands alone (in a compound or as a branch).
  void visitInStatementPosition(const Stmt *S, const IfStmt *SoleIf) {
    const Expr *SavedWhole = CurWhole;
    const Stmt *SavedWholeStmt = CurWholeStmt;
    const IfStmt *SavedSoleIf = CurSoleIf;
    if (const auto *E = dyn_cast<Expr>(S)) {
      const Expr *W = strip(E);
      if (const auto *Cast = dyn_cast<ExplicitCastExpr>(W);
          Cast && Cast->getType()->isVoidType())
        W = strip(Cast->getSubExpr());
      // `m[k] = v;` — the act is the subscript, the statement its assignment.
      CurWhole = W;
      CurWholeStmt = S;
      CurSoleIf = SoleIf;
    } else {
      CurWhole = nullptr;
      CurWholeStmt = nullptr;
      CurSoleIf = nullptr;
    }
    visit(S);
    CurWhole = SavedWhole;
    CurWholeStmt = SavedWholeStmt;
    CurSoleIf = SavedSoleIf;
    // Early exits guard the rest of the enclosing scope.
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      auto It = IfConds.find(If);
      if (It != IfConds.end() && !ExitGuards.empty()) {
        // A return guards the rest of the function; a break or continue
        // the rest of the block.
        Exit ThenExit = exitOf(If->getThen());
        Exit ElseExit = exitOf(If->getElse());
        auto Scope = [&](Exit X) -> llvm::SmallVector<std::pair<unsigned, bool>, 2> & {
          return X == Exit::Function ? ExitGuards.front() : ExitGuards.back();
        };
        if (ThenExit != Exit::None && ElseExit == Exit::None)
          Scope(ThenExit).emplace_back(It->second, false);
        else if (ElseExit != Exit::None && ThenExit == Exit::None)
          Scope(ElseExit).emplace_back(It->second, true);
      }
    }
    auto LoopIt = LoopExitConds.find(S);
    if (LoopIt != LoopExitConds.end() && !ExitGuards.empty())
      ExitGuards.front().emplace_back(LoopIt->second, false);
  }

  void visitBranch(const Stmt *S, unsigned CondIdx, bool Taken,
                   const IfStmt *SoleIf) {
    GuardStack.emplace_back(CondIdx, Taken);
    if (isa<CompoundStmt>(S))
      PendingSoleIf = SoleIf;
    if (isa<CompoundStmt>(S) || !isa<Expr>(S))
      visitInStatementPosition(S, nullptr);
    else
      visitInStatementPosition(S, SoleIf);
    PendingSoleIf = nullptr;
    GuardStack.pop_back();
  }

  void visitIf(const IfStmt *If) {
    if (If->getInit())
      visitInStatementPosition(If->getInit(), nullptr);
    unsigned ChecksBefore = F.Checks.size();
    if (const DeclStmt *DS = If->getConditionVariableDeclStmt())
      visit(DS);
    unsigned CondIdx = evalCondition(If->getCond());
    if (const VarDecl *CV = If->getConditionVariable()) {
      F.Conds[CondIdx].Vars.insert(CV);
      for (unsigned I = ChecksBefore; I < F.Checks.size(); ++I)
        F.Conds[CondIdx].Checks.push_back(I);
    }
    IfConds[If] = CondIdx;
    bool Simple = !If->getInit() && !If->getConditionVariable() &&
                  !If->getElse() && !If->isConsteval();
    HeldSet Before = Locks.save();
    visitBranch(If->getThen(), CondIdx, true, Simple ? If : nullptr);
    bool ThenExits = alwaysExits(If->getThen());
    HeldSet AfterThen = Locks.save();
    Locks.restore(Before);
    if (If->getElse()) {
      // `else if` chains are as long as the code is: their tail does not
      // count toward the depth bound (clang's parser recursed as deep).
      if (isa<IfStmt>(If->getElse()) && Depth > 0)
        --Depth;
      visitBranch(If->getElse(), CondIdx, false, nullptr);
      if (isa<IfStmt>(If->getElse()))
        ++Depth;
      bool ElseExits = alwaysExits(If->getElse());
      if (ElseExits && !ThenExits)
        Locks.restore(AfterThen);
    } else if (!ThenExits) {
      Locks.restore(AfterThen);
    }
  }

  void visitLoop(const Stmt *Loop, const Expr *Cond, const Stmt *Body,
                 const Expr *SearchContainer) {
    std::optional<unsigned> ExitCond =
        searchLoop(Loop, SearchContainer, Body, Cond);
    if (ExitCond)
      LoopExitConds[Loop] = *ExitCond;
    HeldSet Before = Locks.save();
    // break and continue guard the rest of the body, never code after it.
    ExitGuards.emplace_back();
    if (Cond) {
      unsigned CondIdx = evalCondition(Cond);
      GuardStack.emplace_back(CondIdx, true);
      visitInStatementPosition(Body, nullptr);
      GuardStack.pop_back();
    } else {
      visitInStatementPosition(Body, nullptr);
    }
    ExitGuards.pop_back();
    Locks.restore(Before);
  }

  void visitDecl(const DeclStmt *DS) {
    for (const Decl *D : DS->decls()) {
      const auto *VD = dyn_cast<VarDecl>(D);
      if (!VD)
        continue;
      F.DeclStmts[VD] = DS;
      unsigned ChecksBefore = F.Checks.size();
      if (const Expr *Init = VD->getInit()) {
        const Expr *SavedWhole = CurWhole;
        CurWhole = nullptr;
        visit(Init);
        CurWhole = SavedWhole;
        bindResult(VD, Init, ChecksBefore);
      }
      handleGuardDecl(VD);
    }
  }

  void visitAssign(const Expr *E, const Expr *LHS, const Expr *RHS) {
    unsigned ChecksBefore = F.Checks.size();
    const Expr *SavedValue = PendingAssignValue;
    const Expr *SavedAssign = PendingAssign;
    visit(RHS);
    // Only the subscript that is the whole LHS receives the value.
    if (auto V = viewMemberCall(strip(LHS)); V && V->Name == "operator[]") {
      PendingAssignValue = RHS;
      PendingAssign = E;
    }
    visit(LHS);
    PendingAssignValue = SavedValue;
    PendingAssign = SavedAssign;
    const Expr *L = strip(LHS);
    // `it = m.find(k);` rebinds a result variable.
    if (const auto *DRE = dyn_cast<DeclRefExpr>(L))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        bindResult(VD, RHS, ChecksBefore);
    if (!isa<DeclRefExpr>(L) && !isa<MemberExpr>(L) &&
        !isa<CXXDependentScopeMemberExpr>(L))
      return;
    StateKind SK = CM.stateKind(L->getType());
    if (SK == StateKind::None)
      return;
    if (isNullLiteral(RHS) || boolLiteral(RHS) == false)
      return;
    addStateAct(L, SK, "assignment", E, RHS);
  }

  void visitCall(const CallExpr *CE) {
    std::string FreeName = freeCalleeName(CE);
    llvm::SmallVector<const Expr *, 4> Args(CE->arguments());
    noteThreadCaptures(CE, Args);
    if (!FreeName.empty())
      noteOnceCallbacks(CE, FreeName);
    if (const FunctionDecl *Callee = CE->getDirectCallee()) {
      F.Calls.push_back({Callee->getCanonicalDecl(), !Locks.empty()});
      if (Callee->getIdentifier() &&
          Owner.isThreadAffinityAssert(Callee->getName()))
        F.ThreadConfined = true;
    }
    // Operands first: arguments are evaluated before the call acts.
    for (const Stmt *Child : CE->children())
      visit(Child);
    if (!FreeName.empty()) {
      if (handleFreeLockCall(CE, FreeName))
        return;
      classifyAlgorithm(CE, FreeName);
      return;
    }
    if (auto V = viewMemberCall(CE))
      classifyMemberCall(*V);
  }

  /// Deeper than this, generated code (a chain of thousands of `<<`) is not
  /// walked: its checks and acts are not the hand-written kind, and the
  /// recursion must not exhaust the stack the compiler gave us.
  static constexpr unsigned MaxDepth = 400;

  void visit(const Stmt *S) {
    if (!S || Depth >= MaxDepth)
      return;
    ++Depth;
    visitStmt(S);
    --Depth;
  }

  void visitStmt(const Stmt *S) {
    // Operands that are never evaluated neither check nor act.
    if (isa<UnaryExprOrTypeTraitExpr>(S) || isa<CXXNoexceptExpr>(S) ||
        isa<RequiresExpr>(S))
      return;
    if (const auto *TI = dyn_cast<CXXTypeidExpr>(S);
        TI && !TI->isPotentiallyEvaluated())
      return;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        for (unsigned CondIdx : CondStack)
          F.Conds[CondIdx].Vars.insert(VD);
      return;
    }
    if (const auto *CS = dyn_cast<CompoundStmt>(S))
      return visitCompound(CS);
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      return visitDecl(DS);
    if (const auto *If = dyn_cast<IfStmt>(S))
      return visitIf(If);
    if (const auto *W = dyn_cast<WhileStmt>(S)) {
      if (W->getConditionVariableDeclStmt())
        visit(W->getConditionVariableDeclStmt());
      return visitLoop(W, W->getCond(), W->getBody(),
                       loopContainer(W->getCond()));
    }
    if (const auto *For = dyn_cast<ForStmt>(S)) {
      Locks.enterScope();
      if (For->getInit())
        visit(For->getInit());
      visitLoop(For, For->getCond(), For->getBody(),
                loopContainer(For->getCond()));
      if (For->getInc())
        visit(For->getInc());
      Locks.exitScope();
      return;
    }
    if (const auto *RF = dyn_cast<CXXForRangeStmt>(S)) {
      if (RF->getInit())
        visit(RF->getInit());
      visit(RF->getRangeInit());
      return visitLoop(RF, nullptr, RF->getBody(), RF->getRangeInit());
    }
    if (const auto *Do = dyn_cast<DoStmt>(S)) {
      visitInStatementPosition(Do->getBody(), nullptr);
      visit(Do->getCond());
      return;
    }
    if (const auto *CO = dyn_cast<AbstractConditionalOperator>(S)) {
      unsigned CondIdx = evalCondition(CO->getCond());
      GuardStack.emplace_back(CondIdx, true);
      visit(CO->getTrueExpr());
      GuardStack.back().second = false;
      visit(CO->getFalseExpr());
      GuardStack.pop_back();
      return;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
      if (BO->getOpcode() == BO_LAnd || BO->getOpcode() == BO_LOr) {
        unsigned CondIdx = evalCondition(BO->getLHS());
        GuardStack.emplace_back(CondIdx, BO->getOpcode() == BO_LAnd);
        visit(BO->getRHS());
        GuardStack.pop_back();
        return;
      }
      if (BO->getOpcode() == BO_Assign)
        return visitAssign(BO, BO->getLHS(), BO->getRHS());
    }
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(S)) {
      if (OC->getOperator() == OO_Equal && OC->getNumArgs() == 2)
        return visitAssign(OC, OC->getArg(0), OC->getArg(1));
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(S)) {
      visit(AS->getLHS());
      visit(AS->getRHS());
      if (auto V = viewMemberCall(AS))
        classifyMemberCall(*V);
      return;
    }
    if (const auto *CE = dyn_cast<CallExpr>(S))
      return visitCall(CE);
    if (const auto *Ctor = dyn_cast<CXXConstructExpr>(S)) {
      llvm::SmallVector<const Expr *, 4> Args(Ctor->arguments());
      noteThreadCaptures(Ctor, Args);
    }
    if (const auto *LE = dyn_cast<LambdaExpr>(S))
      return visitLambda(LE);
    for (const Stmt *Child : S->children())
      visit(Child);
  }

  ASTContext &Ctx;
  Analyzer &Owner;
  FunctionFacts &F;
  const FunctionDecl *FD;
  const ContainerModel &CM;
  const LockModel &LM;
  LockState Locks;
  unsigned NextIndex = 0;

  llvm::SmallVector<std::pair<unsigned, bool>, 8> GuardStack;
  llvm::SmallVector<llvm::SmallVector<std::pair<unsigned, bool>, 2>, 8>
      ExitGuards;
  llvm::SmallVector<unsigned, 4> CondStack;
  llvm::DenseMap<const IfStmt *, unsigned> IfConds;
  llvm::DenseMap<const Stmt *, unsigned> LoopExitConds;
  llvm::SmallPtrSet<const VarDecl *, 4> GuardVars;
  llvm::SmallPtrSet<const LambdaExpr *, 2> OnceLambdas;
  llvm::SmallPtrSet<const LambdaExpr *, 2> SpawnedLambdas;

  const Expr *CurWhole = nullptr;
  const Stmt *CurWholeStmt = nullptr;
  const IfStmt *CurSoleIf = nullptr;
  const IfStmt *PendingSoleIf = nullptr;
  const Expr *PendingAssignValue = nullptr;
  const Expr *PendingAssign = nullptr;
  unsigned Depth = 0;
};

} // namespace

void buildFacts(const Stmt *Body, const FunctionDecl *FD,
                const LambdaContext *LC, ASTContext &Ctx, Analyzer &Owner,
                FunctionFacts &Out) {
  Walker W(Ctx, Owner, Out, FD);
  W.run(Body, LC);
}

void FunctionFacts::dump(llvm::raw_ostream &OS) const {
  auto Held = [&](const HeldSet &H) {
    std::string S;
    for (const Section &X : H)
      S += " #" + std::to_string(X.Id) + ":" + X.MutexSpelling +
           (X.Mode == LockMode::Shared ? "(shared)" : "");
    return S.empty() ? std::string(" -") : S;
  };
  for (unsigned I = 0; I < Checks.size(); ++I) {
    const CheckEvent &C = Checks[I];
    OS << "  check[" << I << "] @" << C.Index << " " << C.Api << " on '"
       << C.T.Obj.Spelling << "' id=" << C.T.Obj.Id << " key="
       << (C.Key.K == KeyRef::Exact ? C.Key.Spelling
                                    : C.Key.K == KeyRef::None ? "none" : "?")
       << " held:" << Held(C.Held) << "\n";
  }
  for (const ActEvent &A : Acts) {
    OS << "  act @" << A.Index << " " << A.Api << " on '" << A.T.Obj.Spelling
       << "' id=" << A.T.Obj.Id << " held:" << Held(A.Held) << " guards:";
    for (const auto &[C, T] : A.Guards)
      OS << " " << C << (T ? "T" : "F");
    OS << "\n";
  }
  for (unsigned I = 0; I < Conds.size(); ++I) {
    OS << "  cond[" << I << "] checks:";
    for (unsigned C : Conds[I].Checks)
      OS << " " << C;
    OS << " vars:" << Conds[I].Vars.size() << "\n";
  }
}

} // namespace cta
