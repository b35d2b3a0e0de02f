//===- Outcomes.cpp - What a condition says about a check ----------------===//
//
/// \file
/// Given a condition and one check it depends on, which outcome of the check
/// (absent or present) holds when the condition is true, and which when it
/// is false. `it == m.end()`, `!m.count(k)`, `found` (a result variable),
/// `a && b` (one side known) are all read here; anything else is Unknown,
/// and an Unknown outcome never pairs an act with a check.
//
//===----------------------------------------------------------------------===//

#include "FunctionFacts.h"
#include "facts/Syntax.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace cta {

namespace {

/// What a condition says about one check when it is true and when false.
struct TruthPair {
  Outcome WhenTrue = Outcome::Unknown;
  Outcome WhenFalse = Outcome::Unknown;
  bool Mentioned = false;
};

TruthPair leaf(Outcome WhenTrue) {
  return {WhenTrue, flipOutcome(WhenTrue), true};
}

class OutcomeEval {
public:
  OutcomeEval(const FunctionFacts &F, const CheckEvent &C, unsigned CIdx)
      : F(F), C(C), CIdx(CIdx) {}

  TruthPair eval(const Expr *E) {
    E = stripTruth(E);
    if (!E)
      return {};
    // A check that is itself a comparison (`c.begin() != c.end()`).
    if (E == C.E)
      if (auto K = direct(E))
        return leaf(*K);
    if (const auto *UO = dyn_cast<UnaryOperator>(E);
        UO && UO->getOpcode() == UO_LNot) {
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
      if (V->Base && ContainerModel::isStateObserver(V->Name) &&
          strip(V->Base) == C.E)
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
    case ResultKind::Size:
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
    case ResultKind::Size:
      // Against any bound: at or over it is full ("present"), under it
      // there is room; `== 0` and `!= 0` are emptiness tests.
      if (Op == BO_GT || Op == BO_GE)
        WhenTrue = Outcome::Present;
      else if (Op == BO_LT || Op == BO_LE)
        WhenTrue = Outcome::Absent;
      else if (auto N = intLiteral(O); N && *N == 0)
        WhenTrue = Op == BO_EQ ? Outcome::Absent : Outcome::Present;
      break;
    case ResultKind::Value:
    case ResultKind::PresentBool:
    case ResultKind::AbsentBool: {
      Outcome Truthy =
          *K == ResultKind::AbsentBool ? Outcome::Absent : Outcome::Present;
      if (isNullLiteral(O) || boolLiteral(O) == false) {
        if (Op == BO_EQ)
          WhenTrue = flipOutcome(Truthy);
        else if (Op == BO_NE)
          WhenTrue = Truthy;
      } else if (boolLiteral(O) == true) {
        if (Op == BO_EQ)
          WhenTrue = Truthy;
        else if (Op == BO_NE)
          WhenTrue = flipOutcome(Truthy);
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
  assert(&C >= Checks.data() && &C < Checks.data() + Checks.size() &&
         "the check belongs to these facts");
  unsigned CIdx = &C - Checks.data();
  if (!Cond.E) // A search loop's pseudo-condition: true means found.
    return Taken ? Outcome::Present : Outcome::Absent;
  OutcomeEval Eval(*this, C, CIdx);
  TruthPair T = Eval.eval(Cond.E);
  if (!T.Mentioned)
    return Outcome::Unknown;
  return Taken ? T.WhenTrue : T.WhenFalse;
}

} // namespace cta
