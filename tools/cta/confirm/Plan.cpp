//===- Plan.cpp - Plan the confirmation of one finding --------------------===//
//
/// \file
/// planHarness re-parses the finding's translation unit with its own flags,
/// finds the function, rebuilds its FunctionFacts with the same walker and
/// the same Config the static analysis uses, and hands them to the three
/// rooms of the plan: the instrumentation (Instrument.cpp), the values the
/// driver calls the function with (Values.cpp) and the generated harness and
/// regression test (Harness.cpp).
//
//===----------------------------------------------------------------------===//

#include "Plan.h"
#include "Analyzer.h"
#include "ContainerModel.h"
#include "Frontend.h"
#include "FunctionFacts.h"
#include "Harness.h"
#include "Instrument.h"
#include "StorePlan.h"
#include "Support.h"
#include "Values.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Index/USRGeneration.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <fmt/format.h>
#include <optional>

using namespace clang;

namespace cta {
namespace {

/// The compile command's arguments without the compiler and the input
/// file; Build decides which of the rest a harness build keeps.
std::vector<std::string> reusableArgs(const tooling::CompileCommand &Cmd) {
  std::vector<std::string> Out;
  const std::vector<std::string> &A = Cmd.CommandLine;
  llvm::StringRef Input = llvm::sys::path::filename(Cmd.Filename);
  for (size_t I = 1; I < A.size(); ++I) {
    llvm::StringRef S = A[I];
    if (S == "--" ||
        (!S.starts_with("-") &&
         (S == Cmd.Filename || llvm::sys::path::filename(S) == Input)))
      continue;
    Out.push_back(S.str());
  }
  return Out;
}

/// The path of \p Path (relative to \p Dir) with symbolic links and dots
/// resolved, to compare files however the compiler and the finding spelled
/// them.
std::string realPathOf(llvm::StringRef Dir, llvm::StringRef Path) {
  std::string Abs = absolutePath(Path, Dir);
  llvm::SmallString<256> Real;
  if (llvm::sys::fs::real_path(Abs, Real))
    return Abs;
  return std::string(Real.str());
}

/// Finds the target function among the definitions of the main file, or of
/// the header that defines it (\p DefinitionFile, when that is not the main
/// file). A template (a function template, a member of a class template, a
/// member template) is found as an instantiation the TU makes of it: its
/// body has the types a harness can call it with, and its sites are the
/// template's.
class TargetFinder : public RecursiveASTVisitor<TargetFinder> {
public:
  TargetFinder(const SourceManager &SM, const Finding &F,
               llvm::StringRef DefinitionFile, llvm::StringRef Directory)
      : SM(SM), F(F), Directory(Directory),
        DefinitionFile(realPathOf(Directory, DefinitionFile)) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool TraverseStmt(Stmt *) { return true; }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (FD->isMain() && FD->hasBody())
      HasMain = true;
    if ((Found && !Found->isDependentContext()) ||
        !FD->doesThisDeclarationHaveABody() ||
        !inDefinitionFile(SM.getExpansionLoc(FD->getLocation())))
      return true;
    // An instantiation is named as its template is.
    const FunctionDecl *Named = FD;
    if (const FunctionDecl *P = FD->getTemplateInstantiationPattern())
      Named = P;
    if (!matches(Named))
      return true;
    if (Found && FD->isDependentContext())
      return true;
    if (FD->isTemplateInstantiation() &&
        FD->getTemplateSpecializationKind() ==
            TSK_ExplicitInstantiationDeclaration)
      return true;
    Found = FD;
    return true;
  }

  bool matches(const FunctionDecl *FD) const {
    if (!F.Function.USR.empty()) {
      llvm::SmallString<128> USR;
      return !index::generateUSRForDecl(FD, USR) && USR == F.Function.USR;
    }
    llvm::StringRef Want = F.Function.QualifiedName;
    Want.consume_front("::");
    return stableQualifiedName(FD) == Want ||
           FD->getQualifiedNameAsString() == Want;
  }

