//===- Branches.cpp - Guard conditions, branches, loops
//---------------------===//
//
/// \file
/// Every act records the guards over it: the conditions of enclosing `if`s,
/// loops, ternaries and `&&`/`||`, with the branch taken, and the conditions
/// of earlier `if`s whose other branch left the scope (early return, break).
/// Locks follow the branches: the sections held after an `if` are those of
/// the branch that falls through.
//
//===----------------------------------------------------------------------===//

#include "facts/Walker.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace cta {

unsigned Walker::evalCondition(const Expr *E) {
  unsigned Idx = F.Conds.size();
  F.Conds.emplace_back();
  F.Conds[Idx].E = E;
  CondStack.push_back(Idx);
  // Nested conditions (`a && b`) were scanned with their outermost one.
  if (CondStack.size() == 1)
    scanStateTests(E);
  visit(E);
  assert(!CondStack.empty() && CondStack.back() == Idx &&
         "conditions nest: the innermost ends first");
  CondStack.pop_back();
  return Idx;
}

void Walker::visitInStatementPosition(const Stmt *S, const IfStmt *SoleIf) {
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
      if (ThenExit != Exit::None && ElseExit == Exit::None)
        exitGuard(It->second, /*Continues=*/false, ThenExit);
      else if (ElseExit != Exit::None && ThenExit == Exit::None)
        exitGuard(It->second, /*Continues=*/true, ElseExit);
    }
  } else if (const AbstractConditionalOperator *CO = statementTernary(S)) {
    // `assert(!inst_);` — `!inst_ ? void(0) : __assert_fail(...)`.
    auto It = TernaryConds.find(CO);
    if (It != TernaryConds.end() && !ExitGuards.empty()) {
      bool TrueFatal = neverReturns(CO->getTrueExpr());
      bool FalseFatal = neverReturns(CO->getFalseExpr());
      if (TrueFatal != FalseFatal)
        exitGuard(It->second, /*Continues=*/FalseFatal, Exit::Fatal);
    }
  }
  auto LoopIt = LoopExitConds.find(S);
  if (LoopIt != LoopExitConds.end() && !ExitGuards.empty())
    ExitGuards.front().emplace_back(LoopIt->second, false);
}

void Walker::exitGuard(unsigned CondIdx, bool Continues, Exit How) {
  assert(How != Exit::None && "only a branch that leaves guards the rest");
  // A return (or the end of the program) guards the rest of the function;
  // a break or continue the rest of the block.
  auto &Scope = How == Exit::Scope ? ExitGuards.back() : ExitGuards.front();
  Scope.emplace_back(CondIdx, Continues);
  if (How == Exit::Fatal && !F.isFatalGuard(CondIdx))
    F.FatalConds.push_back(CondIdx);
}

const AbstractConditionalOperator *Walker::statementTernary(const Stmt *S) {
  const auto *E = dyn_cast<Expr>(S);
  for (unsigned I = 0; E && I < 4; ++I) {
    E = strip(E);
    if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E))
      return CO;
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E))
      E = Cast->getSubExpr();
    else if (const auto *BO = dyn_cast<BinaryOperator>(E);
             BO && BO->getOpcode() == BO_Comma)
      E = BO->getRHS(); // glog: `(void)0, !(x) ? (void)0 : LOG(FATAL)`.
    else
      break;
  }
  return nullptr;
}

void Walker::visitBranch(const Stmt *S, unsigned CondIdx, bool Taken,
                         const IfStmt *SoleIf) {
  assert(CondIdx < F.Conds.size() &&
         "a branch is guarded by a known condition");
  GuardStack.emplace_back(CondIdx, Taken);
  size_t Guards = GuardStack.size();
  if (isa<CompoundStmt>(S))
    PendingSoleIf = SoleIf;
  if (isa<CompoundStmt>(S) || !isa<Expr>(S))
    visitInStatementPosition(S, nullptr);
  else
    visitInStatementPosition(S, SoleIf);
  PendingSoleIf = nullptr;
  assert(GuardStack.size() == Guards && "a branch left a guard behind");
  (void)Guards;
  GuardStack.pop_back();
}

void Walker::visitIf(const IfStmt *If) {
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

void Walker::visitLoop(const Stmt *Loop, const Expr *Cond, const Stmt *Body,
                       const Expr *SearchContainer) {
  std::optional<unsigned> ExitCond =
      searchLoop(Loop, SearchContainer, Body, Cond);
  if (ExitCond)
    LoopExitConds[Loop] = *ExitCond;
  HeldSet Before = Locks.save();
  ++LoopDepth;
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
  --LoopDepth;
  Locks.restore(Before);
}

} // namespace cta
