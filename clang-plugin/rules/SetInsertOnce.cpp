//===- SetInsertOnce.cpp - cta-set-insert-once ----------------------------===//

#include "SetInsertOnce.h"
#include "../FindingBuilder.h"
#include "../facts/Syntax.h"
#include "Common.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace cta {
namespace {

/// The checks that ask "is it already there?" of one key.
const llvm::StringRef MembershipChecks[] = {"count", "contains", "find"};

/// The insertions that record a key as seen.
const llvm::StringRef SeenInserts[] = {"insert", "emplace", "try_emplace",
                                       "operator[]"};

/// A value that says only "seen": `true`, `1`, `nullptr`, an enumerator.
bool isFlagValue(const Expr *E) {
  E = strip(E);
  if (!E)
    return false;
  if (isa<CXXBoolLiteralExpr>(E) || isa<IntegerLiteral>(E) ||
      isa<CXXNullPtrLiteralExpr>(E))
    return true;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return isa<EnumConstantDecl>(DRE->getDecl());
  return false;
}

/// The mapped value a map insertion stores: `m[k] = v`, `m.emplace(k, v)`,
/// `m.try_emplace(k, v)`, `m.insert({k, v})`.
const Expr *mappedValue(const ActEvent &A) {
  if (A.Api == "operator[]")
    return A.Value;
  const auto *CE = dyn_cast<CallExpr>(strip(A.E));
  if (!CE)
    return nullptr;
  unsigned N = CE->getNumArgs();
  const Expr *const *Args = CE->getArgs();
  // A member call's arguments exclude the object; an operator call's don't.
  if (isa<CXXOperatorCallExpr>(CE) && N) {
    ++Args;
    --N;
  }
  if ((A.Api == "emplace" || A.Api == "try_emplace") && N == 2)
    return Args[1];
  if (A.Api != "insert" || N != 1)
    return nullptr;
  const Expr *V = strip(Args[0]);
  if (const auto *IL = dyn_cast<InitListExpr>(V); IL && IL->getNumInits() == 2)
    return IL->getInit(1);
  if (const auto *Ctor = dyn_cast<CXXConstructExpr>(V)) {
    if (Ctor->getNumArgs() == 2)
      return Ctor->getArg(1);
    if (Ctor->getNumArgs() == 1)
      if (const auto *IL = dyn_cast<InitListExpr>(strip(Ctor->getArg(0)));
          IL && IL->getNumInits() == 2)
        return IL->getInit(1);
  }
  if (const auto *Call = dyn_cast<CallExpr>(V); Call && Call->getNumArgs() == 2)
    return Call->getArg(1);
  return nullptr;
}

/// Does the act record a key as seen: an insert into a unique set, or a
/// flag stored into a unique map?
bool isSeenInsert(const CheckActPair &P) {
  const ContainerInfo *C = P.Act.T.Container;
  if (!llvm::is_contained(SeenInserts, P.Act.Api))
    return false;
  if (C->Fam == FamSet)
    return P.Act.Api != "operator[]" && P.Act.Api != "try_emplace";
  return C->Fam == FamMap && isFlagValue(mappedValue(P.Act));
}

/// Finds, in evaluation order, the first expression of a statement whose
/// second run repeats work: a call that is not on the set itself and not a
/// constant-evaluable helper (std::move), or an increment or assignment of
/// anything but a plain local.
class EffectFinder {
public:
  EffectFinder(const ObjectRef &Set, const ASTContext &Ctx)
      : Set(Set), Ctx(Ctx) {}

  const Expr *find(const Stmt *S, unsigned Depth = 0) {
    if (!S || Depth > 200 || isa<LambdaExpr>(S))
      return nullptr;
    if (const auto *E = dyn_cast<Expr>(S); E && isEffect(E))
      return E;
    // `if (verbose()) send(id);`: the work is the branch, not the query.
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      for (const Stmt *Part : {If->getThen(), If->getElse(),
                               static_cast<const Stmt *>(If->getCond())})
        if (const Expr *E = find(Part, Depth + 1))
          return E;
      return nullptr;
    }
    for (const Stmt *Child : S->children())
      if (const Expr *E = find(Child, Depth + 1))
        return E;
    return nullptr;
  }

private:
  bool isEffect(const Expr *E) const {
    // Comparisons, dereferences and subscripts read: `it != s.end()`, `*it`.
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
      OverloadedOperatorKind K = OC->getOperator();
      if (comparisonOf(K) != BO_Comma || K == OO_Spaceship || K == OO_Star ||
          K == OO_Arrow || K == OO_Subscript || K == OO_Exclaim ||
          K == OO_AmpAmp || K == OO_PipePipe)
        return false;
    }
    if (const auto *CE = dyn_cast<CallExpr>(E)) {
      if (const FunctionDecl *FD = CE->getDirectCallee();
          FD && FD->isConstexpr())
        return false;
      if (auto V = viewMemberCall(CE)) {
        if (!V->Base)
          return !Set.RootIsThis;
        return canonicalId(V->Base, Ctx) != Set.Id;
      }
      return true;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(E))
      return UO->isIncrementDecrementOp() && !isPlainLocal(UO->getSubExpr());
    if (const auto *BO = dyn_cast<BinaryOperator>(E))
      return BO->isAssignmentOp() && !isPlainLocal(BO->getLHS());
    return false;
  }

  static bool isPlainLocal(const Expr *E) {
    const auto *DRE = dyn_cast<DeclRefExpr>(strip(E));
    if (!DRE)
      return false;
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    return VD && VD->hasLocalStorage() && !VD->getType()->isReferenceType();
  }

  const ObjectRef &Set;
  const ASTContext &Ctx;
};

