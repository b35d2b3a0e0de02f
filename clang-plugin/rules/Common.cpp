//===- Common.cpp - Pieces shared by the rules ----------------------------===//

#include "Common.h"
#include "../FindingBuilder.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace cta {

std::string raceMessage(const CheckActPair &P, const CheckEvent &C) {
  return "check-then-act race on shared '" + P.Act.T.Obj.Spelling + "': '" +
         C.Api + "' then '" + P.Act.Api +
         "' without one lock held across both";
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
    if (Cond.Checks.size() != 1 ||
        &P.Facts.Checks[Cond.Checks[0]] != P.Nearest)
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
  if (P.Act.T.State == StateKind::Bool)
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