  FunctionDecl *Found = nullptr;
  bool HasMain = false;

private:
  bool inDefinitionFile(SourceLocation Loc) {
    FileID FID = SM.getFileID(Loc);
    if (FID == SM.getMainFileID())
      return true;
    auto [It, New] = InDefinition.try_emplace(FID, false);
    if (New)
      if (OptionalFileEntryRef FE = SM.getFileEntryRefForID(FID))
        It->second = realPathOf(Directory, FE->getName()) == DefinitionFile;
    return It->second;
  }

  const SourceManager &SM;
  const Finding &F;
  std::string Directory;
  std::string DefinitionFile;
  llvm::DenseMap<FileID, bool> InDefinition;
};

/// The callable a lambda becomes, outside the wrappers that carry it there
/// (`std::function`'s converting constructor, temporaries, casts).
const LambdaExpr *asLambda(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 4; ++Depth) {
    E = E->IgnoreUnlessSpelledInSource();
    if (const auto *LE = dyn_cast<LambdaExpr>(E))
      return LE;
    // `Member([this] { ... })` in a constructor's initializer list.
    const auto *CE = dyn_cast<CXXConstructExpr>(E);
    if (!CE || CE->getNumArgs() != 1)
      return nullptr;
    E = CE->getArg(0);
  }
  return nullptr;
}

/// Finds the lambda of a finding (by where it is written) and where it is
/// kept: a data member of a class (its default member initializer, a
/// constructor's member initializer, an assignment in a constructor's body)
/// or a variable. A lambda kept so is driven like a method: the harness
/// builds the instance and calls the member from every thread.
class StoredLambdaFinder : public RecursiveASTVisitor<StoredLambdaFinder> {
public:
  StoredLambdaFinder(const SourceManager &SM, const Finding &F,
                     llvm::StringRef Directory)
      : SM(SM), F(F), Directory(Directory),
        WantFile(realPathOf(Directory, F.Function.Location.File)) {}

  bool VisitLambdaExpr(LambdaExpr *LE) {
    const Site &Want = F.Function.Location;
    SourceLocation L = SM.getExpansionLoc(LE->getBeginLoc());
    if (!Found && F.Function.IsLambda &&
        SM.getExpansionLineNumber(L) == Want.Line &&
        SM.getExpansionColumnNumber(L) == Want.Column &&
        realPathOf(Directory, SM.getFilename(L)) == WantFile)
      Found = LE;
    return true;
  }
  bool VisitFieldDecl(FieldDecl *FD) {
    keep(FD->getInClassInitializer(), FD, nullptr);
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) {
    if (!VD->isLocalVarDeclOrParm())
      keep(VD->getInit(), VD, nullptr);
    return true;
  }
  bool VisitCXXConstructorDecl(CXXConstructorDecl *C) {
    for (const CXXCtorInitializer *I : C->inits())
      if (I->isWritten() && I->getMember())
        keep(I->getInit(), I->getMember(), nullptr);
    return true;
  }
  /// `cb_ = [this] { ... };` in a method of the class.
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *CE) {
    if (CE->getOperator() != OO_Equal || CE->getNumArgs() != 2 || !Method)
      return true;
    const auto *ME = dyn_cast<MemberExpr>(CE->getArg(0)->IgnoreParenImpCasts());
    if (ME && isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
      keep(CE->getArg(1), ME->getMemberDecl(), Method);
    return true;
  }
  bool TraverseCXXMethodDecl(CXXMethodDecl *MD) {
    return withMethod(MD, [&] { return Base::TraverseCXXMethodDecl(MD); });
  }
  bool TraverseCXXConstructorDecl(CXXConstructorDecl *C) {
    return withMethod(C, [&] { return Base::TraverseCXXConstructorDecl(C); });
  }

  struct Keeper {
    const ValueDecl *Holder = nullptr;
    /// The method whose body stores it, or null for an initializer.
    const CXXMethodDecl *StoredBy = nullptr;
  };

  /// Makes the lambda kept in the member or variable named \p Name the one
  /// found.
  /// found: the last one stored there, as a constructor's initializer or
  /// body overrides the default member initializer.
  void findKeptIn(llvm::StringRef Name) {
    Name.consume_front("::");
    for (auto &[LE, K] : Kept)
      if (stableQualifiedName(K.Holder) == Name)
        Found = LE;
  }
  const Keeper *keeperOf(const LambdaExpr *LE) const {
    for (auto &[L, K] : Kept)
      if (L == LE)
        return &K;
    return nullptr;
  }

  const LambdaExpr *Found = nullptr;

private:
  using Base = RecursiveASTVisitor<StoredLambdaFinder>;
  template <class Fn> bool withMethod(const CXXMethodDecl *MD, Fn Traverse) {
    const CXXMethodDecl *Outer = Method;
    Method = MD;
    bool R = Traverse();
    Method = Outer;
    return R;
  }
  void keep(const Expr *Init, const ValueDecl *Holder,
            const CXXMethodDecl *By) {
    if (const LambdaExpr *LE = asLambda(Init))
      Kept.push_back({LE, Keeper{Holder, By}});
  }

  /// In the order of the translation unit.
  std::vector<std::pair<const LambdaExpr *, Keeper>> Kept;

  const SourceManager &SM;
  const Finding &F;
  std::string Directory, WantFile;
  const CXXMethodDecl *Method = nullptr;
};

