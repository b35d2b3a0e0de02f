//===- Common.cpp - Pieces shared by the rules ----------------------------===//

#include "Common.h"
#include "../FindingBuilder.h"
#include "../store/StorePairs.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace cta {

Finding storeFinding(RuleId R, const StorePair &P, FindingBuilder &B,
                     std::string Message, std::string Replacement) {
  Finding F = B.makeSites(R, P.Check.Call->getSourceRange(),
                          P.Act.Call->getSourceRange(), P.Function,
                          std::move(Message), std::move(Replacement));
  bool Redis = P.Act.Store == StoreKind::Redis;
  F.Object = P.Act.Object;
  F.ObjectType = Redis ? "Redis key" : "SQL table";
  F.Family = Redis ? "redis" : "sql";
  F.Key = P.Act.Key.empty() ? P.Check.Key : P.Act.Key;
  F.CheckApi = Redis ? P.Check.Redis.Name : P.Check.Api;
  F.ActApi = Redis ? P.Act.Redis.Name : P.Act.Api;
  F.SharedBecause =
      Redis ? "a Redis key is shared by every process connected to the server"
            : "a SQL table is shared by every process connected to the "
              "database";
  return F;
}

std::string raceMessage(const CheckActPair &P, const CheckEvent &C) {
  return "check-then-act race on shared '" + P.Act.T.Obj.Spelling + "': '" +
         C.Api + "' then '" + P.Act.Api + "' without one lock held across both";
}

std::string dclMessage(const CheckActPair &P) {
  return "double-checked locking on non-atomic '" + P.Act.T.Obj.Spelling +
         "': the unlocked check races with the locked write";
}

std::string dclAdvice(const CheckActPair &P) {
  if (P.Act.T.Container)
    return "use the lock for the first lookup too, or a concurrent map";
  return "use a function-local static or 'std::call_once', or make '" +
         P.Act.T.Obj.Spelling +
         "' a std::atomic loaded with memory_order_acquire and stored with "
         "memory_order_release";
}

const IfStmt *soleAbsentIf(const CheckActPair &P) {
  const IfStmt *If = P.Act.SoleIf;
  if (!If || !P.Nearest)
    return nullptr;
  for (const auto &[CondIdx, Taken] : P.Act.Guards) {
    const Condition &Cond = P.Facts.Conds[CondIdx];
    if (!Taken || Cond.E != If->getCond())
      continue;
    // The condition is exactly one check, on this object.
    if (Cond.Checks.size() != 1 || &P.Facts.Checks[Cond.Checks[0]] != P.Nearest)
      return nullptr;
    if (P.Facts.outcome(*P.Nearest, Cond, true) != Outcome::Absent)
      return nullptr;
    return If;
  }
  return nullptr;
}

bool guardedWith(const CheckActPair &P, const CheckEvent &C, Outcome O) {
  unsigned CIdx = &C - P.Facts.Checks.data();
  for (const auto &[CondIdx, Taken] : P.Act.Guards) {
    const Condition &Cond = P.Facts.Conds[CondIdx];
    if (P.Facts.mentions(Cond, CIdx) && P.Facts.outcome(C, Cond, Taken) == O)
      return true;
  }
  return false;
}

/// Does the act initialize: make a new object (new, a factory call, a local
/// built for the purpose), or set a flag together with other work? Copying
/// an existing pointer (a list pop) or setting a flag and nothing else
/// (idempotent: two threads leave the same state) is not initialization.
bool initializesState(const CheckActPair &P) {
  const Expr *V = P.Act.Value;
  // A counter, bound or state changes on every write: each one acts.
  if (P.Act.T.State == StateKind::Integer)
    return true;
  if (P.Act.T.State == StateKind::Bool ||
      P.Act.T.State == StateKind::AtomicBool)
    return !P.Act.SoleIf;
  if (!V)
    return true; // opt.emplace(...)
  V = V->IgnoreParenImpCasts();
  while (true) {
    if (const auto *EWC = dyn_cast<ExprWithCleanups>(V))
      V = EWC->getSubExpr()->IgnoreParenImpCasts();
    else if (const auto *MTE = dyn_cast<MaterializeTemporaryExpr>(V))
      V = MTE->getSubExpr()->IgnoreParenImpCasts();
    else if (const auto *BTE = dyn_cast<CXXBindTemporaryExpr>(V))
      V = BTE->getSubExpr()->IgnoreParenImpCasts();
    else if (const auto *Cast = dyn_cast<ExplicitCastExpr>(V))
      V = Cast->getSubExpr()->IgnoreParenImpCasts();
    else
      break;
  }
  if (isa<CXXNewExpr>(V) || isa<CallExpr>(V) || isa<CXXConstructExpr>(V))
    return true;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(V))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      return VD->hasLocalStorage() && !isa<ParmVarDecl>(VD);
  return false;
}

