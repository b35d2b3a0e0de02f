//===- Events.cpp - Checks and acts
//-----------------------------------------===//
//
/// \file
/// A call is a check or an act when the ContainerModel has a row for it: a
/// member of a container family, a search algorithm, or an API of scalar
/// state (a null or flag test, `reset`, `emplace`, `store`). Each event
/// records its target, key, held sections and, for acts, the guards over it.
//
//===----------------------------------------------------------------------===//

#include "facts/Walker.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace cta {

llvm::SmallVector<std::pair<unsigned, bool>, 4> Walker::activeGuards() const {
  llvm::SmallVector<std::pair<unsigned, bool>, 4> G(GuardStack.begin(),
                                                    GuardStack.end());
  for (const auto &Scope : ExitGuards)
    G.append(Scope.begin(), Scope.end());
  return G;
}

unsigned Walker::addCheck(CheckEvent C) {
  assert((C.E || C.S) && "a check needs a site");
  assert((C.T.Container != nullptr) != (C.T.State != StateKind::None) &&
         "a check is on a container or on scalar state, not both");
  C.Index = NextIndex++;
  C.Held = Locks.held();
  unsigned Idx = F.Checks.size();
  F.Checks.push_back(std::move(C));
  for (unsigned CondIdx : CondStack)
    F.Conds[CondIdx].Checks.push_back(Idx);
  return Idx;
}

void Walker::addAct(ActEvent A) {
  assert(A.E && "an act needs a site");
  assert((A.T.Container != nullptr) != (A.T.State != StateKind::None) &&
         "an act is on a container or on scalar state, not both");
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

void Walker::addRead(const Target &T, KeyRef Key, std::string Api,
                     const Expr *E) {
  ReadEvent R;
  R.Index = NextIndex++;
  R.T = T;
  R.Key = std::move(Key);
  R.Api = std::move(Api);
  R.E = E;
  R.Held = Locks.held();
  F.Reads.push_back(std::move(R));
}

KeyRef Walker::callKey(KeyFrom From, llvm::ArrayRef<const Expr *> Args) const {
  if (From == KeyFrom::Arg0 && !Args.empty())
    if (const CheckEvent *C = iteratorCheck(Args[0]))
      return C->Key;
  return keyFrom(From, Args, Ctx);
}

void Walker::classifyRangeTest(const Expr *E) {
  BinaryOperatorKind Op = BO_Comma;
  const Expr *L = nullptr, *R = nullptr;
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    Op = BO->getOpcode();
    L = BO->getLHS();
    R = BO->getRHS();
  } else if (const auto *RB = dyn_cast<CXXRewrittenBinaryOperator>(E)) {
    Op = RB->getOpcode();
    L = RB->getLHS();
    R = RB->getRHS();
  } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E);
             OC && OC->getNumArgs() == 2) {
    Op = comparisonOf(OC->getOperator());
    L = OC->getArg(0);
    R = OC->getArg(1);
  }
  if (Op != BO_EQ && Op != BO_NE)
    return;
  const Expr *Begin = rangeContainer(L);
  const Expr *End = R;
  if (!Begin) {
    Begin = rangeContainer(R);
    End = L;
  }
  if (!Begin || !isEndCall(End))
    return;
  const Expr *EndBase = nullptr;
  if (auto V = viewMemberCall(strip(End)))
    EndBase = V->Base;
  else if (const auto *CE = dyn_cast<CallExpr>(strip(End));
           CE && CE->getNumArgs() == 1)
    EndBase = CE->getArg(0);
  CheckEvent C;
  C.T.Container = CM.classify(Begin->getType());
  if (!C.T.Container || !EndBase)
    return;
  C.T.Obj = describeObject(Begin, Ctx);
  if (!C.T.Obj.known() || canonicalId(EndBase, Ctx) != C.T.Obj.Id)
    return;
  C.Api = Op == BO_EQ ? "begin() == end()" : "begin() != end()";
  C.Result = Op == BO_EQ ? ResultKind::AbsentBool : ResultKind::PresentBool;
  C.E = E;
  C.Range = E->getSourceRange();
  addCheck(std::move(C));
}

