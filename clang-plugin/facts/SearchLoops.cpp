//===- SearchLoops.cpp - Hand-written searches
//------------------------------===//
//
/// \file
/// A loop over a container whose body compares an element and then returns,
/// breaks or sets a bool is a search: a check with an unknown key, whose
/// result is the loop's exit (or the bool, or the iterator left behind).
//
//===----------------------------------------------------------------------===//

#include "facts/Walker.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include <functional>

using namespace clang;

namespace cta {

namespace {

/// What a loop body does on a hit.
struct LoopSearch {
  std::function<bool(const Expr *)> ElementTest;
  bool Returns = false;
  llvm::SmallVector<std::pair<const VarDecl *, bool>, 2> BoolAssigns;
  bool Breaks = false;
};

/// Looks for `if (...) return/break/found = true` inside a loop body.
void scanSearchBody(const Stmt *S, LoopSearch &L, bool InIf,
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

} // namespace

const Expr *Walker::loopContainer(const Expr *Cond) const {
  if (!Cond)
    return nullptr;
  const Expr *Found = nullptr;
  std::function<void(const Stmt *)> Scan = [&](const Stmt *S) {
    if (!S || Found)
      return;
    if (const auto *E = dyn_cast<Expr>(S))
      if (auto V = viewMemberCall(strip(E)))
        if (V->Base &&
            (V->Name == "end" || V->Name == "cend" || V->Name == "size") &&
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

std::optional<unsigned> Walker::searchLoop(const Stmt *Loop,
                                           const Expr *ContainerE,
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
      if (!VD->getType()->isIntegerType() && !CM.classify(VD->getType()) &&
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

} // namespace cta