namespace {
/// Calls, `new` and writes: what the bare insert would run when the key is
/// present. Constructing a key or a pair from plain values is not.
bool mayHaveEffects(const Stmt *S, const ASTContext &Ctx, unsigned Depth = 0) {
  if (!S || Depth > 64)
    return false;
  if (isa<CallExpr>(S) || isa<CXXNewExpr>(S) || isa<LambdaExpr>(S))
    return true;
  if (const auto *E = dyn_cast<Expr>(S);
      E && !isa<CXXConstructExpr>(E) && !isa<InitListExpr>(E) &&
      E->HasSideEffects(Ctx, /*IncludePossibleEffects=*/false))
    return true;
  for (const Stmt *C : S->children())
    if (mayHaveEffects(C, Ctx, Depth + 1))
      return true;
  return false;
}
} // namespace

void addDropCheckFix(Finding &F, const CheckActPair &P, FindingBuilder &B,
                     llvm::StringRef SubscriptApi, bool PureActArgs) {
  const IfStmt *If = soleAbsentIf(P);
  if (!If || !P.Act.WholeStmt)
    return;
  CharSourceRange R = ifStatementRange(If, B);
  if (R.isInvalid())
    return;
  std::string Text;
  const std::string &Api = P.Act.Api;
  if (Api == "operator[]") {
    if (SubscriptApi.empty() || !P.Act.Value || P.Act.Key.K != KeyRef::Exact ||
        P.Act.Value->HasSideEffects(B.context()))
      return;
    std::string Value = B.text(P.Act.Value->getSourceRange());
    if (Value.empty() || P.Act.T.Obj.Spelling.empty())
      return;
    Text = P.Act.T.Obj.Spelling + "." + SubscriptApi.str() + "(" +
           P.Act.Key.Spelling + ", " + Value + ");";
  } else if (Api == "insert" || Api == "emplace" || Api == "try_emplace") {
    if (PureActArgs) {
      const auto *Call = dyn_cast<CallExpr>(P.Act.E);
      if (!Call)
        return;
      for (const Expr *A : Call->arguments())
        if (mayHaveEffects(A, B.context()))
          return;
    }
    std::string Stmt = B.text(P.Act.WholeStmt->getSourceRange());
    if (Stmt.empty())
      return;
    Text = Stmt + ";";
  } else {
    return;
  }
  // Comments between `if (...)` and the act would be lost: leave those.
  std::string IfText = B.text(If->getSourceRange());
  std::string ActText = B.text(P.Act.WholeStmt->getSourceRange());
  size_t At = IfText.find(ActText);
  if (At != std::string::npos)
    IfText.erase(At, ActText.size());
  if (IfText.find("//") != std::string::npos ||
      IfText.find("/*") != std::string::npos)
    return;
  B.addFix(F, R, Text);
}

CharSourceRange ifStatementRange(const IfStmt *If, const FindingBuilder &B) {
  const Stmt *Then = If->getThen();
  SourceLocation End;
  if (isa<CompoundStmt>(Then)) {
    End = Lexer::getLocForEndOfToken(Then->getEndLoc(), 0,
                                     B.context().getSourceManager(),
                                     B.context().getLangOpts());
  } else {
    End = B.afterSemi(Then->getEndLoc());
  }
  if (End.isInvalid())
    return {};
  return CharSourceRange::getCharRange(If->getBeginLoc(), End);
}

} // namespace cta
