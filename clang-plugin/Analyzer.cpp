//===- Analyzer.cpp - Runs the rules over a translation unit --------------===//

#include "Analyzer.h"
#include "CheckActPair.h"
#include "FindingBuilder.h"
#include "rules/Rule.h"
#include "store/StorePairs.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include <algorithm>
#include <cstdlib>

using namespace clang;

namespace cta {
namespace {

/// The lambdas of an initializer that are not inside another lambda (those
/// are found by the walk of the outer one's body).
class OuterLambdas : public RecursiveASTVisitor<OuterLambdas> {
public:
  explicit OuterLambdas(llvm::SmallVectorImpl<const LambdaExpr *> &Out)
      : Out(Out) {}
  bool TraverseLambdaExpr(LambdaExpr *LE) {
    Out.push_back(LE);
    return true;
  }

private:
  llvm::SmallVectorImpl<const LambdaExpr *> &Out;
};

/// Finds every function the user wrote. Statements are not traversed: the
/// FunctionFacts walker covers bodies (and the lambdas inside them). A
/// lambda outside any body — a default member initializer, a constructor's
/// member initializer, a variable's initializer — is a function of its own,
/// stored to be called later (`std::function<void()> OnMiss = [this] {..}`).
class FunctionFinder : public RecursiveASTVisitor<FunctionFinder> {
  using Base = RecursiveASTVisitor<FunctionFinder>;

public:
  FunctionFinder(Analyzer &A, const SourceManager &SM) : A(A), SM(SM) {}

  bool shouldVisitTemplateInstantiations() const { return false; }
  bool shouldVisitImplicitCode() const { return false; }

  bool TraverseDecl(Decl *D) {
    if (!D)
      return true;
    if (!isa<TranslationUnitDecl>(D)) {
      SourceLocation L = D->getLocation();
      if (L.isValid() && SM.isInSystemHeader(SM.getExpansionLoc(L)))
        return true;
    }
    return Base::TraverseDecl(D);
  }
  bool TraverseStmt(Stmt *) { return true; }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (!FD->doesThisDeclarationHaveABody() || FD->isImplicit() ||
        FD->isTemplateInstantiation() || FD->isDefaulted() ||
        FD->isDeleted())
      return true;
    if (FD->getBody())
      A.addFunction(FD);
    if (const auto *C = dyn_cast<CXXConstructorDecl>(FD))
      for (const CXXCtorInitializer *I : C->inits())
        if (I->isWritten())
          addLambdas(I->getInit());
    return true;
  }

  bool VisitFieldDecl(FieldDecl *FD) {
    addLambdas(FD->getInClassInitializer());
    return true;
  }

  bool VisitVarDecl(VarDecl *VD) {
    // A local's initializer is part of its function's body.
    if (!VD->isLocalVarDeclOrParm())
      addLambdas(VD->getInit());
    return true;
  }

private:
  void addLambdas(const Expr *Init) {
    if (!Init)
      return;
    llvm::SmallVector<const LambdaExpr *, 2> Found;
    OuterLambdas(Found).TraverseStmt(const_cast<Expr *>(Init));
    for (const LambdaExpr *LE : Found)
      A.addStoredLambda(LE);
  }

public:

private:
  Analyzer &A;
  const SourceManager &SM;
};

} // namespace

Analyzer::Analyzer(ASTContext &Ctx, const Config &Cfg)
    : Ctx(Ctx), Cfg(Cfg), Containers(&Cfg),
      Helpers(Containers,
              [this](const FunctionDecl *FD, FunctionFacts &F) {
                FactsContext FC = factsContext();
                buildFacts(FD->getBody(), FD, nullptr, FC, F);
              }),
      Sharing(Cfg, Locks),
      Rules(createRules()), StoreRules(createStoreRules()) {}

Analyzer::~Analyzer() = default;

void Analyzer::addFunction(const FunctionDecl *FD) {
  Queue.push_back(FD);
  Helpers.addCandidate(FD);
}

void Analyzer::addStoredLambda(const LambdaExpr *LE) {
  if (LE->getBody() && LE->getCallOperator())
    StoredLambdas.push_back(LE);
}

