//===- ResultVars.cpp - Variables that carry a check
//------------------------===//
//
/// \file
/// `auto it = m.find(k);`, `bool found = it != m.end();`, `size_t n =
/// m.count(k);`: a condition that reads such a variable depends on the check
/// behind it, with the meaning the variable's type and initializer give it.
//
//===----------------------------------------------------------------------===//

#include "facts/Walker.h"
#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace cta {

void Walker::bindResult(const VarDecl *VD, const Expr *Init,
                        unsigned ChecksBefore) {
  if (!VD || !Init)
    return;
  QualType T = VD->getType().getNonReferenceType();
  bool IsBool = T->isBooleanType();
  bool IsInt = T->isIntegerType() && !IsBool;
  auto Bind = [&](unsigned CheckIdx) {
    assert(CheckIdx < F.Checks.size() && "a result variable names a check");
    ResultVar R;
    R.Check = CheckIdx;
    const CheckEvent &C = F.Checks[CheckIdx];
    const Expr *S = strip(Init);
    if (S == C.E || (C.Tested && S == strip(C.Tested)))
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

void Walker::bindFlag(const VarDecl *VD, const Expr *Value) {
  if (!VD->hasLocalStorage() || !VD->getType()->isBooleanType())
    return;
  std::optional<bool> Set = boolLiteral(Value);
  std::optional<bool> Initial =
      VD->getInit() ? boolLiteral(VD->getInit()) : std::nullopt;
  llvm::SmallVector<ResultVar, 2> Bound;
  if (Set && Initial && *Set != *Initial)
    for (const auto &[CondIdx, Taken] : activeGuards()) {
      const Condition &Cond = F.Conds[CondIdx];
      for (unsigned CI : F.mentionedChecks(Cond)) {
        Outcome O = F.outcome(F.Checks[CI], Cond, Taken);
        if (O == Outcome::Unknown)
          continue;
        ResultVar R;
        R.Check = CI;
        R.WhenTrue = *Set ? O : flipOutcome(O);
        Bound.push_back(R);
      }
    }
  auto It = F.Results.find(VD);
  if (Bound.empty()) {
    // Set unconditionally: what the flag held before no longer says
    // anything. (A search loop's `found = true` is bound by the loop.)
    if (It != F.Results.end() && Set && activeGuards().empty())
      F.Results.erase(It);
    return;
  }
  llvm::SmallVector<ResultVar, 1> &Vars = F.Results[VD];
  for (const ResultVar &R : Bound) {
    auto Same = llvm::find_if(
        Vars, [&](const ResultVar &V) { return V.Check == R.Check; });
    if (Same == Vars.end())
      Vars.push_back(R);
    else if (Same->WhenTrue != R.WhenTrue)
      Vars.erase(Same); // Set under both outcomes: it does not tell.
  }
  if (Vars.empty())
    F.Results.erase(VD);
}

const CheckEvent *Walker::iteratorCheck(const Expr *E) const {
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(stripValue(E));
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  auto It = VD ? F.Results.find(VD) : F.Results.end();
  if (It == F.Results.end())
    return nullptr;
  for (const ResultVar &R : It->second)
    if (R.Kind == ResultKind::Iterator && F.Checks[R.Check].T.Container)
      return &F.Checks[R.Check];
  return nullptr;
}

void Walker::noteIteratorRead(const Expr *Iter, const Expr *E) {
  Iter = strip(Iter);
  // `it->second` on a class iterator: the base is `it.operator->()`.
  if (const auto *OC = dyn_cast_or_null<CXXOperatorCallExpr>(Iter);
      OC && OC->getOperator() == OO_Arrow && OC->getNumArgs() == 1)
    Iter = OC->getArg(0);
  const CheckEvent *C = iteratorCheck(Iter);
  if (!C)
    return;
  std::string Api = spellingOf(E, Ctx);
  if (Api.size() > 40)
    Api = "*" + spellingOf(Iter, Ctx);
  addRead(C->T, C->Key, std::move(Api), E);
}

} // namespace cta
