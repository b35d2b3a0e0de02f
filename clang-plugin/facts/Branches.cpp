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
#include "clang/AST/ExprCXX.h"
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
  // `bool was = f.exchange(true); if (was) return;`: the variable carries
  // the gate's result into the condition.
  for (const VarDecl *VD : F.Conds[Idx].Vars)
    if (auto It = GateVars.find(VD); It != GateVars.end())
      CondGates[Idx].push_back(It->second);
  return Idx;
}

namespace {

/// Is \p E the gate's result: its call, or the variable holding it?
bool isGateResult(const Expr *E, const Expr *Call, const VarDecl *Var) {
  if (Call && E == strip(Call))
    return true;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return Var && DRE->getDecl() == Var;
  return false;
}

/// The truth of a gate's result when condition \p E has value \p Value,
/// if the condition tells: `!r`, `r == false`, `r != 0`, `a && r` when true,
/// `a || r` when false.
std::optional<bool> resultTruth(const Expr *E, bool Value, const Expr *Call,
                                const VarDecl *Var, unsigned Depth = 0) {
  E = stripTruth(E);
  if (!E || Depth > 16)
    return std::nullopt;
  if (isGateResult(E, Call, Var))
    return Value;
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_LNot)
    return resultTruth(UO->getSubExpr(), !Value, Call, Var, Depth + 1);
  const auto *BO = dyn_cast<BinaryOperator>(E);
  if (!BO)
    return std::nullopt;
  BinaryOperatorKind Op = BO->getOpcode();
  if ((Op == BO_LAnd && Value) || (Op == BO_LOr && !Value)) {
    if (auto T = resultTruth(BO->getLHS(), Value, Call, Var, Depth + 1))
      return T;
    return resultTruth(BO->getRHS(), Value, Call, Var, Depth + 1);
  }
  if (Op != BO_EQ && Op != BO_NE)
    return std::nullopt;
  // Compared with an empty value (false, 0, null) or with `true`.
  const Expr *Other = BO->getRHS(), *Lit = BO->getLHS();
  if (!isNullLiteral(Lit) && !boolLiteral(Lit))
    std::swap(Other, Lit);
  bool Truthy;
  if (isNullLiteral(Lit) || boolLiteral(Lit) == false)
    Truthy = false;
  else if (boolLiteral(Lit) == true)
    Truthy = true;
  else
    return std::nullopt;
  // `r == <empty>` holds when r is false; `r != <empty>` when r is true.
  bool Same = (Op == BO_EQ) == Truthy;
  return resultTruth(Other, Same ? Value : !Value, Call, Var, Depth + 1);
}

/// Does the loop body \p S leave its loop by `break` (or `goto`)? A break in
/// a nested loop or switch leaves that one.
bool breaksOut(const Stmt *S, bool Nested = false, unsigned Depth = 0) {
  if (!S || Depth > 64 || isa<LambdaExpr>(S))
    return false;
  if (isa<GotoStmt>(S))
    return true;
  if (isa<BreakStmt>(S))
    return !Nested;
  Nested |= isa<WhileStmt>(S) || isa<ForStmt>(S) || isa<DoStmt>(S) ||
            isa<CXXForRangeStmt>(S) || isa<SwitchStmt>(S);
  return llvm::any_of(S->children(), [&](const Stmt *C) {
    return breaksOut(C, Nested, Depth + 1);
  });
}

} // namespace

llvm::SmallVector<unsigned, 2> Walker::enterGates(unsigned CondIdx,
                                                  bool Value) {
  llvm::SmallVector<unsigned, 2> Ids;
  auto It = CondGates.find(CondIdx);
  if (It == CondGates.end())
    return Ids;
  const Expr *E = F.Conds[CondIdx].E;
  for (const Gate &G : It->second) {
    std::optional<bool> T = resultTruth(E, Value, G.Result, G.Var);
    if (!T || *T != G.ClosedWhen)
      continue;
    if (!G.GuardVar) {
      Ids.push_back(
          Locks.acquire(G.Id, G.Spelling, LockMode::Exclusive, nullptr));
      continue;
    }
    for (const auto &M : Locks.guardMutexes(G.GuardVar))
      Ids.push_back(Locks.acquire(M.first, M.second,
                                  Locks.guardMode(G.GuardVar), G.GuardVar));
  }
  return Ids;
}

void Walker::dropSections(llvm::ArrayRef<unsigned> Ids, const Stmt *At) {
  if (Ids.empty())
    return;
  closing(At, [&] {
    for (unsigned Id : Ids)
      Locks.releaseSection(Id);
  });
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
  // A gate the condition tests holds in the branch that got in; past the
  // `if` only when the other branch always leaves.
  llvm::SmallVector<unsigned, 2> ThenGates = enterGates(CondIdx, true);
  visitBranch(If->getThen(), CondIdx, true, Simple ? If : nullptr);
  bool ThenExits = alwaysExits(If->getThen());
  HeldSet AfterThen = Locks.save();
  Locks.restore(Before);
  if (If->getElse()) {
    llvm::SmallVector<unsigned, 2> ElseGates = enterGates(CondIdx, false);
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
    else if (!ThenExits)
      dropSections(ElseGates, If->getElse());
  } else if (!ThenExits) {
    Locks.restore(AfterThen);
    dropSections(ThenGates, If->getThen());
  } else {
    // `if (flag_.exchange(true)) return;`: the rest is the other branch.
    enterGates(CondIdx, false);
  }
}

void Walker::visitLoop(const Stmt *Loop, const Expr *Cond, const Stmt *Body,
                       const Expr *SearchContainer) {
  std::optional<unsigned> ExitCond =
      searchLoop(Loop, SearchContainer, Body, Cond);
  if (ExitCond)
    LoopExitConds[Loop] = *ExitCond;
  HeldSet Before = Locks.save();
  enterLoop();
  // break and continue guard the rest of the body, never code after it.
  ExitGuards.emplace_back();
  std::optional<unsigned> CondIdx;
  if (Cond) {
    CondIdx = evalCondition(Cond);
    GuardStack.emplace_back(*CondIdx, true);
    visitInStatementPosition(Body, nullptr);
    GuardStack.pop_back();
  } else {
    visitInStatementPosition(Body, nullptr);
  }
  ExitGuards.pop_back();
  --LoopDepth;
  Locks.restore(Before);
  // A spin lock, `while (f.test_and_set()) {}`: a loop that ends only when
  // its condition fails holds the gate that failure admits.
  if (CondIdx && !breaksOut(Body))
    enterGates(*CondIdx, false);
}

} // namespace cta