std::vector<Finding> Analyzer::run() {
  FunctionFinder Finder(*this, Ctx.getSourceManager());
  Finder.TraverseDecl(Ctx.getTranslationUnitDecl());
  // Two phases: facts of every function first, so that a helper can run
  // with the lock its callers hold; then the rules.
  std::vector<std::pair<const FunctionDecl *, std::unique_ptr<FunctionFacts>>>
      All;
  All.reserve(Queue.size());
  FactsContext FC = factsContext();
  for (const FunctionDecl *FD : Queue) {
    // A helper summarized while a caller was walked has its facts already.
    std::unique_ptr<FunctionFacts> F = Helpers.take(FD);
    if (!F) {
      F = std::make_unique<FunctionFacts>();
      buildFacts(FD->getBody(), FD, nullptr, FC, *F);
      Helpers.noteFacts(FD, *F);
    }
    analyzeLambdas(*F);
    All.emplace_back(FD, std::move(F));
  }
  for (const LambdaExpr *LE : StoredLambdas)
    analyzeBody(LE->getBody(), LE->getCallOperator(), nullptr);
  StoredLambdas.clear();
  evaluateStores(Queue);
  Queue.clear();
  std::vector<HelperSummary> Exported;
  if (WantUnit)
    Exported = Helpers.exported();
  Helpers.clear();
  TUSummary TU(All);
  Summary = &TU;
  if (WantUnit) {
    Unit = TU.unit();
    Unit.Helpers = std::move(Exported);
  }
  for (auto &[FD, F] : All) {
    if (TU.callerHeld(FD)) {
      Section Caller;
      Caller.Id = SectionIds++;
      Caller.MutexId = "caller";
      Caller.MutexSpelling = "the caller's lock";
      Caller.CallerHeld = true;
      for (CheckEvent &C : F->Checks)
        C.Held.push_back(Caller);
      for (ActEvent &A : F->Acts)
        A.Held.push_back(Caller);
    }
    debugDump(*F, FD);
    if (!F->Acts.empty() && !F->Checks.empty())
      evaluate(*F, FD);
  }
  Summary = nullptr;
  std::vector<Finding> Out = std::move(Findings);
  Findings.clear();
  // Below the configured confidence a finding is not reported.
  llvm::erase_if(Out, [&](const Finding &F) {
    return static_cast<unsigned>(F.Conf) <
           static_cast<unsigned>(Cfg.MinConfidence);
  });
  llvm::sort(Out, [](const Finding &A, const Finding &B) {
    return std::make_tuple(A.Check.File, A.Check.Line, A.Check.Column,
                           static_cast<unsigned>(A.Rule), A.Act.Line,
                           A.Act.Column) <
           std::make_tuple(B.Check.File, B.Check.Line, B.Check.Column,
                           static_cast<unsigned>(B.Rule), B.Act.Line,
                           B.Act.Column);
  });
  return Out;
}

void Analyzer::analyzeBody(const Stmt *Body, const FunctionDecl *FD,
                           const LambdaContext *LC) {
  if (!Body)
    return;
  FunctionFacts F;
  FactsContext FC = factsContext();
  buildFacts(Body, FD, LC, FC, F);
  analyzeLambdas(F);
  debugDump(F, FD);
  if (!F.Acts.empty() && !F.Checks.empty())
    evaluate(F, FD);
}

void Analyzer::analyzeLambdas(const FunctionFacts &F) {
  for (const FunctionFacts::NestedLambda &L : F.Lambdas)
    analyzeBody(L.E->getBody(), L.E->getCallOperator(), &L.Context);
}

void buildFacts(const Stmt *Body, const FunctionDecl *FD,
                const LambdaContext *LC, ASTContext &Ctx, Analyzer &A,
                FunctionFacts &Out) {
  assert(&A.context() == &Ctx && "the analyzer belongs to another AST");
  FactsContext FC = A.factsContext();
  buildFacts(Body, FD, LC, FC, Out);
}

void Analyzer::debugDump(const FunctionFacts &F, const FunctionDecl *FD) {
  static const bool Debug = std::getenv("CTA_DEBUG_FACTS") != nullptr;
  if (!Debug)
    return;
  llvm::errs() << "cta facts: "
               << (FD ? stableQualifiedName(FD) : std::string("<lambda>"))
               << "\n";
  F.dump(llvm::errs());
}