class Planner {
public:
  Planner(ASTContext &Ctx, const Finding &F, const PlanOptions &Opts,
          HarnessPlan &Plan)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), F(F), Opts(Opts), Plan(Plan) {}

  void run() {
    TargetFinder Finder(SM, F, Plan.DefinitionFile, Plan.Directory);
    Finder.TraverseDecl(Ctx.getTranslationUnitDecl());
    HasMain = Finder.HasMain;
    const FunctionDecl *FD = Finder.Found;
    const ValueDecl *Holder = nullptr;
    const FunctionDecl *StoredBy = nullptr;
    // The function whose checks and acts are instrumented: FD, or the body
    // of a lambda the driven FD hands to a pool.
    const FunctionDecl *Body = nullptr;
    const CallExpr *HandOff = nullptr;
    const Expr *Lambda = nullptr;
    // A lambda of a finding, or a member or variable named with --function
    // that keeps one.
    if (F.Function.IsLambda || (!FD && !F.Function.QualifiedName.empty())) {
      StoredLambdaFinder Lambdas(SM, F, Plan.Directory);
      Lambdas.TraverseDecl(Ctx.getTranslationUnitDecl());
      if (!F.Function.IsLambda)
        Lambdas.findKeptIn(F.Function.QualifiedName);
      if (!Lambdas.Found && !F.Function.IsLambda) {
        Plan.SkipReason =
            fmt::format("function '{}' is not defined in '{}'",
                        F.Function.QualifiedName, Plan.DefinitionFile);
        return;
      }
      if (!Lambdas.Found) {
        Plan.SkipReason = fmt::format(
            "the lambda at {}:{} is not in '{}'", F.Function.Location.File,
            F.Function.Location.Line, Plan.DefinitionFile);
        return;
      }
      Plan.TargetFound = true;
      const StoredLambdaFinder::Keeper *K = Lambdas.keeperOf(Lambdas.Found);
      if (!K) {
        // `pool_.submit([this] {...})`: the method that hands it is driven,
        // the lambda's body instrumented.
        HandOff = handOffOf(Lambdas.Found);
        if (!HandOff) {
          Plan.SkipReason = "the lambda is called where it is made, not kept "
                            "in a member or a variable; confirm the function "
                            "that calls it with --function";
          return;
        }
        Body = Lambdas.Found->getCallOperator();
        Lambda = Lambdas.Found;
        FD = drivenThroughHandOff(Lambdas.Found, HandOff);
        if (!FD)
          return;
      } else {
        Holder = K->Holder;
        std::string Kept = stableQualifiedName(Holder);
        // A method that stores it (`void install() { cb_ = [this] {..}; }`)
        // is called once, single-threaded, on the fresh instance before the
        // race, as a method that prepares the state is.
        if (const CXXMethodDecl *By = K->StoredBy;
            By && !isa<CXXConstructorDecl>(By)) {
          std::string Why = By->getAccess() != AS_public ? "it is not public"
                            : !preparable(Ctx, By)
                                ? "its parameters cannot all be made by value"
                                : "";
          if (!Why.empty()) {
            Plan.SkipReason = fmt::format(
                "the lambda is stored in '{}' by '{}', which the harness "
                "cannot call ({}); confirm '{}' with --function, or store it "
                "in a constructor",
                Kept, stableQualifiedName(By), Why, stableQualifiedName(By));
            return;
          }
          StoredBy = By;
        }
        FD = Lambdas.Found->getCallOperator();
        Plan.TargetName = "lambda in " + Kept;
      }
    }
    if (!FD) {
      Plan.SkipReason =
          fmt::format("function '{}' is not defined in '{}'",
                      F.Function.QualifiedName, Plan.DefinitionFile);
      return;
    }
    Plan.TargetFound = true;
    Plan.DefinitionLine = SM.getExpansionLineNumber(FD->getLocation());
    FileID Definition = SM.getFileID(SM.getExpansionLoc(FD->getLocation()));
    if (Definition != SM.getMainFileID())
      if (OptionalFileEntryRef FE = SM.getFileEntryRefForID(Definition))
        Plan.DefinitionFile = absolutePath(FE->getName(), Plan.Directory);
    if (!Holder)
      Plan.TargetName = FD->getQualifiedNameAsString();
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD);
        !Holder && MD && MD->getParent()->isLambda()) {
      Plan.SkipReason = "the function is a lambda; confirm the function that "
                        "calls it with --function";
      return;
    }
    if (FD->isDependentContext()) {
      Plan.SkipReason = fmt::format(
          "'{}' is a template the translation unit never instantiates; it "
          "cannot be driven without template arguments",
          Plan.TargetName);
      return;
    }
    // A finding names its own check and act; --function has only a name.
    bool IsFinding = F.Check.Line && F.Act.Line;
    // A store's check-then-act races across processes (StorePlan.h).
    bool StoreRule = F.Rule == RuleId::RedisCheckThenAct ||
                     F.Rule == RuleId::SqlCheckThenAct;
    if ((StoreRule || !IsFinding) &&
        planStore(Ctx, FD, IsFinding ? &F : nullptr, Opts, HasMain, Plan))
      return;
    if (StoreRule) {
      Plan.SkipReason =
          fmt::format("'{}' sends no command to a store here", Plan.TargetName);
      return;
    }
    Analyzer A(Ctx, Opts.Cfg);
    // --function on a method that hands a lambda to a pool: what it runs
    // is the lambda's body.
    if (!IsFinding && !Body && !Holder)
      if (const LambdaExpr *LE = pooledLambdaIn(FD->getBody(), A)) {
        Body = LE->getCallOperator();
        Lambda = LE;
        HandOff = handOffOf(LE);
        if (!drivenThroughHandOff(LE, HandOff))
          return;
      }
    if (!Body)
      Body = FD;
    buildFacts(Body->getBody(), Body, nullptr, Ctx, A, Facts);
    SizeBound Bound;
    instrumentFunction(Ctx, Facts, IsFinding ? &F : nullptr, Definition, Plan,
                       Bound, HandOff,
                       HandOff ? cast<LambdaExpr>(Lambda) : nullptr);
    if (!Plan.SkipReason.empty())
      return;
    // The function acts when a site of the plan is an act: a pointer,
    // reference or shared_ptr it returns is then a get-or-create's object.
    bool Acts =
        !Facts.Acts.empty() ||
        llvm::any_of(Plan.Sites, [](const SiteInfo &S) { return !S.IsCheck; });
    const FunctionDecl *Prep =
        Holder ? StoredBy : preparingMethod(FD, A, Bound.Object);
    FillSpec Fill;
    if (Bound.Bound) {
      // Two threads overfill a bounded container only when it is one short
      // of its bound: the harness fills it there first.
      if (Holder || !Prep) {
        Plan.SkipReason = fmt::format(
            "the check at {} tests a size bound, and no public method of the "
            "class adds to the container with arguments the harness can make: "
            "confirm cannot fill it to one below its bound before the race",
            Bound.Where);
        return;
      }
      Fill.Bound = Bound.Bound;
      Fill.Extra = Bound.Extra;
      Fill.Where = Bound.Where;
    }
    DriverSpec D =
        driverFor(Ctx, FD, Acts, Opts.FixtureFiles, Prep, Holder, Fill);
    if (!D.SkipReason.empty()) {
      Plan.SkipReason = D.SkipReason;
      return;
    }
    Plan.Prepared = D.Prepared;
    Plan.Inv =
        D.ResultExpr.empty() ? Invariant::NoDataRace : Invariant::SameObject;
    Plan.HarnessSource = harnessSource(Plan, D, HasMain, Opts.FixtureFiles);
    Plan.RegressionTestSource =
        regressionTestSource(Plan, D, F.Rule, HasMain, Opts.FixtureFiles);
  }

