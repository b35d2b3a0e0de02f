//===- MapGetOrAdd.cpp - cta-map-get-or-add -------------------------------===//

#include "MapGetOrAdd.h"
#include "../FindingBuilder.h"
#include "Common.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Stmt.h"

using namespace clang;

namespace cta {
namespace {

/// `if (m.find(k) == m.end()) m[k] = v;` → `m.try_emplace(k, v);`
/// `if (!m.count(k)) m.insert({k, v});` → `m.insert({k, v});`
/// Only for unique-key containers, where the bare call does nothing when the
/// key is present: exactly what the `if` did.
void addFix(Finding &F, const CheckActPair &P, FindingBuilder &B) {
  const ContainerInfo *C = P.Act.T.Container;
  if (!(C->Fam & (FamMap | FamSet)))
    return;
  const IfStmt *If = soleAbsentIf(P);
  if (!If || !P.Act.WholeStmt)
    return;
  CharSourceRange R = ifStatementRange(If, B);
  if (R.isInvalid())
    return;
  std::string Text;
  const std::string &Api = P.Act.Api;
  if (Api == "operator[]") {
    // try_emplace evaluates its arguments even when the key is present:
    // only a value without side effects keeps the meaning of the `if`.
    if (!P.Act.Value || !C->HasTryEmplace ||
        !B.context().getLangOpts().CPlusPlus17 ||
        P.Act.Key.K != KeyRef::Exact ||
        P.Act.Value->HasSideEffects(B.context()))
      return;
    std::string Value = B.text(P.Act.Value->getSourceRange());
    if (Value.empty() || P.Act.T.Obj.Spelling.empty())
      return;
    Text = P.Act.T.Obj.Spelling + ".try_emplace(" + P.Act.Key.Spelling + ", " +
           Value + ");";
  } else if (Api == "insert" || Api == "emplace" || Api == "try_emplace") {
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

} // namespace

std::optional<Finding> MapGetOrAddRule::match(const CheckActPair &P,
                                              FindingBuilder &B) {
  const ContainerInfo *C = P.Act.T.Container;
  if (!C || !(C->Fam & FamAssoc) || P.Act.R != Role::Add)
    return std::nullopt;
  if (P.AtomicWith) {
    if (!P.OuterUnlocked)
      return std::nullopt;
    return B.make(id(), P, *P.OuterUnlocked, dclMessage(P), dclAdvice(P));
  }
  Finding F = B.make(id(), P, *P.Nearest, raceMessage(P, *P.Nearest),
                     ContainerModel::replacementAdvice(*C, P.Act.R));
  addFix(F, P, B);
  return F;
}

} // namespace cta