namespace {

/// The first of act \p X's guards that tests check \p C: the condition and
/// the branch taken.
std::optional<std::pair<unsigned, bool>>
guardOn(const FunctionFacts &F, const ActEvent &X, const CheckEvent &C) {
  unsigned CI = static_cast<unsigned>(&C - F.Checks.data());
  for (const auto &[CondIdx, Taken] : X.Guards)
    if (llvm::is_contained(F.mentionedChecks(F.Conds[CondIdx]), CI))
      return std::make_pair(CondIdx, Taken);
  return std::nullopt;
}

/// The check's own critical section already acted on what it saw, on the
/// act's path: `if (produced >= cap) return; produced += n;` or a
/// placeholder inserted under the check's lock. A thread that passes the
/// check changes the state before another can test it, so a later act in
/// another section (the rollback, the real value) does not rest on a stale
/// check (docs/split-lock.md, "What is not flagged").
bool reservedUnderCheck(const FunctionFacts &F, const CheckActPair &P) {
  const CheckEvent &C = *P.Nearest;
  if (C.Held.empty())
    return false;
  std::optional<std::pair<unsigned, bool>> Mine = guardOn(F, P.Act, C);
  if (!Mine)
    return false;
  Outcome O = F.outcome(C, F.Conds[Mine->first], Mine->second);
  for (const ActEvent &X : F.Acts) {
    if (&X == &P.Act || X.Index <= C.Index || X.Index >= P.Act.Index ||
        X.T.Obj.Id != P.Act.T.Obj.Id ||
        (X.T.Container == nullptr) != (P.Act.T.Container == nullptr) ||
        !keysCompatible(C.Key, X.Key) || !shareSection(C.Held, X.Held))
      continue;
    // A reservation changes the state the way the check let it: not an add
    // on "present" or a removal on "absent".
    if ((X.R == Role::Add && O == Outcome::Present) ||
        (X.R == Role::Remove && O == Outcome::Absent))
      continue;
    if (guardOn(F, X, C) == Mine)
      return true;
  }
  return false;
}

} // namespace

void Analyzer::evaluate(const FunctionFacts &F, const FunctionDecl *FD) {
  FindingBuilder Builder(Ctx);
  for (const ActEvent &A : F.Acts) {
    if (!A.T.Obj.known())
      continue;
    CheckActPair P(F, A);
    // Whether some candidate guards the act through an ordinary branch,
    // not only through one whose other side ends the program.
    bool OrdinaryGuard = false;
    for (const auto &[CondIdx, Taken] : A.Guards) {
      assert(CondIdx < F.Conds.size() && "a guard names a known condition");
      const Condition &Cond = F.Conds[CondIdx];
      for (unsigned CI : F.mentionedChecks(Cond)) {
        const CheckEvent &C = F.Checks[CI];
        if (C.Index > A.Index || C.T.Obj.Id != A.T.Obj.Id ||
            (C.T.Container == nullptr) != (A.T.Container == nullptr) ||
            !keysCompatible(C.Key, A.Key))
          continue;
        Outcome O = F.outcome(C, Cond, Taken);
        if (A.R == Role::Add && O == Outcome::Present)
          continue;
        if (A.R == Role::Remove && O == Outcome::Absent)
          continue;
        OrdinaryGuard |= !F.isFatalGuard(CondIdx);
        if (!llvm::is_contained(P.Candidates, &C))
          P.Candidates.push_back(&C);
      }
    }
    if (P.Candidates.empty())
      continue;
    // A size test pairs only when nothing better guards the act: next to a
    // membership test it is a bound on the side (Rule::pairsSizeChecks).
    auto IsSize = [](const CheckEvent *C) {
      return C->Result == ResultKind::Size;
    };
    if (!llvm::all_of(P.Candidates, IsSize))
      llvm::erase_if(P.Candidates, IsSize);
    llvm::sort(P.Candidates, [](const CheckEvent *X, const CheckEvent *Y) {
      return X->Index < Y->Index;
    });
    P.Nearest = P.Candidates.back();
    for (const CheckEvent *C : P.Candidates)
      if (shareSection(C->Held, A.Held))
        P.AtomicWith = C;
    if (!A.Held.empty())
      for (const CheckEvent *C : P.Candidates)
        if (C->Held.empty() &&
            (!P.AtomicWith || C->Index < P.AtomicWith->Index)) {
          P.OuterUnlocked = C;
          break;
        }
    // An insertion whose result is used (`auto [it, inserted] =
    // m.try_emplace(k, v)`) handles "another thread inserted first" itself:
    // it is its own re-check.
    if (A.ReportsInsertion && A.ResultUsed)
      continue;
    // Cheap structural tests first; the sharing policy may scan a class.
    if (P.AtomicWith && !P.OuterUnlocked)
      continue;
    if (!P.AtomicWith && reservedUnderCheck(F, P))
      continue;
    // While a constructor or destructor runs, `this` belongs to one thread;
    // so it does in a function that asserts it runs on its owner's thread.
    // So it does in a private helper only constructors call.
    if (A.T.Obj.RootIsThis &&
        ((FD && (isa<CXXConstructorDecl>(FD) || isa<CXXDestructorDecl>(FD))) ||
         F.ThreadConfined || (FD && Summary && Summary->initOnly(FD))))
      continue;
    SharingEvidence Kind;
    P.SharedBecause = Sharing.sharedBecause(A.T.Obj, F, &Kind);
    if (P.SharedBecause.empty())
      continue;
    P.Function = FD;
    for (const std::unique_ptr<Rule> &R : Rules) {
      if (!Cfg.isRuleEnabled(R->id()) ||
          (P.Nearest->Result == ResultKind::Size && !R->pairsSizeChecks()))
        continue;
      std::optional<Finding> Fd = R->match(P, Builder);
      if (!Fd)
        continue;
      assess(P, Kind, !OrdinaryGuard, *Fd);
      if (WantUnit)
        Fd->Pending = callerQuestion(P);
      const CheckEvent *Site = P.AtomicWith ? P.OuterUnlocked : P.Nearest;
      const void *Key = Site->E ? static_cast<const void *>(Site->E)
                                : static_cast<const void *>(Site->S);
      if (Reported.insert({Key, static_cast<unsigned>(R->id())}).second)
        Findings.push_back(std::move(*Fd));
      break;
    }
  }
}

