//===- StoreParserTest.cpp - The SQL and Redis command readers ------------===//

#include "store/RedisCommand.h"
#include "store/SqlParser.h"
#include "gtest/gtest.h"

using namespace cta;

namespace {

using Cols = std::vector<std::string>;

TEST(SqlParser, SelectByKey) {
  SqlStatement S = parseSqlStatement(
      "SELECT id, credits FROM accounts WHERE id = $1 AND active = true");
  EXPECT_EQ(S.K, SqlStatement::Select);
  EXPECT_EQ(S.Table, "accounts");
  EXPECT_EQ(S.Columns, (Cols{"id", "credits"}));
  EXPECT_EQ(S.WhereEq, (Cols{"id", "active"}));
  EXPECT_FALSE(S.ForUpdate);
  EXPECT_TRUE(S.reads("credits"));
  EXPECT_FALSE(S.reads("name"));
}

TEST(SqlParser, SelectQualifiedStarAndForUpdate) {
  SqlStatement S = parseSqlStatement(
      "select u.* from public.users u where u.email = ? limit 1 for update;");
  EXPECT_EQ(S.Table, "public.users");
  EXPECT_EQ(S.WhereEq, (Cols{"email"}));
  EXPECT_TRUE(S.reads("anything"));
  EXPECT_TRUE(S.ForUpdate);
}

TEST(SqlParser, SelectCountAndQuotedNames) {
  SqlStatement S = parseSqlStatement(
      "SELECT COUNT(*) FROM \"Users\" WHERE \"Email\" = :email");
  EXPECT_EQ(S.Table, "users");
  EXPECT_TRUE(S.Columns.empty());
  EXPECT_EQ(S.WhereEq, (Cols{"email"}));
}

TEST(SqlParser, AdvisoryLock) {
  EXPECT_TRUE(
      parseSqlStatement("SELECT pg_advisory_xact_lock($1)").AdvisoryLock);
  EXPECT_TRUE(parseSqlStatement("SELECT pg_advisory_lock(42)").AdvisoryLock);
  // The try_ form returns whether it locked: it is not a lock by itself.
  EXPECT_FALSE(
      parseSqlStatement("SELECT pg_try_advisory_xact_lock(42)").AdvisoryLock);
}

TEST(SqlParser, InsertForms) {
  SqlStatement S = parseSqlStatement(
      "INSERT INTO users (email, name) VALUES ($1, $2) RETURNING id");
  EXPECT_EQ(S.K, SqlStatement::Insert);
  EXPECT_EQ(S.Table, "users");
  EXPECT_EQ(S.Columns, (Cols{"email", "name"}));
  EXPECT_FALSE(S.OnConflict);
  EXPECT_TRUE(S.Returning);
  EXPECT_TRUE(parseSqlStatement("INSERT INTO users (email) VALUES ($1) ON "
                                "CONFLICT (email) DO NOTHING RETURNING id")
                  .OnConflict);
  EXPECT_TRUE(parseSqlStatement("INSERT OR IGNORE INTO users(email) VALUES(?)")
                  .OnConflict);
  EXPECT_TRUE(parseSqlStatement("insert or replace into users values (?, ?)")
                  .OnConflict);
  EXPECT_TRUE(
      parseSqlStatement("REPLACE INTO users (email) VALUES (?)").OnConflict);
  EXPECT_TRUE(parseSqlStatement("INSERT INTO t (a) VALUES (1) ON DUPLICATE "
                                "KEY UPDATE a = a")
                  .OnConflict);
  // A quoted 'on conflict' is data, not a clause.
  EXPECT_FALSE(parseSqlStatement("INSERT INTO notes (body) VALUES ('on "
                                 "conflict')")
                   .OnConflict);
}

TEST(SqlParser, UpdateAbsoluteRelativeConditional) {
  SqlStatement Abs =
      parseSqlStatement("UPDATE accounts SET credits = $1 WHERE id = $2");
  EXPECT_EQ(Abs.K, SqlStatement::Update);
  EXPECT_EQ(Abs.Table, "accounts");
  ASSERT_EQ(Abs.Sets.size(), 1u);
  EXPECT_EQ(Abs.Sets[0].Column, "credits");
  EXPECT_FALSE(Abs.Sets[0].Relative);
  EXPECT_EQ(Abs.WhereEq, (Cols{"id"}));
  EXPECT_FALSE(Abs.whereMentions("credits"));

  SqlStatement Cond = parseSqlStatement(
      "UPDATE accounts SET credits = credits - $1, updated = now() WHERE id "
      "= $2 AND credits >= $1");
  ASSERT_EQ(Cond.Sets.size(), 2u);
  EXPECT_TRUE(Cond.Sets[0].Relative);
  EXPECT_FALSE(Cond.Sets[1].Relative);
  EXPECT_EQ(Cond.WhereEq, (Cols{"id"}));
  EXPECT_TRUE(Cond.whereMentions("credits"));
}

TEST(SqlParser, DeleteAndTransactions) {
  SqlStatement D = parseSqlStatement("DELETE FROM jobs WHERE id = $1");
  EXPECT_EQ(D.K, SqlStatement::Delete);
  EXPECT_EQ(D.Table, "jobs");
  EXPECT_EQ(D.WhereEq, (Cols{"id"}));

  EXPECT_EQ(parseSqlStatement("BEGIN").K, SqlStatement::Begin);
  EXPECT_FALSE(parseSqlStatement("BEGIN").Serializable);
  EXPECT_TRUE(
      parseSqlStatement("BEGIN ISOLATION LEVEL SERIALIZABLE").Serializable);
  EXPECT_TRUE(parseSqlStatement("START TRANSACTION ISOLATION LEVEL "
                                "SERIALIZABLE")
                  .Serializable);
  SqlStatement Set =
      parseSqlStatement("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
  EXPECT_EQ(Set.K, SqlStatement::SetTransaction);
  EXPECT_TRUE(Set.Serializable);
  EXPECT_TRUE(parseSqlStatement("BEGIN IMMEDIATE").WriteLockedBegin);
  EXPECT_EQ(parseSqlStatement("COMMIT").K, SqlStatement::Commit);
  EXPECT_EQ(parseSqlStatement("ROLLBACK").K, SqlStatement::Rollback);
  EXPECT_EQ(parseSqlStatement("VACUUM").K, SqlStatement::Unknown);
  EXPECT_EQ(parseSqlStatement("").K, SqlStatement::Unknown);
}

TEST(SqlParser, Script) {
  std::vector<SqlStatement> S = parseSqlScript(
      "BEGIN IMMEDIATE; SELECT id FROM t WHERE k = 'a;b'; COMMIT;");
  ASSERT_EQ(S.size(), 3u);
  EXPECT_EQ(S[0].K, SqlStatement::Begin);
  EXPECT_EQ(S[1].K, SqlStatement::Select);
  EXPECT_EQ(S[1].WhereEq, (Cols{"k"}));
  EXPECT_EQ(S[2].K, SqlStatement::Commit);
}

TEST(SqlSchema, UniqueConstraints) {
  SqlSchema Sch = SqlSchema::parse(
      "CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL "
      "UNIQUE, name text);\n"
      "CREATE TABLE IF NOT EXISTS members (org int, login text, CONSTRAINT "
      "m_uk UNIQUE (org, login));\n"
      "CREATE UNIQUE INDEX tags_name ON tags (name);\n"
      "CREATE TABLE notes (id int, body text);");
  EXPECT_TRUE(Sch.isUnique("users", {"email"}));
  EXPECT_TRUE(Sch.isUnique("users", {"id"}));
  EXPECT_FALSE(Sch.isUnique("users", {"name"}));
  EXPECT_TRUE(Sch.isUnique("members", {"org", "login"}));
  EXPECT_FALSE(Sch.isUnique("members", {"login"}));
  EXPECT_TRUE(Sch.isUnique("tags", {"name"}));
  EXPECT_TRUE(Sch.isUnique("public.tags", {"name"}));
  EXPECT_FALSE(Sch.isUnique("notes", {"id"}));
}

TEST(RedisCommand, FormatWordsAndArguments) {
  RedisCommandText C = parseRedisFormat("SET profile:%s %b EX %d");
  ASSERT_TRUE(C.Info);
  EXPECT_EQ(C.Name, "SET");
  ASSERT_EQ(C.Words.size(), 5u);
  EXPECT_EQ(C.Words[1].Text, "profile:%s");
  EXPECT_EQ(C.Words[1].Args, (llvm::SmallVector<unsigned, 2>{0}));
  // %b takes a pointer and a length.
  EXPECT_EQ(C.Words[2].Args, (llvm::SmallVector<unsigned, 2>{1}));
  EXPECT_EQ(C.Words[4].Args, (llvm::SmallVector<unsigned, 2>{3}));
  EXPECT_FALSE(C.Conditional);
  ASSERT_EQ(C.element().size(), 1u);
  EXPECT_EQ(C.element()[0].Text, "profile:%s");
}

TEST(RedisCommand, ConditionalSetAndMembers) {
  EXPECT_TRUE(parseRedisFormat("SET lock:%s %s NX PX 30000").Conditional);
  EXPECT_TRUE(parseRedisFormat("set k v xx").Conditional);
  RedisCommandText M = parseRedisFormat("sismember seen:%s %s");
  EXPECT_EQ(M.Name, "SISMEMBER");
  ASSERT_EQ(M.element().size(), 2u);
  EXPECT_EQ(M.element()[1].Args, (llvm::SmallVector<unsigned, 2>{1}));
  EXPECT_EQ(parseRedisFormat("PING").Info, nullptr);
  EXPECT_EQ(parseRedisFormat("").Name, "");
  RedisCommandText Pct = parseRedisFormat("GET 100%%:%lld");
  EXPECT_EQ(Pct.Words[1].Text, "100%%:%lld");
  EXPECT_EQ(Pct.Words[1].Args, (llvm::SmallVector<unsigned, 2>{0}));
}

} // namespace
