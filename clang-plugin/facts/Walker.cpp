//===- Walker.cpp - One walk over a function body ------------------------===//
//
/// \file
/// The walk itself: statements in evaluation order, declarations (result
/// variables, guards), assignments (acts on scalar state) and calls
/// (operands first, then the call as a lock operation, a check or an act).
//
//===----------------------------------------------------------------------===//

#include "facts/Walker.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace cta {

Walker::Walker(FactsContext &FC, FunctionFacts &F, const FunctionDecl *FD)
    : Ctx(FC.Ctx), F(F), FD(FD), CM(FC.Containers), LM(FC.Locks),
      Locks(FC.SectionIds), Helpers(FC.Helpers) {}

void Walker::run(const Stmt *Body, const LambdaContext *LC) {
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
    F.ThreadCaptured.insert(LC->ThreadCaptured.begin(),
                            LC->ThreadCaptured.end());
  }
  if (FD)
    enterCallerHeld();
  // Member initializers run before the body: `thread_(&C::loop, this)`.
  if (const auto *Ctor = dyn_cast_or_null<CXXConstructorDecl>(FD);
      Ctor && Ctor->getBody() == Body)
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isWritten())
        visit(Init->getInit());
  visit(Body);
  assert(GuardStack.empty() && CondStack.empty() && ExitGuards.empty() &&
         Depth == 0 && "the walk left a guard, condition or scope open");
}

void buildFacts(const Stmt *Body, const FunctionDecl *FD,
                const LambdaContext *LC, FactsContext &FC, FunctionFacts &Out) {
  Walker W(FC, Out, FD);
  W.run(Body, LC);
}

void Walker::visitCompound(const CompoundStmt *CS) {
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

void Walker::visitDecl(const DeclStmt *DS) {
  for (const Decl *D : DS->decls()) {
    const auto *VD = dyn_cast<VarDecl>(D);
    if (!VD)
      continue;
    F.DeclStmts[VD] = DS;
    unsigned ChecksBefore = F.Checks.size();
    if (const Expr *Init = VD->getInit()) {
      const Expr *SavedWhole = CurWhole;
      const Expr *SavedInit = PendingInit;
      const VarDecl *SavedInitVar = PendingInitVar;
      CurWhole = nullptr;
      PendingInit = strip(Init);
      PendingInitVar = VD;
      visit(Init);
      CurWhole = SavedWhole;
      PendingInit = SavedInit;
      PendingInitVar = SavedInitVar;
      bindResult(VD, Init, ChecksBefore);
    }
    handleGuardDecl(VD);
  }
}

void Walker::visitModified(const Expr *Operand) {
  bool Saved = PendingModify;
  if (auto V = viewMemberCall(strip(Operand)); V && V->Name == "operator[]")
    PendingModify = true;
  visit(Operand);
  PendingModify = Saved;
}

void Walker::visitAssign(const Expr *E, const Expr *LHS, const Expr *RHS) {
  if (std::string Id = canonicalId(LHS, Ctx);
      llvm::StringRef(Id).starts_with("this."))
    MemberValues[Id] = RHS;
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
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
      bindResult(VD, RHS, ChecksBefore);
      bindFlag(VD, RHS);
    }
  if (!isa<DeclRefExpr>(L) && !isa<MemberExpr>(L) &&
      !isa<CXXDependentScopeMemberExpr>(L))
    return;
  StateKind SK = CM.stateKind(L->getType());
  if (SK == StateKind::None || (SK == StateKind::Integer && isLocalInteger(L)))
    return;
  // `busy_ = false;` opens a gate as store(false) does.
  CallView Assign;
  Assign.Call = E;
  Assign.Base = L;
  Assign.BaseType = L->getType();
  Assign.Name = "operator=";
  Assign.Args.push_back(RHS);
  handleGateCall(Assign);
  if (resetsState(SK, RHS))
    return;
  addStateAct(L, SK, "assignment", E, RHS);
}