void Analyzer::evaluateStores(llvm::ArrayRef<const FunctionDecl *> Functions) {
  StoreWrappers Wrappers(Ctx, Functions);
  FindingBuilder Builder(Ctx);
  for (const FunctionDecl *FD : Functions) {
    StoreFacts SF = buildStoreFacts(FD->getBody(), FD, Ctx, Wrappers);
    if (SF.Ops.size() < 2)
      continue;
    for (const StorePair &P : storePairs(SF, FD, Cfg.Schema.get())) {
      for (const std::unique_ptr<StoreRule> &R : StoreRules) {
        if (!Cfg.isRuleEnabled(R->id()))
          continue;
        std::optional<Finding> Fd = R->match(P, Builder);
        if (!Fd)
          continue;
        // docs/concepts.md, "Confidence": a store is shared by nature.
        Fd->Evidence.insert(Fd->Evidence.begin(),
                            "shared: " + Fd->SharedBecause);
        Fd->Evidence.push_back("locks seen: a lock inside one process does "
                               "not order the commands of another");
        if (Reported.insert({P.Check.Call, static_cast<unsigned>(R->id())})
                .second)
          Findings.push_back(std::move(*Fd));
        break;
      }
    }
  }
}

void Analyzer::assess(const CheckActPair &P, SharingEvidence Kind,
                      bool FatalOnly, Finding &Fd) {
  // docs/concepts.md, "Confidence": the sharing evidence sets the level,
  // locks seen on the object raise intent to high, a protocol the code
  // states (a fatal branch, a dedicated thread) lowers it.
  Confidence C = Kind == SharingEvidence::Direct   ? Confidence::High
                 : Kind == SharingEvidence::Intent ? Confidence::Medium
                                                   : Confidence::Low;
  Fd.Evidence.push_back("shared: " + P.SharedBecause);
  // An atomic member says the class is used concurrently; this function
  // using one says it is among the code that is.
  if (Kind == SharingEvidence::AtomicOnly && P.Function &&
      SharedState::usesAtomicMember(P.Function->getBody())) {
    C = Confidence::Medium;
    Fd.Evidence.push_back("the function itself uses an atomic member");
  }
  const CheckEvent *Check = P.AtomicWith ? P.OuterUnlocked : P.Nearest;
  bool LocksSeen = !P.Act.Held.empty() || (Check && !Check->Held.empty());
  if (LocksSeen) {
    Fd.Evidence.push_back("locks seen: the object is locked at the " +
                          std::string(P.Act.Held.empty() ? "check" : "act"));
    if (C == Confidence::Medium)
      C = Confidence::High;
  } else {
    Fd.Evidence.push_back("locks seen: none at the check or the act");
  }
  const clang::FunctionDecl *FD = P.Function;
  if (Summary && FD) {
    TUSummary::CallerCount N = Summary->callers(FD);
    Fd.Evidence.push_back(
        N.Total == 0
            ? std::string("callers: none in this translation unit")
            : "callers: " + std::to_string(N.Total) +
                  " call site(s) in this translation unit, " +
                  std::to_string(N.Locked) + " under a lock");
  } else {
    Fd.Evidence.push_back("callers: not summarized");
  }
  if (FatalOnly) {
    Fd.Evidence.push_back("protocol: the check's other branch ends the "
                          "program (an assert or fatal log states a single "
                          "caller)");
    C = Confidence::Low;
  }
  // Members of an object whose code here runs on one thread: handed to
  // its event loop, or called only from code that asserts it runs there.
  if (Summary && FD && P.Act.T.Obj.RootIsThis)
    if (const std::string &Why = Summary->affinity(FD); !Why.empty()) {
      Fd.Evidence.push_back("runs on one thread: " + Why);
      C = Confidence::Low;
    }
  // A member of `this`, or a variable only this file names (`static`).
  const clang::ValueDecl *Confinable =
      P.Act.T.Obj.RootIsThis && !P.Act.T.Obj.Fields.empty()
          ? static_cast<const clang::ValueDecl *>(P.Act.T.Obj.Fields.front())
      : P.Act.T.Obj.RootVar && P.Act.T.Obj.Fields.empty()
          ? P.Act.T.Obj.RootVar
          : nullptr;
  if (Summary && Confinable)
    if (const clang::FunctionDecl *Entry = Summary->confinedTo(Confinable)) {
      Fd.Evidence.push_back("confinement: '" + Confinable->getNameAsString() +
                            "' is touched only by the thread running '" +
                            stableQualifiedName(Entry) + "'");
      C = Confidence::Low;
    }
  // The one thread that removes from a member: two takers never meet.
  if (Summary && FD && P.Act.R == Role::Remove && P.Act.T.Obj.RootIsThis &&
      !P.Act.T.Obj.Fields.empty())
    if (const auto *M = dyn_cast<FieldDecl>(P.Act.T.Obj.Fields.front()))
      if (const clang::FunctionDecl *Entry = Summary->soleTaker(M, FD)) {
        Fd.Evidence.push_back("one taker: only the thread running '" +
                              stableQualifiedName(Entry) +
                              "' removes from '" + M->getNameAsString() + "'");
        C = Confidence::Low;
      }
  // The one thread that writes a field: nobody else changes it between
  // its check and its act.
  if (Summary && FD && P.Act.R != Role::Remove && !P.Act.T.Obj.Fields.empty())
    if (const clang::FunctionDecl *Entry =
            Summary->soleWriter(P.Act.T.Obj.Fields.back(), FD)) {
      Fd.Evidence.push_back("one writer: only the thread running '" +
                            stableQualifiedName(Entry) + "' writes '" +
                            P.Act.T.Obj.Fields.back()->getNameAsString() +
                            "' (besides objects it has not shared yet)");
      C = Confidence::Low;
    }
  Fd.Conf = C;
}