Target Walker::containerTarget(const CallView &V) const {
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

void Walker::classifyMemberCall(const CallView &V) {
  if (handleGateCall(V) || handleLockCall(V))
    return;
  Target T = containerTarget(V);
  if (T.Container) {
    const MethodInfo *M = CM.method(T.Container->Fam, V.Name);
    if (!M)
      return;
    // A call whose result is the element (front, at, operator[]) reads it.
    if (M->Result == ResultKind::Value)
      addRead(T, callKey(M->Key, V.Args), V.Name, V.Call);
    if (M->R == Role::Read)
      return;
    bool InCond = !CondStack.empty();
    if (M->R == Role::Check || (InCond && V.Name == "operator[]")) {
      CheckEvent C;
      C.T = T;
      C.Key = callKey(M->Key, V.Args);
      C.Api = V.Name;
      C.Result = M->R == Role::Check ? M->Result : ResultKind::Value;
      C.E = V.Call;
      C.Range = V.Call->getSourceRange();
      addCheck(std::move(C));
      return;
    }
    ActEvent A;
    A.T = T;
    A.Key = callKey(M->Key, V.Args);
    A.Api = V.Name;
    A.R = M->R;
    A.E = V.Call;
    A.Range = V.Call->getSourceRange();
    A.ReportsInsertion = M->ReportsInsertion;
    if (V.Name == "operator[]" && PendingAssignValue) {
      A.Value = PendingAssignValue;
      PendingAssignValue = nullptr;
    }
    if (V.Name == "operator[]" && PendingModify) {
      A.ModifiesSlot = true;
      PendingModify = false;
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
  if (ContainerModel::isStateObserver(V.Name))
    return stateRead(V, SK);
  const StateMethodInfo *SM = CM.stateMethod(SK, V.Name);
  if (!SM)
    return;
  const Expr *Value = nullptr;
  if (SM->ValueArg0) {
    if (V.Args.empty() || resetsState(SK, V.Args[0]))
      return;
    Value = V.Args[0];
  }
  addStateAct(V.Base, SK, V.Name, V.Call, Value, SM->ReturnsPrior);
}

bool isLocalInteger(const Expr *E) {
  const auto *DRE = dyn_cast<DeclRefExpr>(strip(E));
  if (!DRE)
    return false;
  const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
  return VD && VD->hasLocalStorage() && !VD->getType()->isReferenceType() &&
         (VD->getType()->isIntegerType() || VD->getType()->isEnumeralType()) &&
         !VD->getType()->isBooleanType();
}

bool resetsState(StateKind SK, const Expr *Value) {
  return stateKindInfo(SK).Presence &&
         (isNullLiteral(Value) || boolLiteral(Value) == false);
}

void Walker::stateRead(const CallView &V, StateKind SK) {
  const StateKindInfo &Info = stateKindInfo(SK);
  if (!Info.Atomic || !V.Base || StateTests.count(V.Call))
    return;
  CheckEvent C;
  C.E = strip(V.Base);
  C.T.Obj = describeObject(C.E, Ctx);
  if (!C.T.Obj.known())
    return;
  C.T.State = SK;
  C.Api = "load";
  C.Result = Info.Presence ? ResultKind::Value : ResultKind::Other;
  C.Tested = V.Call;
  C.Range = C.E->getSourceRange();
  StateTests.insert(V.Call);
  addCheck(std::move(C));
}

void Walker::addStateAct(const Expr *Obj, StateKind SK, llvm::StringRef Api,
                         const Expr *E, const Expr *Value, bool ReturnsPrior) {
  ActEvent A;
  A.T.Obj = describeObject(Obj, Ctx);
  A.T.State = SK;
  A.Api = Api.str();
  A.R = Role::Add;
  A.E = E;
  A.Range = E->getSourceRange();
  A.Value = Value;
  A.ReportsInsertion = ReturnsPrior;
  addAct(std::move(A));
}

bool Walker::classifyAlgorithm(const CallExpr *CE, llvm::StringRef Name) {
  llvm::SmallVector<const Expr *, 4> Args(CE->arguments());
  // `std::ranges::find(v, x)` calls a function object: its operator()'s
  // first operand is the object, not an argument.
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE);
      OC && OC->getOperator() == OO_Call && !Args.empty())
    Args.erase(Args.begin());
  const AlgorithmInfo *A = CM.algorithm(Name);
  if (!A || Args.empty())
    return false;
  const Expr *ContainerE = A->RangeFirstArg ? Args[0] : rangeContainer(Args[0]);
  if (!ContainerE)
    return false;
  CheckEvent C;
  C.T.Container = CM.classify(ContainerE->getType());
  if (!C.T.Container)
    return false;
  C.T.Obj = describeObject(ContainerE, Ctx);
  C.Key = keyFrom(A->Key, Args, Ctx);
  C.Api = Name.str();
  C.Result = A->Result;
  C.E = CE;
  C.Range = CE->getSourceRange();
  addCheck(std::move(C));
  return true;
}

bool Walker::isTrackedInteger(const Expr *E) const {
  E = strip(E);
  if (!isa<DeclRefExpr>(E) && !isa<MemberExpr>(E))
    return false;
  if (CM.stateKind(E->getType()) != StateKind::Integer)
    return false;
  return !isLocalInteger(E);
}

void Walker::scanStateTests(const Expr *E) {
  E = stripTruth(E);
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
    // `active_ >= limit_`, `state_ == kIdle`: a comparison tests each
    // integer operand.
    if (BO->isComparisonOp() &&
        (isTrackedInteger(BO->getLHS()) || isTrackedInteger(BO->getRHS()))) {
      for (const Expr *Side : {BO->getLHS(), BO->getRHS()})
        if (isTrackedInteger(Side))
          stateLeaf(Side);
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

void Walker::integerAct(const Expr *Target, llvm::StringRef Api, const Expr *E,
                        const Expr *Value) {
  const Expr *L = strip(Target);
  if (!isTrackedInteger(L))
    return;
  addStateAct(L, StateKind::Integer, Api, E, Value, false);
}

void Walker::stateLeaf(const Expr *E) {
  E = strip(E);
  const Expr *Tested = E;
  if (auto V = viewMemberCall(E))
    if (V->Base && ContainerModel::isStateObserver(V->Name))
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
  if (SK == StateKind::None || (SK == StateKind::Integer && isLocalInteger(E)))
    return;
  CheckEvent C;
  C.T.Obj = describeObject(E, Ctx);
  C.T.State = SK;
  if (!C.T.Obj.known())
    return;
  C.Api = stateKindInfo(SK).TestApi.str();
  C.Result = stateKindInfo(SK).Presence ? ResultKind::Value : ResultKind::Other;
  C.E = E;
  C.Tested = Tested;
  StateTests.insert(Tested);
  C.Range = E->getSourceRange();
  addCheck(std::move(C));
}

} // namespace cta
