//===- AtomicCheckThenAct.cpp - cta-atomic-check-then-act -----------------===//

#include "AtomicCheckThenAct.h"
#include "../FindingBuilder.h"
#include "Common.h"
#include "facts/Identity.h"
#include "facts/Syntax.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace cta {
namespace {

/// The guard of the act that tests the nearest check, with the branch taken.
const Condition *guardOf(const CheckActPair &P, bool &Taken) {
  unsigned CIdx = P.Nearest - P.Facts.Checks.data();
  for (const auto &[CondIdx, T] : P.Act.Guards) {
    const Condition &Cond = P.Facts.Conds[CondIdx];
    if (Cond.E && P.Facts.mentions(Cond, CIdx)) {
      Taken = T;
      return &Cond;
    }
  }
  return nullptr;
}

/// `if (x.load() != v) x.store(v);`: a write skipped when the value is
/// already there leaves what an unconditional write would.
bool skipsRedundantWrite(const Condition &Cond, const CheckActPair &P,
                         const ASTContext &Ctx) {
  if (!P.Act.Value || (P.Act.Api != "store" && P.Act.Api != "assignment"))
    return false;
  const Expr *E = strip(Cond.E);
  const Expr *L = nullptr, *R = nullptr;
  if (const auto *BO = dyn_cast<BinaryOperator>(E);
      BO && (BO->getOpcode() == BO_EQ || BO->getOpcode() == BO_NE)) {
    L = BO->getLHS();
    R = BO->getRHS();
  } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E);
             OC && OC->getNumArgs() == 2 &&
             (OC->getOperator() == OO_EqualEqual ||
              OC->getOperator() == OO_ExclaimEqual)) {
    L = OC->getArg(0);
    R = OC->getArg(1);
  }
  if (!L)
    return false;
  std::string V = canonicalId(P.Act.Value, Ctx);
  return !V.empty() && (canonicalId(L, Ctx) == V || canonicalId(R, Ctx) == V);
}

/// The text of \p Cond with every read of the act's atomic replaced by
/// \p Cur; empty when some part is not plain text of one file.
std::string conditionOnSnapshot(const Condition &Cond, const CheckActPair &P,
                                llvm::StringRef Cur, const FindingBuilder &B) {
  const SourceManager &SM = B.context().getSourceManager();
  const LangOptions &LO = B.context().getLangOpts();
  SourceRange Whole = Cond.E->getSourceRange();
  if (!Whole.getBegin().isFileID() || !Whole.getEnd().isFileID())
    return {};
  std::vector<std::pair<unsigned, unsigned>> Cuts;
  for (unsigned CI : Cond.Checks) {
    const CheckEvent &C = P.Facts.Checks[CI];
    if (C.T.Obj.Id != P.Act.T.Obj.Id || !C.Tested)
      continue;
    SourceRange R = C.Tested->getSourceRange();
    if (!R.getBegin().isFileID() || !R.getEnd().isFileID())
      return {};
    unsigned Begin = SM.getFileOffset(R.getBegin());
    unsigned End =
        SM.getFileOffset(Lexer::getLocForEndOfToken(R.getEnd(), 0, SM, LO));
    Cuts.emplace_back(Begin, End);
  }
  std::string Text = B.text(Whole);
  if (Text.empty())
    return {};
  unsigned Base = SM.getFileOffset(Whole.getBegin());
  llvm::sort(Cuts);
  for (auto It = Cuts.rbegin(); It != Cuts.rend(); ++It) {
    if (It->first < Base || It->second - Base > Text.size())
      return {};
    Text.replace(It->first - Base, It->second - It->first, Cur.str());
  }
  return Text;
}

/// The value the act would store, written on the snapshot \p Cur.
std::string newValue(const CheckActPair &P, llvm::StringRef Cur,
                     const FindingBuilder &B, bool &Counter) {
  const std::string &Api = P.Act.Api;
  std::string Arg =
      P.Act.Value ? B.text(P.Act.Value->getSourceRange()) : std::string();
  Counter = true;
  if (Api == "operator++")
    return Cur.str() + " + 1";
  if (Api == "operator--")
    return Cur.str() + " - 1";
  if ((Api == "fetch_add" || Api == "operator+=") && !Arg.empty())
    return Cur.str() + " + " + Arg;
  if ((Api == "fetch_sub" || Api == "operator-=") && !Arg.empty())
    return Cur.str() + " - " + Arg;
  Counter = false;
  if (Api == "store" || Api == "assignment" || Api == "exchange")
    return Arg;
  return {};
}

