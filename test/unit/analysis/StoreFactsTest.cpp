//===- StoreFactsTest.cpp - Commands sent to stores, and their pairs ------===//

#include "AnalysisTestUtil.h"
#include "store/StorePairs.h"
#include "gtest/gtest.h"

using namespace cta;
using namespace cta::test;

namespace {

// Declarations with the shapes of the real client headers.
const char *const Clients = R"cpp(
  extern "C" {
  struct redisContext;
  struct redisReply { int type; long long integer; char *str; };
  void *redisCommand(redisContext *c, const char *format, ...);
  void *redisvCommand(redisContext *c, const char *format, __builtin_va_list ap);
  struct PGconn; struct PGresult;
  PGresult *PQexec(PGconn *conn, const char *query);
  PGresult *PQprepare(PGconn *conn, const char *name, const char *query,
                      int n, const unsigned *types);
  PGresult *PQexecPrepared(PGconn *conn, const char *name, int n,
                           const char *const *values, const int *lengths,
                           const int *formats, int resultFormat);
  int PQntuples(const PGresult *res);
  }
  redisContext *ctx;
)cpp";

struct StoreFixture {
  std::unique_ptr<clang::ASTUnit> AST;
  std::vector<const clang::FunctionDecl *> Functions;
  std::unique_ptr<StoreWrappers> W;
  std::unique_ptr<StoreFacts> F = std::make_unique<StoreFacts>();
  std::vector<StorePair> Pairs;

  StoreFixture(llvm::StringRef Code, llvm::StringRef Fn) {
    AST = buildAST((llvm::Twine(Clients) + Code).str());
    if (!AST)
      return;
    clang::ASTContext &Ctx = AST->getASTContext();
    for (const clang::Decl *D : Ctx.getTranslationUnitDecl()->decls())
      if (const auto *FD = llvm::dyn_cast<clang::FunctionDecl>(D);
          FD && FD->hasBody() && FD->doesThisDeclarationHaveABody())
        Functions.push_back(FD);
    W = std::make_unique<StoreWrappers>(Ctx, Functions);
    const clang::FunctionDecl *FD = findFunction(Ctx, Fn);
    if (!FD)
      return;
    F = std::make_unique<StoreFacts>(
        buildStoreFacts(FD->getBody(), FD, Ctx, *W));
    if (F->Ops.size() >= 2)
      Pairs = storePairs(*F, FD, nullptr);
  }
};

TEST(StoreFacts, KeyIdentityIsPatternAndArguments) {
  StoreFixture S(R"cpp(
    void f(const char *id, const char *other) {
      redisReply *r = (redisReply *)redisCommand(ctx, "GET profile:%s", id);
      if (!r->str) {
        redisCommand(ctx, "SET profile:%s %s", id, "v");
        redisCommand(ctx, "SET profile:%s %s", other, "v");
        redisCommand(ctx, "SET other:%s %s", id, "v");
      }
    }
  )cpp",
                 "f");
  ASSERT_EQ(S.F->Ops.size(), 4u);
  EXPECT_EQ(S.F->Ops[0].Object, "profile:%s");
  EXPECT_EQ(S.F->Ops[0].ElementId, S.F->Ops[1].ElementId);
  EXPECT_NE(S.F->Ops[0].ElementId, S.F->Ops[2].ElementId);
  EXPECT_NE(S.F->Ops[0].ElementId, S.F->Ops[3].ElementId);
  ASSERT_EQ(S.Pairs.size(), 1u);
  EXPECT_EQ(&S.Pairs[0].Act, &S.F->Ops[1]);
  EXPECT_TRUE(S.Pairs[0].Guarded);
}

