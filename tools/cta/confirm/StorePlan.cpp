//===- StorePlan.cpp - Plan the rounds of a store finding -----------------===//
//
/// \file
/// The store commands of the function come from the same StoreFacts the
/// static rules read (clang-plugin/store/). The check's call becomes
/// `cta_store::checked(<site>, <call>)`, which parks the process after it;
/// the act's call runs inside `cta_store::acted`, which reads the store's
/// reply. Handles (`redisContext *`, `PGconn *`, `sqlite3 *`) are fresh
/// connections to
/// the round's server: parameters and constructor arguments through Values,
/// global handles the function uses assigned in the driver.
//
//===----------------------------------------------------------------------===//

#include "StorePlan.h"
#include "Harness.h"
#include "Values.h"
#include "store/StoreFacts.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "clang/Rewrite/Core/Rewriter.h"
#include "llvm/Support/MemoryBuffer.h"
#include <fmt/format.h>

using namespace clang;

namespace cta {
namespace {

constexpr unsigned CheckId = 1, ActId = 2;

/// The user functions of the main file: the wrappers StoreFacts knows.
class Functions : public RecursiveASTVisitor<Functions> {
public:
  explicit Functions(const SourceManager &SM) : SM(SM) {}
  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (FD->doesThisDeclarationHaveABody() &&
        SM.isInMainFile(SM.getExpansionLoc(FD->getLocation())))
      All.push_back(FD);
    return true;
  }
  std::vector<const FunctionDecl *> All;

private:
  const SourceManager &SM;
};

/// Global handles the body uses: `redisContext *ctx;` at namespace scope.
class GlobalHandles : public RecursiveASTVisitor<GlobalHandles> {
public:
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    const auto *VD = dyn_cast<VarDecl>(E->getDecl());
    if (!VD || !VD->hasGlobalStorage() || VD->isStaticLocal())
      return true;
    if (std::optional<std::string> H = storeHandle(VD->getType()))
      if (Seen.insert(VD).second)
        Init += "    ::" + VD->getQualifiedNameAsString() + " = " + *H + ";\n";
    return true;
  }
  std::string Init;

private:
  llvm::SmallPtrSet<const VarDecl *, 4> Seen;
};

bool isRead(const StoreOp &Op) {
  return Op.Store == StoreKind::Redis ? Op.isRedisRead()
                                      : Op.Sql.K == SqlStatement::Select;
}

bool isWrite(const StoreOp &Op) {
  if (Op.Store == StoreKind::Redis)
    return Op.Redis.Info && Op.Redis.Info->Role != StoreRole::Read;
  return Op.Sql.K == SqlStatement::Insert || Op.Sql.K == SqlStatement::Update ||
         Op.Sql.K == SqlStatement::Delete;
}

class StorePlanner {
public:
  StorePlanner(ASTContext &Ctx, const Finding *Named, const PlanOptions &Opts,
               HarnessPlan &Plan)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Named(Named), Opts(Opts),
        Plan(Plan) {}