void Walker::visitCall(const CallExpr *CE) {
  std::string FreeName = freeCalleeName(CE);
  llvm::SmallVector<const Expr *, 4> Args(CE->arguments());
  noteThreadCaptures(CE, Args);
  noteLoopCallbacks(CE);
  if (!FreeName.empty())
    noteOnceCallbacks(CE, FreeName);
  if (const FunctionDecl *Callee = CE->getDirectCallee()) {
    if (CM.isLoopEntryFunction(Callee)) {
      F.EntersLoop = true;
      noteThreadsStart();
    }
    F.Calls.push_back({Callee->getCanonicalDecl(), !Locks.empty(),
                       heldLockNames(), !F.StartsThreads});
    if (Callee->getIdentifier() &&
        CM.isThreadAffinityAssert(Callee->getName())) {
      F.ThreadConfined = true;
      F.AffinityAssert = Callee->getName().str();
    }
  }
  // Operands first: arguments are evaluated before the call acts.
  for (const Stmt *Child : CE->children())
    visit(Child);
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE)) {
    if (OC->getOperator() == OO_Star && OC->getNumArgs() == 1)
      noteIteratorRead(OC->getArg(0), OC);
    else
      classifyRangeTest(OC);
  }
  if (!FreeName.empty()) {
    if (handleFreeGateCall(CE, FreeName) || handleFreeLockCall(CE, FreeName))
      return;
    // Not an algorithm: a free function (or static method) may be a helper
    // on static storage (`if (!hasItem(k)) addItem(k, w);`).
    if (!classifyAlgorithm(CE, FreeName))
      helperCall(CE);
    return;
  }
  if (const std::string Fn = functionObjectName(CE);
      !Fn.empty() && classifyAlgorithm(CE, Fn))
    return;
  if (auto V = viewMemberCall(CE))
    classifyMemberCall(*V);
  helperCall(CE);
}

void Walker::visit(const Stmt *S) {
  if (!S || Depth >= MaxDepth)
    return;
  ++Depth;
  unsigned Conds = CondStack.size();
  visitStmt(S);
  assert(CondStack.size() == Conds && "a statement left a condition open");
  (void)Conds;
  --Depth;
}

void Walker::visitStmt(const Stmt *S) {
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
    enterLoop();
    visitInStatementPosition(Do->getBody(), nullptr);
    visit(Do->getCond());
    --LoopDepth;
    return;
  }
  if (const auto *CO = dyn_cast<AbstractConditionalOperator>(S)) {
    unsigned CondIdx = evalCondition(CO->getCond());
    TernaryConds[CO] = CondIdx;
    GuardStack.emplace_back(CondIdx, true);
    visit(CO->getTrueExpr());
    GuardStack.back().second = false;
    visit(CO->getFalseExpr());
    GuardStack.pop_back();
    return;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(S);
      UO && UO->getOpcode() == UO_Deref) {
    visit(UO->getSubExpr());
    noteIteratorRead(UO->getSubExpr(), UO);
    return;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(S); ME && ME->isArrow()) {
    visit(ME->getBase());
    noteIteratorRead(ME->getBase(), ME);
    return;
  }
  if (const auto *DME = dyn_cast<CXXDependentScopeMemberExpr>(S);
      DME && DME->isArrow() && !DME->isImplicitAccess()) {
    visit(DME->getBase());
    noteIteratorRead(DME->getBase(), DME);
    return;
  }
  // C++20 may spell `c.begin() != c.end()` as a rewritten `==`: the test is
  // the expression as written.
  if (const auto *RB = dyn_cast<CXXRewrittenBinaryOperator>(S);
      RB && RB->isComparisonOp() &&
      (rangeContainer(RB->getLHS()) || rangeContainer(RB->getRHS()))) {
    visit(RB->getLHS());
    visit(RB->getRHS());
    classifyRangeTest(RB);
    return;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(S);
      UO && UO->isIncrementDecrementOp()) {
    visitModified(UO->getSubExpr());
    integerAct(UO->getSubExpr(), UO->isIncrementOp() ? "++" : "--", UO,
               nullptr);
    return;
  }
  if (const auto *CA = dyn_cast<CompoundAssignOperator>(S)) {
    visit(CA->getRHS());
    visitModified(CA->getLHS());
    integerAct(CA->getLHS(), BinaryOperator::getOpcodeStr(CA->getOpcode()), CA,
               CA->getRHS());
    return;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (BO->isEqualityOp()) {
      visit(BO->getLHS());
      visit(BO->getRHS());
      classifyRangeTest(BO);
      return;
    }
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
  if (const auto *RS = dyn_cast<ReturnStmt>(S); RS && RS->getRetValue()) {
    visit(RS->getRetValue());
    F.Returns.push_back({RS->getRetValue(), Locks.held(), activeGuards()});
    return;
  }
  for (const Stmt *Child : S->children())
    visit(Child);
}

} // namespace cta