/// How the effect reads in a message: the callee for a call (`send`,
/// `bus_.publish`, `operator<<`), the expression for a counter.
std::string effectName(const Expr *E, const FindingBuilder &B) {
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E))
    return std::string("operator") + getOperatorSpelling(OC->getOperator());
  if (const auto *CE = dyn_cast<CallExpr>(E)) {
    std::string Callee = B.text(CE->getCallee()->getSourceRange());
    if (!Callee.empty() && Callee.size() < 60)
      return Callee;
    if (const FunctionDecl *FD = CE->getDirectCallee())
      return FD->getNameAsString();
  }
  return B.text(E->getSourceRange());
}

/// The work in the act's block that the test was meant to run once: the
/// first effect of a statement of that block other than the insert itself,
/// after the check.
const Expr *guardedEffect(const CheckActPair &P, const FindingBuilder &B) {
  if (!P.Act.WholeStmt)
    return nullptr;
  auto Pos = P.Facts.Positions.find(P.Act.WholeStmt);
  if (Pos == P.Facts.Positions.end())
    return nullptr;
  const SourceManager &SM = B.context().getSourceManager();
  EffectFinder Finder(P.Act.T.Obj, B.context());
  // An `if` that guards the act runs its branch on the other path: in
  // `if (it != s.end()) return it->second;` nothing is guarded work.
  auto IsGuard = [&](const Stmt *S) {
    const auto *If = dyn_cast<IfStmt>(S);
    return If && llvm::any_of(P.Act.Guards, [&](const auto &G) {
             return P.Facts.Conds[G.first].E == If->getCond();
           });
  };
  for (const Stmt *S : Pos->second.Parent->body()) {
    if (S == P.Act.WholeStmt || IsGuard(S) ||
        !SM.isBeforeInTranslationUnit(P.Nearest->Range.getEnd(),
                                      S->getBeginLoc()))
      continue;
    if (const Expr *E = Finder.find(S))
      return E;
  }
  return nullptr;
}

/// The insertion as a call whose `.second` says "this thread inserted".
std::string insertionCall(const CheckActPair &P, const FindingBuilder &B) {
  if (P.Act.Api != "operator[]")
    return B.text(P.Act.E->getSourceRange());
  std::string Value = P.Act.Value ? B.text(P.Act.Value->getSourceRange()) : "";
  const char *Api =
      P.Act.T.Container->HasTryEmplace ? ".try_emplace(" : ".emplace(";
  return P.Act.T.Obj.Spelling + Api + P.Act.Key.Spelling + ", " + Value + ")";
}

/// The `if` whose braced then-block \p Block is, or null.
const IfStmt *ifOfBlock(const CompoundStmt *Block, ASTContext &Ctx) {
  for (const DynTypedNode &N : Ctx.getParents(*Block))
    if (const auto *If = N.get<IfStmt>())
      return If->getThen() == Block ? If : nullptr;
  return nullptr;
}

/// The whole lines of statement \p S (with its `;`) and the line break
/// before them, if nothing else but blanks shares them; else invalid.
CharSourceRange statementLines(const Stmt *S, const FindingBuilder &B) {
  const SourceManager &SM = B.context().getSourceManager();
  SourceLocation Begin = S->getBeginLoc();
  SourceLocation End = B.afterSemi(S->getEndLoc());
  if (Begin.isMacroID() || End.isInvalid() || End.isMacroID())
    return {};
  const char *BeginPtr = SM.getCharacterData(Begin);
  const char *EndPtr = SM.getCharacterData(End);
  const char *BufStart = SM.getBufferData(SM.getFileID(Begin)).data();
  const char *L = BeginPtr;
  while (L > BufStart && (L[-1] == ' ' || L[-1] == '\t'))
    --L;
  const char *R = EndPtr;
  while (*R == ' ' || *R == '\t')
    ++R;
  // Take the line break before the statement with it: the range then ends
  // where the statement's line does.
  if (L > BufStart && L[-1] == '\n' && (*R == '\n' || *R == '\r'))
    return CharSourceRange::getCharRange(
        Begin.getLocWithOffset(L - 1 - BeginPtr),
        End.getLocWithOffset(R - EndPtr));
  return {};
}