std::optional<CallerQuestion>
Analyzer::callerQuestion(const CheckActPair &P) const {
  // An internal function has all its call sites here, but whether its
  // callers hold a lock or run once is known only across the database
  // (a static helper of a function a pthread_once body in another TU
  // calls). Lambdas are called where they are made.
  const FunctionDecl *FD = P.Function;
  if (!FD || !Summary ||
      isa<CXXConstructorDecl>(FD) || isa<CXXDestructorDecl>(FD))
    return std::nullopt;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD); MD && MD->getParent()->isLambda())
    return std::nullopt;
  CallerQuestion Q;
  Q.FunctionUSR = usrOf(FD);
  if (Q.FunctionUSR.empty())
    return std::nullopt;
  Q.OnThis = P.Act.T.Obj.RootIsThis;
  // A member of `this` is covered by the mutexes of its class.
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD); MD && Q.OnThis)
    for (const FieldDecl *M : MD->getParent()->fields())
      if (Locks.isMutexType(M->getType()))
        Q.Locks.push_back(stableQualifiedName(M));
  return Q;
}

//===----------------------------------------------------------------------===//
// Suppressions
//===----------------------------------------------------------------------===//

namespace {

llvm::StringRef lineAt(const SourceManager &SM, SourceLocation Loc, int Delta) {
  if (Loc.isInvalid())
    return {};
  auto [FID, Offset] = SM.getDecomposedExpansionLoc(Loc);
  bool Invalid = false;
  llvm::StringRef Buf = SM.getBufferData(FID, &Invalid);
  if (Invalid || Offset > Buf.size())
    return {};
  size_t Begin = Buf.rfind('\n', Offset == 0 ? 0 : Offset - 1);
  Begin = Begin == llvm::StringRef::npos ? 0 : Begin + 1;
  if (Offset == 0)
    Begin = 0;
  if (Delta < 0) {
    if (Begin == 0)
      return {};
    size_t PrevEnd = Begin - 1;
    size_t PrevBegin = Buf.rfind('\n', PrevEnd == 0 ? 0 : PrevEnd - 1);
    PrevBegin = PrevBegin == llvm::StringRef::npos || PrevEnd == 0
                    ? 0
                    : PrevBegin + 1;
    return Buf.slice(PrevBegin, PrevEnd);
  }
  size_t End = Buf.find('\n', Offset);
  return Buf.slice(Begin, End == llvm::StringRef::npos ? Buf.size() : End);
}

/// `NOLINT`, `NOLINT(cta-x, ...)`, `NOLINT(cta-*)`, and the NEXTLINE form.
bool nolintCovers(llvm::StringRef Line, llvm::StringRef Marker, RuleId R) {
  size_t Pos = Line.find(Marker);
  while (Pos != llvm::StringRef::npos) {
    llvm::StringRef Rest = Line.drop_front(Pos + Marker.size());
    // NOLINT must not match the prefix of NOLINTNEXTLINE.
    if (Marker == "NOLINT" && Rest.starts_with("NEXTLINE")) {
      Pos = Line.find(Marker, Pos + Marker.size());
      continue;
    }
    if (!Rest.starts_with("("))
      return true;
    llvm::StringRef List = Rest.drop_front().split(')').first;
    llvm::SmallVector<llvm::StringRef, 4> Names;
    List.split(Names, ',');
    for (llvm::StringRef N : Names) {
      N = N.trim();
      if (N == "*" || N == "cta-*" || N == ruleName(R))
        return true;
    }
    Pos = Line.find(Marker, Pos + Marker.size());
  }
  return false;
}

bool ignoreCovers(llvm::StringRef Line, RuleId R) {
  size_t Pos = Line.find("cta:ignore");
  if (Pos == llvm::StringRef::npos)
    return false;
  llvm::StringRef Rest = Line.drop_front(Pos + 10).ltrim();
  llvm::StringRef Name = Rest.take_until([](char C) { return C == ' ' || C == '\t'; });
  return Name == ruleName(R) || Name == ruleName(R).drop_front(4) ||
         Name == "*";
}

bool suppressedAt(const SourceManager &SM, SourceLocation Loc, RuleId R) {
  llvm::StringRef Line = lineAt(SM, Loc, 0);
  llvm::StringRef Prev = lineAt(SM, Loc, -1);
  return nolintCovers(Line, "NOLINT", R) ||
         nolintCovers(Prev, "NOLINTNEXTLINE", R) || ignoreCovers(Line, R) ||
         (ignoreCovers(Prev, R) && Prev.trim().starts_with("//"));
}

} // namespace

void dropSuppressed(std::vector<Finding> &Findings, const SourceManager &SM) {
  llvm::erase_if(Findings, [&](const Finding &F) {
    return suppressedAt(SM, F.Check.Loc, F.Rule) ||
           suppressedAt(SM, F.Act.Loc, F.Rule);
  });
}

} // namespace cta