  bool run(const FunctionDecl *FD, bool HasMain) {
    Functions Fns(SM);
    Fns.TraverseDecl(Ctx.getTranslationUnitDecl());
    StoreWrappers Wrappers(Ctx, Fns.All);
    StoreFacts SF = buildStoreFacts(FD->getBody(), FD, Ctx, Wrappers);
    if (SF.Ops.empty())
      return false;
    const StoreOp *Check = nullptr, *Act = nullptr;
    pickSites(SF, Check, Act);
    if (!Act) {
      Plan.SkipReason = "no write to the store was found at the act";
      return true;
    }
    if (Act->Store == StoreKind::Redis)
      Plan.Store = "redis";
    else if (llvm::StringRef(Act->Api).starts_with("sqlite3_"))
      Plan.Store = "sqlite";
    else if (llvm::StringRef(Act->Api).starts_with("PQ"))
      Plan.Store = "postgres";
    else {
      Plan.SkipReason = fmt::format(
          "the act runs through '{}' (libpqxx); store rounds drive Redis "
          "(hiredis), PostgreSQL (libpq) and SQLite (sqlite3) only",
          Act->Api);
      return true;
    }
    StoreHarness St;
    St.ActSite = ActId;
    St.CheckSite = Check ? CheckId : 0;
    if (Plan.Store != "redis") {
      St.Table = Act->Sql.Table;
      if (Opts.Cfg.SchemaPath.empty()) {
        Plan.SkipReason =
            fmt::format("the table '{}' must exist before the race: name the "
                        "SQL schema with 'schema:' in .cta.yaml",
                        St.Table);
        return true;
      }
      auto Buf = llvm::MemoryBuffer::getFile(Opts.Cfg.SchemaPath);
      if (!Buf) {
        Plan.SkipReason =
            fmt::format("cannot read the schema '{}'", Opts.Cfg.SchemaPath);
        return true;
      }
      St.Schema = (*Buf)->getBuffer().str();
      Plan.LinkLibs = {Plan.Store == "sqlite" ? "-lsqlite3" : "-lpq"};
    } else {
      Plan.LinkLibs = {"-lhiredis"};
    }

    // A take (DEL, HDEL, SREM) acts on the "present" path: the element is
    // seeded before each half of the round (docs/redis-check-then-act.md).
    std::string Seed;
    if (Plan.Store == "redis" && Act->Redis.Info &&
        Act->Redis.Info->Effect == StoreEffect::Take)
      Seed = seedCommand(Check && Check->Redis.Info ? *Check : *Act, *Act);
    St.Seeded = !Seed.empty();

    Rewriter Rewrite(SM, Ctx.getLangOpts());
    if (Check)
      wrapCheck(Rewrite, *Check, Seed);
    else if (!Seed.empty())
      Rewrite.InsertTextBefore(rangeOf(*Act).getBegin(), Seed + ", ");
    wrapAct(Rewrite, *Act);
    const RewriteBuffer *Buf = Rewrite.getRewriteBufferFor(SM.getMainFileID());
    std::string Body = Buf ? std::string(Buf->begin(), Buf->end())
                           : SM.getBufferData(SM.getMainFileID()).str();
    Plan.InstrumentedSource =
        "// Generated by cta confirm from " + Plan.OriginalFile +
        "; do not edit.\n#include <cta/store.hpp>\n#line 1 " +
        cString(Plan.OriginalFile) + "\n" + Body;

    DriverSpec D = driverFor(Ctx, FD, /*Acts=*/false, Opts.FixtureFiles);
    if (!D.SkipReason.empty()) {
      Plan.SkipReason = D.SkipReason;
      return true;
    }
    GlobalHandles G;
    G.TraverseStmt(FD->getBody());
    D.Init += G.Init;
    Plan.Inv = Invariant::NoDataRace;
    if (St.Seeded)
      Plan.Prepared = SeedText;
    Plan.HarnessSource =
        storeHarnessSource(Plan, D, St, HasMain, Opts.FixtureFiles);
    return true;
  }

private:
  unsigned lineOf(const StoreOp &Op) const {
    return SM.getExpansionLineNumber(Op.Call->getBeginLoc());
  }

  /// The finding's check and act, or (for --function) the last write and
  /// the first read before it.
  void pickSites(const StoreFacts &SF, const StoreOp *&Check,
                 const StoreOp *&Act) const {
    if (Named) {
      for (const StoreOp &Op : SF.Ops) {
        if (!Check && isRead(Op) && lineOf(Op) == Named->Check.Line)
          Check = &Op;
        if (!Act && isWrite(Op) && lineOf(Op) == Named->Act.Line)
          Act = &Op;
      }
      return;
    }
    for (const StoreOp &Op : SF.Ops)
      if (isWrite(Op))
        Act = &Op;
    for (const StoreOp &Op : SF.Ops)
      if (Act && isRead(Op) && Op.Offset < Act->Offset) {
        Check = &Op;
        break;
      }
  }

