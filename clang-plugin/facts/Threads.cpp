//===- Threads.cpp - Threads, run-once callbacks, lambdas
//-------------------===//
//
/// \file
/// Locals captured by reference into a thread are shared; a callable handed
/// to `std::call_once` or `pthread_once` runs as if locked; a lambda is
/// analyzed as a function of its own, after its enclosing body, with the
/// context recorded here.
//
//===----------------------------------------------------------------------===//

#include "facts/Walker.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace cta {

bool Walker::isSpawner(const Expr *E) const {
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E))
    return CM.isThreadType(templateNameOf(CE->getType()));
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call)
    return false;
  std::string N = freeCalleeName(Call);
  if (const FunctionDecl *Callee = Call->getDirectCallee())
    N = stableQualifiedName(Callee);
  return !N.empty() && CM.isThreadSpawner(N);
}

namespace {
/// The function \p E names: `run`, `&Worker::run`, `Worker::run`.
const FunctionDecl *namedFunction(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_AddrOf)
    E = UO->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return dyn_cast<FunctionDecl>(DRE->getDecl());
  return nullptr;
}

/// The functions a spawned lambda's body calls directly: its thread runs
/// them as its entry.
void directCallees(const Stmt *S,
                   llvm::SmallVectorImpl<const FunctionDecl *> &Out,
                   unsigned Depth = 0) {
  if (!S || Depth > 64 || isa<LambdaExpr>(S))
    return;
  if (const auto *CE = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *Callee = CE->getDirectCallee())
      Out.push_back(Callee);
  for (const Stmt *C : S->children())
    directCallees(C, Out, Depth + 1);
}
} // namespace

void Walker::noteThreadCaptures(const Expr *E,
                                llvm::ArrayRef<const Expr *> Args) {
  if (!isSpawner(E))
    return;
  // A thread started in a loop is one of several running the same entry:
  // what the entry touches is shared among them.
  bool Single = LoopDepth == 0;
  auto Entry = [&](const FunctionDecl *Fn) {
    F.ThreadEntries.push_back({Fn->getCanonicalDecl(), Single});
  };
  for (const Expr *A : Args) {
    const Expr *S = strip(A);
    // std::thread(std::bind(&Logger::run, this)): the bound function runs.
    if (const auto *Bind = dyn_cast<CallExpr>(S);
        Bind && Bind->getNumArgs() > 0 && freeCalleeName(Bind) == "std::bind")
      S = strip(Bind->getArg(0));
    if (const FunctionDecl *Fn = namedFunction(S)) {
      Entry(Fn);
      continue;
    }
    if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
      llvm::SmallVector<const FunctionDecl *, 4> Callees;
      directCallees(LE->getBody(), Callees);
      for (const FunctionDecl *Fn : Callees)
        Entry(Fn);
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

void Walker::noteOnceCallbacks(const CallExpr *CE, llvm::StringRef Name) {
  if (!CM.isRunOnceFunction(Name))
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

void Walker::visitLambda(const LambdaExpr *LE) {
  // The body is not walked here: it runs when the lambda is called, as a
  // function of its own. What it inherits is what holds at its definition.
  FunctionFacts::NestedLambda L;
  L.E = LE;
  L.Context.ThreadCaptured = F.ThreadCaptured;
  if (OnceLambdas.count(LE))
    L.Context.RunsOnce = true;
  else if (!SpawnedLambdas.count(LE))
    L.Context.Inherited = Locks.held();
  F.Lambdas.push_back(std::move(L));
}

} // namespace cta