private:
  /// The call \p LE is an argument of (`pool_.submit([this] {...})`),
  /// through the conversions that make a std::function of it; or null.
  const CallExpr *handOffOf(const LambdaExpr *LE) const {
    const Expr *E = LE;
    for (int Depth = 0; Depth < 8; ++Depth) {
      DynTypedNodeList Parents = Ctx.getParents(*E);
      if (Parents.size() != 1)
        return nullptr;
      if (const auto *CE = Parents[0].get<CallExpr>())
        return llvm::is_contained(CE->arguments(), E) ? CE : nullptr;
      const auto *P = Parents[0].get<Expr>();
      if (!P ||
          !isa<ImplicitCastExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr,
               CXXConstructExpr, ExprWithCleanups, CXXFunctionalCastExpr>(P))
        return nullptr;
      E = P;
    }
    return nullptr;
  }

  /// The first lambda that \p S hands to a thread spawner, or null.
  const LambdaExpr *pooledLambdaIn(const Stmt *S, const Analyzer &A) const {
    if (!S)
      return nullptr;
    if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
      const CallExpr *CE = handOffOf(LE);
      const FunctionDecl *Callee = CE ? CE->getDirectCallee() : nullptr;
      return Callee &&
                     A.containers().isThreadSpawner(stableQualifiedName(Callee))
                 ? LE
                 : nullptr;
    }
    for (const Stmt *C : S->children())
      if (const LambdaExpr *LE = pooledLambdaIn(C, A))
        return LE;
    return nullptr;
  }

  /// The method that hands \p LE to \p CE, to drive instead of the lambda
  /// (docs/cli.md, "Driving a function"); null with Plan.SkipReason set
  /// when the call does not run tasks concurrently or cannot be replaced.
  const FunctionDecl *drivenThroughHandOff(const LambdaExpr *LE,
                                           const CallExpr *CE) {
    const FunctionDecl *Callee = CE->getDirectCallee();
    std::string Via = Callee ? stableQualifiedName(Callee) : "a call";
    const auto *Encl =
        dyn_cast<FunctionDecl>(LE->getLambdaClass()->getDeclContext());
    std::string In = Encl ? stableQualifiedName(Encl) : "its function";
    Analyzer A(Ctx, Opts.Cfg);
    const ContainerModel &CM = A.containers();
    auto Skip = [&](const std::string &Why) {
      Plan.SkipReason =
          fmt::format("the lambda is handed to '{}' in '{}': {}", Via, In, Why);
      return nullptr;
    };
    if (CM.isLoopRunFunction(dyn_cast_or_null<CXXMethodDecl>(Callee)))
      return Skip("an event loop runs it on its one thread, one task at a "
                  "time, so calls from several threads only queue it and no "
                  "two runs of it overlap; a race on its state needs a "
                  "thread off the loop, which the harness cannot tell");
    if (!Callee || !CM.isThreadSpawner(Via))
      return Skip("confirm does not know how it runs tasks; name it under "
                  "thread-spawners in the configuration when it runs them "
                  "concurrently (a pool), or under loop-run-functions when it "
                  "runs them one at a time on one thread");
    const auto *EnclMethod = dyn_cast_or_null<CXXMethodDecl>(Encl);
    if (!Encl || (EnclMethod && EnclMethod->getParent()->isLambda()))
      return Skip("it is made inside another lambda; confirm the function "
                  "that runs that one with --function");
    if (LE->getCallOperator()->getNumParams())
      return Skip("the lambda takes parameters the pool passes");
    const Stmt *Use = CE;
    for (DynTypedNodeList Ps = Ctx.getParents(*Use);
         Ps.size() == 1 && Ps[0].get<ExprWithCleanups>();
         Ps = Ctx.getParents(*Use))
      Use = Ps[0].get<ExprWithCleanups>();
    DynTypedNodeList Ps = Ctx.getParents(*Use);
    if (Ps.size() != 1 || !Ps[0].get<CompoundStmt>())
      return Skip("its result is used, and the harness runs the task in the "
                  "calling thread instead");
    for (const Expr *Arg : CE->arguments())
      if (!SM.isPointWithin(LE->getBeginLoc(), Arg->getBeginLoc(),
                            Arg->getEndLoc()) &&
          Arg->HasSideEffects(Ctx))
        return Skip("another argument has side effects the harness would "
                    "drop");
    Plan.Driven = fmt::format("'{}' is called from every thread; the lambda "
                              "it hands to '{}' runs in the calling thread, "
                              "as the pool's workers run tasks concurrently",
                              In, Via);
    return Encl;
  }

  /// Acts that need the state present before the race: a removal, a
  /// decrement. Their objects, by identity.
  llvm::StringSet<> objectsNeedingState(llvm::StringRef Bounded) const {
    llvm::StringSet<> Out;
    if (!Bounded.empty())
      Out.insert(Bounded);
    for (const ActEvent &A : Facts.Acts)
      if (removes(A))
        Out.insert(A.T.Obj.Id);
    return Out;
  }

  /// A public method of the target's class that adds to an object the
  /// target removes from (docs/confirm.md, state before the race): called
  /// once, single-threaded, before the race. The first one whose arguments
  /// can be made, in declaration order. A container under a size bound
  /// (\p Bounded) is filled by the target itself when no other method adds
  /// to it: one call at a time, it stays under the bound.
  const FunctionDecl *preparingMethod(const FunctionDecl *FD, Analyzer &A,
                                      llvm::StringRef Bounded) {
    const auto *MD = dyn_cast<CXXMethodDecl>(FD);
    if (!MD || MD->isStatic())
      return nullptr;
    llvm::StringSet<> Needed = objectsNeedingState(Bounded);
    if (Needed.empty())
      return nullptr;
    const FunctionDecl *Self = nullptr;
    for (const CXXMethodDecl *M : MD->getParent()->methods()) {
      const FunctionDecl *Def = nullptr;
      if (M == MD && !Bounded.empty() && M->getAccess() == AS_public &&
          preparable(Ctx, M))
        Self = M;
      if (M == MD || M->isStatic() || M->getAccess() != AS_public ||
          isa<CXXConstructorDecl>(M) || isa<CXXDestructorDecl>(M) ||
          M->isOverloadedOperator() || !M->hasBody(Def) || !preparable(Ctx, M))
        continue;
      FunctionFacts Other;
      buildFacts(Def->getBody(), Def, nullptr, Ctx, A, Other);
      for (const ActEvent &Act : Other.Acts) {
        llvm::StringRef Api = Act.Api;
        bool Adds = Act.T.State == StateKind::None
                        ? Act.R == Role::Add
                        : Api == "fetch_add" || Api == "operator++" ||
                              Api == "operator+=" || Api == "store";
        if (Adds && Needed.count(Act.T.Obj.Id))
          return M;
      }
    }
    return Self;
  }

  ASTContext &Ctx;
  const SourceManager &SM;
  const Finding &F;
  const PlanOptions &Opts;
  HarnessPlan &Plan;
  FunctionFacts Facts;
  bool HasMain = false;
};
class PlanConsumer : public ASTConsumer {
public:
  PlanConsumer(CompilerInstance &CI, const Finding &F, const PlanOptions &Opts,
               HarnessPlan &Plan, bool &Ran)
      : CI(CI), F(F), Opts(Opts), Plan(Plan), Ran(Ran) {}
  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (CI.getDiagnostics().hasErrorOccurred())
      return;
    Ran = true;
    Planner(Ctx, F, Opts, Plan).run();
  }

