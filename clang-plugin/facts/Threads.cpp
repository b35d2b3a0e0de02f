//===- Threads.cpp - Threads, run-once callbacks, lambdas ----------------===//
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
  // `pool.emplace_back(&Worker::run, this)`: the container of threads
  // constructs one from the arguments.
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
    if (const CXXMethodDecl *M = MC->getMethodDecl();
        M && M->getIdentifier() && M->getName().contains("emplace"))
      if (const auto *Spec =
              dyn_cast<ClassTemplateSpecializationDecl>(M->getParent()))
        for (const TemplateArgument &A : Spec->getTemplateArgs().asArray())
          if (A.getKind() == TemplateArgument::Type &&
              CM.isThreadType(templateNameOf(A.getAsType())))
            return true;
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
/// What a callable argument runs: the function it names (also through
/// std::bind and the std::function made from it), or a lambda and the
/// functions its body calls directly.
struct CallableArg {
  const Expr *E = nullptr; ///< The argument, unwrapped.
  const LambdaExpr *Lambda = nullptr;
  llvm::SmallVector<const FunctionDecl *, 4> Runs;
};

CallableArg callableArg(const Expr *A) {
  CallableArg C;
  const Expr *S = strip(A);
  for (unsigned I = 0; I < 4; ++I)
    if (const auto *Ctor = dyn_cast<CXXConstructExpr>(S);
        Ctor && Ctor->getNumArgs() >= 1 &&
        templateNameOf(Ctor->getType()) == "std::function")
      S = strip(Ctor->getArg(0));
  // std::thread(std::bind(&Logger::run, this)): the bound function runs.
  if (const auto *Bind = dyn_cast<CallExpr>(S);
      Bind && Bind->getNumArgs() > 0 && freeCalleeName(Bind) == "std::bind")
    S = strip(Bind->getArg(0));
  C.E = S;
  if (const FunctionDecl *Fn = namedFunction(S)) {
    C.Runs.push_back(Fn);
  } else if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
    C.Lambda = LE;
    directCallees(LE->getBody(), C.Runs);
  }
  return C;
}
} // namespace

void Walker::noteThreadCaptures(const Expr *E,
                                llvm::ArrayRef<const Expr *> Args) {
  if (!isSpawner(E))
    return;
  noteThreadsStart();
  // A thread started in a loop is one of several running the same entry:
  // what the entry touches is shared among them.
  bool Single = LoopDepth == 0;
  auto Entry = [&](const FunctionDecl *Fn) {
    F.ThreadEntries.push_back({Fn->getCanonicalDecl(), Single});
  };
  for (const Expr *A : Args) {
    CallableArg C = callableArg(A);
    for (const FunctionDecl *Fn : C.Runs)
      Entry(Fn);
    if (!C.Runs.empty() && !C.Lambda)
      continue;
    const Expr *S = C.E;
    if (const LambdaExpr *LE = C.Lambda) {
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

void Walker::noteThreadsStart() {
  F.StartsThreads = true;
  // Started in a loop: before the next iteration of every call in it.
  if (LoopDepth > 0)
    for (unsigned I = OuterLoopFirstCall; I < F.Calls.size(); ++I)
      F.Calls[I].BeforeThreads = false;
}

void Walker::noteLoopCallbacks(const CallExpr *CE) {
  const FunctionDecl *MD = CE->getDirectCallee();
  if (!MD || !CM.isLoopRunFunction(MD))
    return;
  std::string Via = stableQualifiedName(MD);
  // setWriteCallback(std::bind(&Connector::handleWrite, this)), or
  // runInLoop([this] { startInLoop(); }).
  for (const Expr *A : CE->arguments()) {
    CallableArg C = callableArg(A);
    std::string How =
        (C.Lambda ? "called by a lambda handed to '" : "handed to '") + Via +
        "'";
    for (const FunctionDecl *Fn : C.Runs)
      F.OnLoop.push_back({Fn->getCanonicalDecl(), How});
    if (C.Lambda)
      LoopLambdas.insert(C.Lambda);
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
  // Calls a lambda makes happen wherever it is called: for the summaries,
  // on an unknown thread, unless it was handed to an event loop.
  if (!LoopLambdas.count(LE)) {
    llvm::SmallVector<const FunctionDecl *, 4> Callees;
    directCallees(LE->getBody(), Callees);
    for (const FunctionDecl *Fn : Callees)
      F.LambdaCalls.push_back(Fn->getCanonicalDecl());
  }
}

} // namespace cta
