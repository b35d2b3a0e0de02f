// RUN: %clang_cta_real -I/usr/include/postgresql -fsyntax-only %s 2>&1 | %check_strict %s
//
// A condition that only tests whether the read failed (a null reply, an
// error reply, a result status, a sqlite3 error code) is not the check of a
// check-then-act: the write runs whatever the store answered. Only a test
// of the answer itself (nil, an integer, rows) decides. Against the real
// hiredis, libpq and sqlite3 headers.

#include <cstdlib>
#include <cstring>
#include <hiredis/hiredis.h>
#include <libpq-fe.h>
#include <sqlite3.h>

redisContext *ctx;

// --- Negative: the test only asks whether the command failed. ---

// A null reply: the connection broke. The SET runs on every reply.
void touchNull(const char *id) {
  redisReply *r = (redisReply *)redisCommand(ctx, "GET seen:%s", id);
  if (r == NULL)
    return;
  freeReplyObject(r);
  redisCommand(ctx, "SET seen:%s 1", id);
}

// The same with `!r` and nullptr.
void touchNot(const char *id) {
  redisReply *r = (redisReply *)redisCommand(ctx, "GET seen:%s", id);
  if (!r)
    return;
  freeReplyObject(r);
  redisCommand(ctx, "SET seen:%s 1", id);
}

void touchNullptr(const char *id) {
  auto *r = static_cast<redisReply *>(redisCommand(ctx, "EXISTS seen:%s", id));
  if (r != nullptr)
    redisCommand(ctx, "SET seen:%s 1", id);
  freeReplyObject(r);
}

// An error reply, and a variable that holds only the failure.
void touchError(const char *id) {
  redisReply *r = (redisReply *)redisCommand(ctx, "GET seen:%s", id);
  bool failed = r == nullptr || r->type == REDIS_REPLY_ERROR;
  freeReplyObject(r);
  if (failed)
    return;
  redisCommand(ctx, "SET seen:%s 1", id);
}

// libpq: the SELECT's status, not its rows.
void logVisit(PGconn *c, const char *page) {
  const char *p[1] = {page};
  PGresult *r = PQexecParams(c, "SELECT id FROM visits WHERE page = $1", 1,
                             nullptr, p, nullptr, nullptr, 0);
  if (PQresultStatus(r) != PGRES_TUPLES_OK) {
    PQclear(r);
    return;
  }
  PQclear(r);
  PQclear(PQexecParams(c, "INSERT INTO visits (page) VALUES ($1)", 1, nullptr,
                       p, nullptr, nullptr, 0));
}

// sqlite3: the statement's error code, not a row.
void logVisitSqlite(sqlite3 *db, const char *page) {
  sqlite3_stmt *sel = nullptr;
  sqlite3_prepare_v2(db, "SELECT id FROM visits WHERE page = ?1", -1, &sel,
                     nullptr);
  sqlite3_bind_text(sel, 1, page, -1, SQLITE_STATIC);
  int rc = sqlite3_step(sel);
  sqlite3_finalize(sel);
  if (rc == SQLITE_BUSY || rc == SQLITE_ERROR)
    return;
  sqlite3_stmt *ins = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO visits (page) VALUES (?1)", -1, &ins,
                     nullptr);
  sqlite3_bind_text(ins, 1, page, -1, SQLITE_STATIC);
  sqlite3_step(ins);
  sqlite3_finalize(ins);
}

// --- Positive: a failure test, then a test of the answer. ---

// The null test is not the check; the nil test is.
void markOnce(const char *id) {
  redisReply *r = (redisReply *)redisCommand(ctx, "GET seen:%s", id);
  if (r == NULL)
    return;
  bool missing = r->type == REDIS_REPLY_NIL;
  freeReplyObject(r);
  if (missing)
    redisCommand(ctx, "SET seen:%s 1", id);
  // CHECK: :[[@LINE-7]]:33: warning: check-then-act race on shared Redis key 'seen:%s': 'GET' then 'SET' in two commands; two processes can both act on the same reply and both set it [cta-redis-check-then-act]
  // CHECK-NEXT: :[[@LINE-8]]:33: note: check of 'seen:%s' here; shared because a Redis key is shared by every process connected to the server (high confidence)
  // CHECK-NEXT: :[[@LINE-3]]:5: note: act on 'seen:%s' here
  // CHECK-NEXT: :[[@LINE-4]]:5: note: use 'SET seen:%s <value> NX PX <ms>' and let its reply decide: OK means this process set it, nil that another was first
}

// An error test and an integer test in one condition: the integer decides.
bool lock(const char *name) {
  redisReply *r = (redisReply *)redisCommand(ctx, "EXISTS lock:%s", name);
  if (!r || r->type == REDIS_REPLY_ERROR || r->integer == 1)
    return false;
  freeReplyObject(r);
  redisCommand(ctx, "SET lock:%s 1 PX 30000", name);
  // CHECK: :[[@LINE-5]]:33: warning: check-then-act race on shared Redis key 'lock:%s': 'EXISTS' then 'SET' in two commands; two processes can both see it absent and both set it [cta-redis-check-then-act]
  // CHECK-NEXT: :[[@LINE-6]]:33: note: check of 'lock:%s' here; shared because a Redis key is shared by every process connected to the server (high confidence)
  // CHECK-NEXT: :[[@LINE-3]]:3: note: act on 'lock:%s' here
  // CHECK-NEXT: :[[@LINE-4]]:3: note: use 'SET lock:%s <value> NX PX <ms>' and let its reply decide: OK means this process set it, nil that another was first
  return true;
}

