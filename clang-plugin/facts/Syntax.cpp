//===- Syntax.cpp - Reading expressions the way the walker needs ----------===//

#include "facts/Syntax.h"
#include "ContainerModel.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace cta {
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
          (CE->getNumArgs() == 1 || isa<CXXDefaultArgExpr>(CE->getArg(1)))) {
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

namespace {
std::string memberName(const DeclarationName &N) {
  if (N.getNameKind() == DeclarationName::CXXOperatorName)
    return "operator" +
           std::string(getOperatorSpelling(N.getCXXOverloadedOperator()));
  if (N.getNameKind() == DeclarationName::CXXConversionFunctionName)
    return "operator bool";
  return N.getAsString();
}
} // namespace

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
    if (!B->getType()->isDependentType() || B->getType()->isPointerType() ||
        B->getType()->isArrayType())
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

std::string functionObjectName(const CallExpr *CE) {
  const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE);
  if (!OC || OC->getOperator() != OO_Call || OC->getNumArgs() < 1)
    return {};
  if (const auto *DRE = dyn_cast<DeclRefExpr>(strip(OC->getArg(0))))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
        VD && VD->hasGlobalStorage())
      return stableQualifiedName(VD);
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
  case OO_EqualEqual:
    return BO_EQ;
  case OO_ExclaimEqual:
    return BO_NE;
  case OO_Less:
    return BO_LT;
  case OO_Greater:
    return BO_GT;
  case OO_LessEqual:
    return BO_LE;
  case OO_GreaterEqual:
    return BO_GE;
  default:
    return BO_Comma;
  }
}

BinaryOperatorKind mirror(BinaryOperatorKind K) {
  switch (K) {
  case BO_LT:
    return BO_GT;
  case BO_GT:
    return BO_LT;
  case BO_LE:
    return BO_GE;
  case BO_GE:
    return BO_LE;
  default:
    return K;
  }
}

namespace {
/// Is \p Name a fatal log severity: its last word is "fatal" in any case
/// (`FATAL`, `BLOG_FATAL`, `GLOG_FATAL`, `kFatal`, `LogLevel::Fatal`), but
/// not `DFATAL` or `FATAL_LEVEL`?
bool isFatalSeverityName(llvm::StringRef Name) {
  size_t Start = 0;
  for (size_t I = 1; I < Name.size(); ++I) {
    if (Name[I] == '_' ||
        (llvm::isUpper(Name[I]) && llvm::isLower(Name[I - 1])))
      Start = Name[I] == '_' ? I + 1 : I;
  }
  return Name.substr(Start).equals_insensitive("fatal");
}

/// A constant naming a fatal log severity: an enumerator or a const
/// variable (docs/architecture.md, "Fatal paths").
bool isFatalSeverity(const Expr *E) {
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(strip(E));
  if (!DRE)
    return false;
  const ValueDecl *D = DRE->getDecl();
  if (!isa<EnumConstantDecl>(D) &&
      !(isa<VarDecl>(D) && D->getType().isConstQualified()))
    return false;
  return D->getIdentifier() && isFatalSeverityName(D->getName());
}

/// Does \p S mention a fatal severity and read no variable that is not a
/// constant? That is a log library's "is this severity enabled" test, as in
/// `!(BLOG_FATAL >= GetMinLogLevel()) ? (void)0 : LogMessage(...)`.
bool isSeverityTest(const Stmt *S, bool &Fatal, unsigned Depth = 0) {
  if (!S || Depth > 32)
    return false;
  if (const auto *E = dyn_cast<Expr>(S); E && isFatalSeverity(E)) {
    Fatal = true;
    return true;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
        VD && !VD->getType().isConstQualified())
      return false;
  if (isa<MemberExpr>(S) || isa<CXXThisExpr>(S))
    return false;
  for (const Stmt *C : S->children())
    if (!isSeverityTest(C, Fatal, Depth + 1))
      return false;
  return true;
}

bool neverReturnsIn(const Stmt *S, unsigned Depth) {
  if (!S || Depth > 48 || isa<LambdaExpr>(S))
    return false;
  if (const auto *CE = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *Callee = CE->getDirectCallee())
      if (Callee->isNoReturn())
        return true;
  if (const auto *BT = dyn_cast<CXXBindTemporaryExpr>(S))
    if (const CXXDestructorDecl *D = BT->getTemporary()->getDestructor())
      if (D->isNoReturn())
        return true;
  // A log message made at fatal severity (`LogMessage(__FILE__, __LINE__,
  // BLOG_FATAL)`, `RawLog(BLOG_FATAL, ...)`) states that this never happens,
  // whether or not the library aborts after writing it.
  if (const auto *CE = dyn_cast<CallExpr>(S))
    if (llvm::any_of(CE->arguments(), isFatalSeverity))
      return true;
  if (const auto *CE = dyn_cast<CXXConstructExpr>(S))
    if (llvm::any_of(CE->arguments(), isFatalSeverity))
      return true;
  // Only operands evaluated unconditionally count: `a ? f() : abort()`
  // does not always end the program, unless `a` only asks whether fatal
  // messages are enabled (a lazy log stream).
  if (const auto *CO = dyn_cast<AbstractConditionalOperator>(S)) {
    bool Fatal = false;
    return isSeverityTest(CO->getCond(), Fatal) && Fatal &&
           (neverReturnsIn(CO->getTrueExpr(), Depth + 1) ||
            neverReturnsIn(CO->getFalseExpr(), Depth + 1));
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(S))
    if (BO->isLogicalOp())
      return neverReturnsIn(BO->getLHS(), Depth + 1);
  for (const Stmt *C : S->children())
    if (neverReturnsIn(C, Depth + 1))
      return true;
  return false;
}
} // namespace

bool neverReturns(const Expr *E) { return neverReturnsIn(E, 0); }

const Expr *stripTruth(const Expr *E) {
  E = strip(E);
  while (const auto *Cast = dyn_cast_or_null<ExplicitCastExpr>(E)) {
    if (!Cast->getType()->isBooleanType())
      break;
    E = strip(Cast->getSubExpr());
  }
  return E;
}

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
    return neverReturns(E) ? Exit::Fatal : Exit::None;
  }
  // A block leaves the way its first statement that always leaves does:
  // `{ LOG(FATAL) << "twice"; return nullptr; }` ends the program.
  if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
    for (const Stmt *Child : CS->body())
      if (Exit E = exitOf(Child); E != Exit::None)
        return E;
    return Exit::None;
  }
  if (const auto *If = dyn_cast<IfStmt>(S)) {
    if (!If->getElse())
      return Exit::None;
    Exit T = exitOf(If->getThen()), E = exitOf(If->getElse());
    return T == Exit::None || E == Exit::None ? Exit::None : std::min(T, E);
  }
  return Exit::None;
}

void collectVars(const Stmt *S, llvm::SmallVectorImpl<const VarDecl *> &Out,
                 unsigned Depth) {
  if (!S || isa<LambdaExpr>(S) || Depth > 200)
    return;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      Out.push_back(VD);
  for (const Stmt *C : S->children())
    collectVars(C, Out, Depth + 1);
}

} // namespace cta
