//===- Common.cpp - Pieces shared by the rules ----------------------------===//

#include "Common.h"
#include "../FindingBuilder.h"
#include "clang/AST/ASTContext.h"
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