private:
  CompilerInstance &CI;
  const Finding &F;
  const PlanOptions &Opts;
  HarnessPlan &Plan;
  bool &Ran;
};

class PlanAction : public ASTFrontendAction {
public:
  PlanAction(const Finding &F, const PlanOptions &Opts, HarnessPlan &Plan,
             bool &Ran)
      : F(F), Opts(Opts), Plan(Plan), Ran(Ran) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    return std::make_unique<PlanConsumer>(CI, F, Opts, Plan, Ran);
  }

private:
  const Finding &F;
  const PlanOptions &Opts;
  HarnessPlan &Plan;
  bool &Ran;
};

} // namespace

Finding functionTarget(llvm::StringRef QualifiedName, llvm::StringRef File) {
  Finding F;
  F.Function.QualifiedName = QualifiedName.str();
  F.Function.Location.File = absolutePath(File);
  F.Check.File = F.Function.Location.File;
  return F;
}

namespace {

/// Does \p Text have an `#include` of a file named \p Name?
bool includesFileNamed(llvm::StringRef Text, llvm::StringRef Name) {
  for (size_t At = Text.find(Name); At != llvm::StringRef::npos;
       At = Text.find(Name, At + 1)) {
    char Before = At ? Text[At - 1] : '\n';
    char After = At + Name.size() < Text.size() ? Text[At + Name.size()] : 0;
    if (!(Before == '"' || Before == '<' || Before == '/') ||
        !(After == '"' || After == '>'))
      continue;
    llvm::StringRef Line = Text.substr(0, At);
    Line = Line.substr(Line.rfind('\n') + 1).ltrim(" \t");
    if (Line.consume_front("#") && Line.ltrim(" \t").starts_with("include"))
      return true;
  }
  return false;
}

/// How many translation units a header's function is looked for in.
constexpr size_t MaxIncluders = 8;

/// The translation units of \p DB that may define \p F's function through
/// the header \p Header, best first: the source of the same name beside
/// it (`cache.h`, `cache.cc`), then files that include it and name the
/// function, then the other files that include it.
std::vector<std::string> includersOf(const tooling::CompilationDatabase &DB,
                                     llvm::StringRef Header, const Finding &F) {
  llvm::StringRef Name = llvm::sys::path::filename(Header);
  llvm::StringRef Stem = llvm::sys::path::stem(Header);
  llvm::StringRef Dir = llvm::sys::path::parent_path(Header);
  llvm::StringRef Short =
      llvm::StringRef(F.Function.QualifiedName).rsplit("::").second;
  if (Short.empty())
    Short = F.Function.QualifiedName;
  std::vector<std::pair<int, std::string>> Ranked;
  for (const std::string &TU : DB.getAllFiles()) {
    if (llvm::sys::path::parent_path(TU) == Dir &&
        llvm::sys::path::stem(TU) == Stem && TU != Header) {
      Ranked.push_back({0, TU});
      continue;
    }
    auto Buf = llvm::MemoryBuffer::getFile(TU);
    if (!Buf || !includesFileNamed((*Buf)->getBuffer(), Name))
      continue;
    Ranked.push_back({(*Buf)->getBuffer().contains(Short) ? 1 : 2, TU});
  }
  llvm::sort(Ranked);
  std::vector<std::string> Out;
  for (auto &[Rank, TU] : Ranked)
    if (Out.size() < MaxIncluders)
      Out.push_back(std::move(TU));
  return Out;
}

/// Plans \p F in the translation unit \p TU of \p DB, the function being
/// defined in \p TU itself or in the header \p DefinitionFile.
llvm::Expected<HarnessPlan> planInUnit(const tooling::CompilationDatabase &DB,
                                       const Finding &F, llvm::StringRef TU,
                                       llvm::StringRef DefinitionFile,
                                       const PlanOptions &Opts) {
  HarnessPlan Plan;
  std::string File = TU.str();
  Plan.OriginalFile = File;
  Plan.DefinitionFile = DefinitionFile.str();
  Plan.TargetName = F.Function.QualifiedName;
  std::vector<tooling::CompileCommand> Cmds = DB.getCompileCommands(File);
  Plan.Directory = Cmds.front().Directory;
  Plan.CompileArgs = reusableArgs(Cmds.front());
  PlanOptions Own;
  if (Opts.Configs) {
    auto Resolved = Opts.Configs->forFile(File);
    if (!Resolved)
      return Resolved.takeError();
    Own = Opts;
    Own.Cfg = (*Resolved)->Effective;
  }
  const PlanOptions &Used = Opts.Configs ? Own : Opts;

  if (llvm::Error E = checkCompileCommands(DB, File))
    return std::move(E);
  std::string Diags;
  llvm::raw_string_ostream DiagOS(Diags);
  bool Ran = false;
  bool Parsed = parseTranslationUnit(
      DB, File,
      [&]() -> std::unique_ptr<FrontendAction> {
        return std::make_unique<PlanAction>(F, Used, Plan, Ran);
      },
      DiagOS, /*Color=*/false);
  DiagOS.flush();
  if (!Parsed || !Ran) {
    llvm::StringRef First = llvm::StringRef(Diags).split('\n').first;
    return llvm::createStringError(
        std::errc::invalid_argument, "'%s' does not compile%s%s", File.c_str(),
        First.empty() ? "" : ": ", First.str().c_str());
  }
  return Plan;
}

} // namespace