std::string counterAdvice(const CheckActPair &P, const FindingBuilder &B) {
  static const char Generic[] =
      "use a 'compare_exchange_weak' loop that re-tests the value it "
      "replaces, or 'fetch_add' first and undo it when the bound is exceeded";
  bool Taken = true;
  const Condition *Cond = guardOf(P, Taken);
  if (!Cond)
    return Generic;
  const std::string &Obj = P.Act.T.Obj.Spelling;
  // Through a snapshot (`long used = used_.load(); if (used + n > cap)`),
  // the snapshot is the loop's variable; else a fresh `cur`.
  std::string Cur = "cur", Init = "auto cur = " + Obj + ".load(); ";
  unsigned CIdx = P.Nearest - P.Facts.Checks.data();
  if (!llvm::is_contained(Cond->Checks, CIdx)) {
    Init.clear();
    Cur.clear();
    for (const VarDecl *VD : Cond->Vars) {
      auto It = P.Facts.Results.find(VD);
      if (It != P.Facts.Results.end() &&
          llvm::any_of(It->second,
                       [&](const ResultVar &R) { return R.Check == CIdx; }))
        Cur = VD->getNameAsString();
    }
    if (Cur.empty())
      return Generic;
  }
  std::string Test = conditionOnSnapshot(*Cond, P, Cur, B);
  bool Counter = false;
  std::string New = newValue(P, Cur, B, Counter);
  if (Test.empty() || New.empty())
    return Generic;
  if (!Taken)
    Test = "!(" + Test + ")";
  std::string Advice =
      "use a 'compare_exchange_weak' loop so the test and the write are one "
      "step: '" +
      Init + "while (" + Test + " && !" + Obj + ".compare_exchange_weak(" +
      Cur + ", " + New + ")) {}' (the write happened if '" + Test +
      "' holds after the loop)";
  if (Counter)
    Advice += std::string(", or '") +
              (P.Act.Api == "fetch_sub" || P.Act.Api == "operator-=" ||
                       P.Act.Api == "operator--"
                   ? "fetch_sub"
                   : "fetch_add") +
              "' first and undo it when the bound is exceeded";
  return Advice;
}

std::string flagAdvice(const CheckActPair &P, const FindingBuilder &B) {
  std::string V =
      P.Act.Value ? B.text(P.Act.Value->getSourceRange()) : std::string();
  if (V.empty())
    V = "true";
  return "use 'exchange' so one thread sees the old value: 'if (!" +
         P.Act.T.Obj.Spelling + ".exchange(" + V + ")) { ... }'";
}

std::string pointerAdvice(const CheckActPair &P, const FindingBuilder &B) {
  static const char Generic[] =
      "use 'compare_exchange_strong' so one thread publishes and the others "
      "delete their object, or a function-local static";
  const Expr *V = P.Act.Value;
  if (!V || !V->getType()->isPointerType())
    return Generic;
  PrintingPolicy PP = B.context().getPrintingPolicy();
  PP.SuppressInlineNamespace = true;
  std::string Pointee = V->getType()->getPointeeType().getAsString(PP);
  std::string Text = B.text(V->getSourceRange());
  if (Text.empty())
    return Generic;
  const std::string &Obj = P.Act.T.Obj.Spelling;
  std::string Decl, Fresh;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(strip(V));
      DRE && isa<VarDecl>(DRE->getDecl())) {
    Fresh = Text;
    Decl = Pointee + " *expected = nullptr; ";
  } else {
    Fresh = "fresh";
    Decl = Pointee + " *fresh = " + Text + ", *expected = nullptr; ";
  }
  return "use 'compare_exchange_strong' so one thread publishes: '" + Decl +
         "if (!" + Obj + ".compare_exchange_strong(expected, " + Fresh +
         ")) delete " + Fresh + ";', or a function-local static";
}

} // namespace

std::optional<Finding> AtomicCheckThenActRule::match(const CheckActPair &P,
                                                     FindingBuilder &B) {
  // One section over both, or a re-read under the act's lock (correct
  // double-checked locking): the decision is made under the lock.
  if (!P.isAtomicState() || P.AtomicWith || P.Act.R != Role::Add)
    return std::nullopt;
  StateKind K = P.Act.T.State;
  // A flag set alone, a pointer copied rather than created: no effect
  // happens twice.
  if (K != StateKind::AtomicInteger && !initializesState(P))
    return std::nullopt;
  // `if (n.fetch_add(1) >= cap) n.fetch_sub(1);` after a fast-path test:
  // an exchange or fetch_add whose result is used between the test and the
  // write has decided again, atomically.
  for (const ActEvent &Other : P.Facts.Acts)
    if (Other.T.Obj.Id == P.Act.T.Obj.Id && Other.ReportsInsertion &&
        Other.ResultUsed && Other.Index > P.Nearest->Index &&
        Other.Index < P.Act.Index)
      return std::nullopt;
  bool Taken = true;
  if (const Condition *Cond = guardOf(P, Taken);
      Cond && skipsRedundantWrite(*Cond, P, B.context()))
    return std::nullopt;
  std::string Advice = K == StateKind::AtomicInteger ? counterAdvice(P, B)
                       : K == StateKind::AtomicBool  ? flagAdvice(P, B)
                                                     : pointerAdvice(P, B);
  return B.make(id(), P, *P.Nearest,
                "check-then-act race on shared '" + P.Act.T.Obj.Spelling +
                    "': '" + P.Nearest->Api + "' then '" + P.Act.Api +
                    "' on a std::atomic are not atomic together",
                std::move(Advice));
}

} // namespace cta