TEST(StoreFacts, TaintFlowsThroughDerivedVariables) {
  StoreFixture S(R"cpp(
    long atol(const char *);
    bool f(const char *u) {
      redisReply *r = (redisReply *)redisCommand(ctx, "GET quota:%s", u);
      long n = atol(r->str);
      bool over = n >= 100;
      if (over)
        return false;
      redisCommand(ctx, "INCR quota:%s", u);
      return true;
    }
  )cpp",
                 "f");
  ASSERT_EQ(S.F->Ops.size(), 2u);
  EXPECT_EQ(S.F->taint(0).size(), 3u); // r, n, over
  ASSERT_EQ(S.Pairs.size(), 1u);
  EXPECT_TRUE(S.Pairs[0].Guarded);
  EXPECT_FALSE(S.Pairs[0].ByValue);
}

TEST(StoreFacts, WrapperForwardingItsFormat) {
  StoreFixture S(R"cpp(
    redisReply *cmd(const char *fmt, ...) {
      __builtin_va_list ap;
      __builtin_va_start(ap, fmt);
      void *r = redisvCommand(ctx, fmt, ap);
      __builtin_va_end(ap);
      return (redisReply *)r;
    }
    void f(const char *id) {
      redisReply *r = cmd("EXISTS lock:%s", id);
      if (r->integer == 0)
        cmd("SET lock:%s 1", id);
    }
  )cpp",
                 "f");
  ASSERT_EQ(S.F->Ops.size(), 2u);
  EXPECT_EQ(S.F->Ops[0].Api, "cmd");
  EXPECT_EQ(S.F->Ops[0].Redis.Name, "EXISTS");
  EXPECT_EQ(S.Pairs.size(), 1u);
}

TEST(StoreFacts, ConditionalSetAndGatingReplyAreAtomic) {
  StoreFixture S(R"cpp(
    bool f(const char *id) {
      redisReply *r = (redisReply *)redisCommand(ctx, "GET k:%s", id);
      if (r->str)
        return false;
      redisCommand(ctx, "SET k:%s 1 NX", id);
      redisReply *a = (redisReply *)redisCommand(ctx, "SADD k:%s", id);
      return a->integer == 1;
    }
  )cpp",
                 "f");
  ASSERT_EQ(S.F->Ops.size(), 3u);
  EXPECT_TRUE(S.F->Ops[1].Redis.Conditional);
  EXPECT_TRUE(S.F->Ops[2].Gates);
  EXPECT_TRUE(S.Pairs.empty());
}

TEST(StoreFacts, PreparedStatementsByName) {
  StoreFixture S(R"cpp(
    void f(PGconn *c, const char *const *p) {
      PQprepare(c, "find", "SELECT id FROM tags WHERE name = $1", 1, nullptr);
      PQprepare(c, "add", "INSERT INTO tags (name) VALUES ($1)", 1, nullptr);
      PGresult *r = PQexecPrepared(c, "find", 1, p, nullptr, nullptr, 0);
      if (PQntuples(r) == 0)
        PQexecPrepared(c, "add", 1, p, nullptr, nullptr, 0);
    }
  )cpp",
                 "f");
  ASSERT_EQ(S.F->Ops.size(), 2u);
  EXPECT_EQ(S.F->Ops[0].Sql.K, SqlStatement::Select);
  EXPECT_EQ(S.F->Ops[1].Sql.K, SqlStatement::Insert);
  EXPECT_EQ(S.F->Ops[0].ElementId, "tags");
  ASSERT_EQ(S.Pairs.size(), 1u);
}

TEST(StoreFacts, TextOnlyFromConstants) {
  StoreFixture S(R"cpp(
    constexpr const char *kSel = "SELECT id FROM t WHERE k = 1";
    void f(PGconn *c, const char *dynamic) {
      PQexec(c, kSel);
      PQexec(c, dynamic);
      const char *local = "INSERT INTO t (k) VALUES (1)";
      PQexec(c, local);
    }
  )cpp",
                 "f");
  ASSERT_EQ(S.F->Ops.size(), 2u);
  EXPECT_EQ(S.F->Ops[0].Text, "SELECT id FROM t WHERE k = 1");
  EXPECT_EQ(S.F->Ops[1].Sql.K, SqlStatement::Insert);
}

} // namespace
