//===- LazyInit.cpp - cta-lazy-init ---------------------------------------===//

#include "LazyInit.h"
#include "../FindingBuilder.h"
#include "Common.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace cta {
namespace {

std::string advice(StateKind K) {
  if (K == StateKind::Bool)
    return "use 'std::call_once' with a 'std::once_flag' for the "
           "initialization";
  return "use a function-local static (initialized once, thread-safe since "
         "C++11) or 'std::call_once'";
}

/// `static T *p = nullptr; if (!p) p = new T(...);` (adjacent statements of
/// one block) → `static T *p = new T(...);`: a magic static.
void addFix(Finding &F, const CheckActPair &P, FindingBuilder &B) {
  const VarDecl *VD = P.Act.T.Obj.RootVar;
  if (!VD || !VD->isStaticLocal() || !P.Act.T.Obj.Fields.empty() ||
      P.Act.Api != "assignment" || !P.Act.Value)
    return;
  if (P.Act.T.State != StateKind::RawPointer &&
      P.Act.T.State != StateKind::UniquePtr &&
      P.Act.T.State != StateKind::SharedPtr)
    return;
  const IfStmt *If = soleAbsentIf(P);
  if (!If)
    return;
  auto DeclIt = P.Facts.DeclStmts.find(VD);
  if (DeclIt == P.Facts.DeclStmts.end())
    return;
  const auto *DS = cast<DeclStmt>(DeclIt->second);
  auto DPos = P.Facts.Positions.find(DS);
  auto IPos = P.Facts.Positions.find(If);
  if (!DS->isSingleDecl() || DPos == P.Facts.Positions.end() ||
      IPos == P.Facts.Positions.end() ||
      DPos->second.Parent != IPos->second.Parent ||
      DPos->second.Index + 1 != IPos->second.Index)
    return;
  std::string Value = B.text(P.Act.Value->getSourceRange());
  CharSourceRange IfRange = ifStatementRange(If, B);
  if (Value.empty() || IfRange.isInvalid())
    return;
  const SourceManager &SM = B.context().getSourceManager();
  const LangOptions &LO = B.context().getLangOpts();
  // `p = nullptr` (or just `p`) becomes `p = <value>`.
  SourceLocation NameBegin = VD->getLocation();
  SourceLocation DeclEnd = VD->getEndLoc();
  if (const Expr *Init = VD->getInit())
    if (Init->getSourceRange().isValid() &&
        SM.isBeforeInTranslationUnit(DeclEnd, Init->getEndLoc()))
      DeclEnd = Init->getEndLoc();
  CharSourceRange DeclRange = CharSourceRange::getTokenRange(NameBegin, DeclEnd);
  // Remove the `if` together with the line break before it.
  SourceLocation AfterDecl =
      Lexer::getLocForEndOfToken(DS->getEndLoc(), 0, SM, LO);
  if (AfterDecl.isInvalid())
    return;
  Finding Trial = F;
  if (!B.addFix(Trial, DeclRange, VD->getNameAsString() + " = " + Value) ||
      !B.addFix(Trial,
                CharSourceRange::getCharRange(AfterDecl, IfRange.getEnd()), ""))
    return;
  F = std::move(Trial);
}

} // namespace

std::optional<Finding> LazyInitRule::match(const CheckActPair &P,
                                           FindingBuilder &B) {
  if (!P.isScalarState() || P.isAtomicState() ||
      P.Act.T.State == StateKind::Integer || P.Act.R != Role::Add ||
      !initializesState(P))
    return std::nullopt;
  if (P.AtomicWith) {
    if (!P.OuterUnlocked)
      return std::nullopt;
    return B.make(id(), P, *P.OuterUnlocked, dclMessage(P), dclAdvice(P));
  }
  Finding F =
      B.make(id(), P, *P.Nearest,
             "check-then-act race on shared '" + P.Act.T.Obj.Spelling +
                 "': lazy initialization is not atomic",
             advice(P.Act.T.State));
  addFix(F, P, B);
  return F;
}

} // namespace cta