// libpq: the status test, then the row count.
void addTag(PGconn *c, const char *name) {
  const char *p[1] = {name};
  PGresult *r = PQexecParams(c, "SELECT id FROM tags WHERE name = $1", 1,
                             nullptr, p, nullptr, nullptr, 0);
  if (PQresultStatus(r) != PGRES_TUPLES_OK) {
    PQclear(r);
    return;
  }
  bool found = PQntuples(r) > 0;
  PQclear(r);
  if (!found)
    PQclear(PQexecParams(c, "INSERT INTO tags (name) VALUES ($1)", 1, nullptr,
                         p, nullptr, nullptr, 0));
  // CHECK: :[[@LINE-11]]:17: warning: check-then-act race on shared SQL table 'tags': 'SELECT' then 'INSERT' on (name) without a constraint or lock; two processes can both find no row and both insert it [cta-sql-check-then-act]
  // CHECK-NEXT: :[[@LINE-12]]:17: note: check of 'tags' here; shared because a SQL table is shared by every process connected to the database (high confidence)
  // CHECK-NEXT: :[[@LINE-4]]:13: note: act on 'tags' here
  // CHECK-NEXT: :[[@LINE-5]]:13: note: use 'INSERT INTO tags (name) VALUES (...) ON CONFLICT (name) DO NOTHING RETURNING id' (with a UNIQUE constraint on (name)) and read the existing row only when it returns none
}

// sqlite3: the error code, then SQLITE_ROW.
void addTagSqlite(sqlite3 *db, const char *name) {
  sqlite3_stmt *sel = nullptr;
  sqlite3_prepare_v2(db, "SELECT id FROM tags WHERE name = ?1", -1, &sel,
                     nullptr);
  sqlite3_bind_text(sel, 1, name, -1, SQLITE_STATIC);
  int rc = sqlite3_step(sel);
  sqlite3_finalize(sel);
  if (rc == SQLITE_BUSY || rc == SQLITE_ROW)
    return;
  sqlite3_stmt *ins = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO tags (name) VALUES (?1)", -1, &ins,
                     nullptr);
  sqlite3_bind_text(ins, 1, name, -1, SQLITE_STATIC);
  sqlite3_step(ins);
  // CHECK: :[[@LINE-9]]:12: warning: check-then-act race on shared SQL table 'tags': 'SELECT' then 'INSERT' on (name) without a constraint or lock; two processes can both find no row and both insert it [cta-sql-check-then-act]
  // CHECK-NEXT: :[[@LINE-10]]:12: note: check of 'tags' here; shared because a SQL table is shared by every process connected to the database (high confidence)
  // CHECK-NEXT: :[[@LINE-3]]:3: note: act on 'tags' here
  // CHECK-NEXT: :[[@LINE-4]]:3: note: use 'INSERT INTO tags (name) VALUES (...) ON CONFLICT (name) DO NOTHING RETURNING id' (with a UNIQUE constraint on (name)) and read the existing row only when it returns none
  sqlite3_finalize(ins);
}

// The act's own reply is tested only for failure: SADD's answer (1 added,
// 0 already there) decides nothing, so the work still runs twice.
void sendEmail(const char *user, const char *event);
void notifyOnce(const char *user, const char *event) {
  redisReply *r = (redisReply *)redisCommand(ctx, "SISMEMBER notified:%s %s",
                                             user, event);
  if (!r || r->integer == 1)
    return;
  redisReply *a =
      (redisReply *)redisCommand(ctx, "SADD notified:%s %s", user, event);
  if (a == NULL || a->type == REDIS_REPLY_ERROR)
    return;
  sendEmail(user, event);
  // CHECK: :[[@LINE-9]]:33: warning: check-then-act race on shared Redis key 'notified:%s': 'SISMEMBER' then 'SADD' in two commands; two processes can both see the member absent and both run the work meant to run once [cta-redis-check-then-act]
  // CHECK-NEXT: :[[@LINE-10]]:33: note: check of 'notified:%s' here; shared because a Redis key is shared by every process connected to the server (high confidence)
  // CHECK-NEXT: :[[@LINE-6]]:21: note: act on 'notified:%s' here
  // CHECK-NEXT: :[[@LINE-7]]:21: note: use 'SADD notified:%s %s' alone and run the work only if it returns 1
}

// --- Negative: the act's reply decides, next to a failure test. ---
void notifyOnceGated(const char *user, const char *event) {
  redisReply *r = (redisReply *)redisCommand(ctx, "SISMEMBER notified:%s %s",
                                             user, event);
  if (!r || r->integer == 1)
    return;
  redisReply *a =
      (redisReply *)redisCommand(ctx, "SADD notified:%s %s", user, event);
  if (!a || a->integer == 0)
    return;
  sendEmail(user, event);
}