/// Is \p Cond the check \p CheckE and nothing else: `!s.count(x)`,
/// `s.find(x) == s.end()`, `s.count(x) == 0`?
bool conditionIsCheck(const Expr *Cond, const Expr *CheckE) {
  Cond = strip(Cond);
  while (const auto *UO = dyn_cast<UnaryOperator>(Cond)) {
    if (UO->getOpcode() != UO_LNot)
      return false;
    Cond = strip(UO->getSubExpr());
  }
  if (Cond == CheckE)
    return true;
  const Expr *L = nullptr, *R = nullptr;
  if (const auto *BO = dyn_cast<BinaryOperator>(Cond);
      BO && BO->isEqualityOp()) {
    L = BO->getLHS();
    R = BO->getRHS();
  } else if (const auto *RB = dyn_cast<CXXRewrittenBinaryOperator>(Cond)) {
    L = RB->getLHS();
    R = RB->getRHS();
  } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(Cond);
             OC && OC->getNumArgs() == 2 &&
             (OC->getOperator() == OO_EqualEqual ||
              OC->getOperator() == OO_ExclaimEqual)) {
    L = OC->getArg(0);
    R = OC->getArg(1);
  }
  auto IsCheck = [&](const Expr *E) {
    E = strip(E);
    // `m.find(k) == m.cend()` converts the iterator first.
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
        CE && CE->getNumArgs() == 1)
      E = strip(CE->getArg(0));
    return E == CheckE;
  };
  return L && R && (IsCheck(L) || IsCheck(R));
}

/// `if (!s.count(x)) { s.insert(x); f(x); }` →
/// `if (s.insert(x).second) { f(x); }`: the insert moves into the condition
/// and its result gates the block. Only where the condition is exactly the
/// check and the insert is the block's first statement, so nothing else
/// runs before it either way.
void addFix(Finding &F, const CheckActPair &P, FindingBuilder &B) {
  if (P.Act.Api == "operator[]" || !P.Act.WholeStmt)
    return;
  auto Pos = P.Facts.Positions.find(P.Act.WholeStmt);
  if (Pos == P.Facts.Positions.end() || Pos->second.Index != 0)
    return;
  const IfStmt *If = ifOfBlock(Pos->second.Parent, B.context());
  if (!If || If->getInit() || If->getConditionVariable() || If->isConstexpr() ||
      If->isConsteval())
    return;
  bool CondIsCheck = false;
  for (const auto &[CondIdx, Taken] : P.Act.Guards) {
    const Condition &Cond = P.Facts.Conds[CondIdx];
    if (!Taken || Cond.E != If->getCond())
      continue;
    CondIsCheck = Cond.Checks.size() == 1 &&
                  conditionIsCheck(If->getCond(), P.Nearest->E) &&
                  &P.Facts.Checks[Cond.Checks[0]] == P.Nearest &&
                  P.Facts.outcome(*P.Nearest, Cond, true) == Outcome::Absent;
  }
  if (!CondIsCheck)
    return;
  std::string Insert = B.text(P.Act.E->getSourceRange());
  CharSourceRange Drop = statementLines(P.Act.WholeStmt, B);
  if (Insert.empty() || Drop.isInvalid())
    return;
  // A comment inside the insert would go with it: leave those alone.
  bool Invalid = false;
  llvm::StringRef Dropped =
      Lexer::getSourceText(Drop, B.context().getSourceManager(),
                           B.context().getLangOpts(), &Invalid);
  if (Invalid || Dropped.contains("//") || Dropped.contains("/*"))
    return;
  Finding Trial = F;
  if (!B.addFix(Trial,
                CharSourceRange::getTokenRange(If->getCond()->getSourceRange()),
                Insert + ".second") ||
      !B.addFix(Trial, Drop, ""))
    return;
  F = std::move(Trial);
}

} // namespace

std::optional<Finding> SetInsertOnceRule::match(const CheckActPair &P,
                                                FindingBuilder &B) {
  const ContainerInfo *C = P.Act.T.Container;
  // Under one lock (or double-checked under it) the work runs once.
  if (!C || P.Act.R != Role::Add || P.AtomicWith || !isSeenInsert(P))
    return std::nullopt;
  const CheckEvent &Check = *P.Nearest;
  if (!llvm::is_contained(MembershipChecks, Check.Api) ||
      Check.Key.K != KeyRef::Exact || P.Act.Key.K != KeyRef::Exact ||
      Check.Key.Id != P.Act.Key.Id || !guardedWith(P, Check, Outcome::Absent))
    return std::nullopt;
  const Expr *Effect = guardedEffect(P, B);
  if (!Effect)
    return std::nullopt;
  std::string Work = effectName(Effect, B);
  std::string Insert = insertionCall(P, B);
  Finding F = B.make(id(), P, Check,
                     raceMessage(P, Check) + "; '" + Work +
                         "' can run twice for one key",
                     "use 'if (" + Insert +
                         ".second)' so that only the "
                         "thread that inserted runs '" +
                         Work + "'");
  addFix(F, P, B);
  return F;
}

} // namespace cta