llvm::Expected<HarnessPlan> planHarness(const tooling::CompilationDatabase &DB,
                                        const Finding &F,
                                        const PlanOptions &Opts) {
  std::string File = F.Function.Location.File.empty()
                         ? F.Check.File
                         : F.Function.Location.File;
  // A function defined in a header is driven through a translation unit
  // that includes it.
  std::vector<std::string> Units;
  if (!DB.getCompileCommands(File).empty())
    Units.push_back(File);
  else
    Units = includersOf(DB, File, F);
  HarnessPlan Plan;
  if (Units.empty()) {
    Plan.OriginalFile = Plan.DefinitionFile = File;
    Plan.TargetName = F.Function.QualifiedName;
    Plan.SkipReason = fmt::format(
        "'{}' is neither a translation unit of the compilation database nor "
        "a header one of them includes",
        File);
  }
  std::optional<llvm::Expected<HarnessPlan>> Last;
  for (const std::string &TU : Units) {
    if (Last && !*Last)
      llvm::consumeError(Last->takeError());
    Last.emplace(planInUnit(DB, F, TU, File, Opts));
    if (*Last && (*Last)->TargetFound)
      break;
  }
  if (Last && !*Last)
    return Last->takeError();
  if (Last)
    Plan = std::move(**Last);
  if (!Plan.TargetFound && !Units.empty() && Units.front() != File)
    Plan.SkipReason = fmt::format(
        "function '{}' is not defined in '{}' as the translation units that "
        "include it see it (looked in {})",
        F.Function.QualifiedName, File, llvm::join(Units, ", "));
  // A function named on the command line that is not there is a usage
  // error; a finding whose function moved since the SARIF was written is a
  // skip.
  if (!Plan.TargetFound && F.Function.USR.empty())
    return llvm::createStringError(std::errc::invalid_argument, "%s",
                                   Plan.SkipReason.c_str());
  return Plan;
}

} // namespace cta