  CharSourceRange rangeOf(const StoreOp &Op) const {
    return CharSourceRange::getTokenRange(
        SM.getExpansionRange(Op.Call->getSourceRange()).getAsRange());
  }

  std::string textOf(const Expr *E) const {
    return Lexer::getSourceText(
               CharSourceRange::getTokenRange(
                   SM.getExpansionRange(E->getSourceRange()).getAsRange()),
               SM, Ctx.getLangOpts())
        .str();
  }

  void addSite(unsigned Id, bool IsCheck, const StoreOp &Op) {
    SiteInfo S;
    S.Id = Id;
    S.IsCheck = IsCheck;
    S.File = Plan.OriginalFile;
    S.Line = lineOf(Op);
    S.Text = Op.Text;
    Plan.Sites.push_back(S);
  }

  /// The command that makes \p Act's element present, written with the
  /// format arguments of \p At (the check, else the act itself), so its
  /// key has the racing calls' values: `::cta_store::seed([&] { ... })`,
  /// or empty when the call is not `redisCommand(ctx, "<format>", ...)`.
  std::string seedCommand(const StoreOp &At, const StoreOp &Act) {
    llvm::ArrayRef<RedisWord> Element = At.Redis.element();
    if (At.Api != "redisCommand" || Element.empty() ||
        At.Call->getNumArgs() < 2)
      return "";
    llvm::StringRef Name = Act.Redis.Name;
    std::string Format = Name == "SREM"   ? "SADD"
                         : Name == "HDEL" ? "HSET"
                                          : "SET";
    unsigned Words = Name == "SREM" || Name == "HDEL" ? 2 : 1;
    if (Element.size() < Words)
      return "";
    std::string Args;
    for (const RedisWord &W : Element.take_front(Words)) {
      Format += " " + W.Text;
      for (unsigned A : W.Args) {
        if (A + 2 >= At.Call->getNumArgs())
          return "";
        Args += ", " + textOf(At.Call->getArg(A + 2));
      }
    }
    if (Name != "SREM")
      Format += " 1";
    std::string Call =
        fmt::format("redisCommand({}, {}{})", textOf(At.Call->getArg(0)),
                    cString(Format), Args);
    SeedText = Call;
    return fmt::format("::cta_store::seed([&] {{ freeReplyObject({}); }})",
                       Call);
  }

  void wrapCheck(Rewriter &R, const StoreOp &Op, llvm::StringRef Seed) {
    addSite(CheckId, true, Op);
    CharSourceRange Range = rangeOf(Op);
    R.InsertTextBefore(Range.getBegin(),
                       fmt::format("::cta_store::checked({}u, ", CheckId) +
                           (Seed.empty() ? "" : "(" + Seed.str() + ", "));
    R.InsertTextAfterToken(Range.getEnd(), Seed.empty() ? ")" : "))");
  }

  /// sqlite3's reply is a code; the changes are the connection's, reached
  /// through the call's first argument (the statement or the database).
  void wrapAct(Rewriter &R, const StoreOp &Op) {
    addSite(ActId, false, Op);
    CharSourceRange Range = rangeOf(Op);
    std::string Handle;
    if (Plan.Store == "sqlite" && Op.Call->getNumArgs() > 0)
      Handle = ", " + textOf(Op.Call->getArg(0));
    R.InsertTextBefore(
        Range.getBegin(),
        fmt::format("::cta_store::acted({}u, [&]() -> decltype(auto) {{ "
                    "return ",
                    ActId));
    R.InsertTextAfterToken(Range.getEnd(), "; }" + Handle + ")");
  }

  ASTContext &Ctx;
  SourceManager &SM;
  const Finding *Named;
  const PlanOptions &Opts;
  HarnessPlan &Plan;
  std::string SeedText; ///< The seed's call, for the verdict.
};

} // namespace

bool planStore(ASTContext &Ctx, const FunctionDecl *FD, const Finding *Named,
               const PlanOptions &Opts, bool HasMain, HarnessPlan &Plan) {
  return StorePlanner(Ctx, Named, Opts, Plan).run(FD, HasMain);
}

} // namespace cta
