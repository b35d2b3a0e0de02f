// RUN: %clang_cta_real -I/usr/include/postgresql -fsyntax-only %s 2>&1 | %check_strict %s
//
// cta-sql-check-then-act against the real libpq header: a SELECT whose result
// decides a later INSERT or UPDATE of the same rows, in two statements.

#include <cstdlib>
#include <libpq-fe.h>
#include <string>

// select-then-insert: both find no row for the email and both insert one.
int userId(PGconn *c, const char *email) {
  const char *params[1] = {email};
  PGresult *r = PQexecParams(c, "SELECT id FROM users WHERE email = $1", 1,
                             nullptr, params, nullptr, nullptr, 0);
  if (PQntuples(r) > 0) {
    int id = std::atoi(PQgetvalue(r, 0, 0));
    PQclear(r);
    return id;
  }
  PQclear(r);
  const char *ins[2] = {email, "new user"};
  PGresult *i = PQexecParams(c, "INSERT INTO users (email, name) VALUES ($1, $2)",
                             2, nullptr, ins, nullptr, nullptr, 0);
  // CHECK: :[[@LINE-11]]:17: warning: check-then-act race on shared SQL table 'users': 'SELECT' then 'INSERT' on (email) without a constraint or lock; two processes can both find no row and both insert it [cta-sql-check-then-act]
  // CHECK-NEXT: :[[@LINE-12]]:17: note: check of 'users' here; shared because a SQL table is shared by every process connected to the database (high confidence)
  // CHECK-NEXT: :[[@LINE-4]]:17: note: act on 'users' here
  // CHECK-NEXT: :[[@LINE-5]]:17: note: use 'INSERT INTO users (email, name) VALUES (...) ON CONFLICT (email) DO NOTHING RETURNING id' (with a UNIQUE constraint on (email)) and read the existing row only when it returns none
  PQclear(i);
  return -1;
}

// select-then-absolute-update: both read 100, both write their own result.
void charge(PGconn *c, const char *id, int amount) {
  const char *p[1] = {id};
  PGresult *r = PQexecParams(c, "SELECT credits FROM accounts WHERE id = $1", 1,
                             nullptr, p, nullptr, nullptr, 0);
  int credits = std::atoi(PQgetvalue(r, 0, 0));
  PQclear(r);
  std::string next = std::to_string(credits - amount);
  const char *u[2] = {next.c_str(), id};
  PQclear(PQexecParams(c, "UPDATE accounts SET credits = $1 WHERE id = $2", 2,
                       nullptr, u, nullptr, nullptr, 0));
  // CHECK: :[[@LINE-8]]:17: warning: check-then-act race on shared SQL table 'accounts': 'SELECT credits' then 'UPDATE ... SET credits = <value>' on (id); two processes can both read the same credits and one update is lost [cta-sql-check-then-act]
  // CHECK-NEXT: :[[@LINE-9]]:17: note: check of 'accounts' here; shared because a SQL table is shared by every process connected to the database (high confidence)
  // CHECK-NEXT: :[[@LINE-4]]:11: note: act on 'accounts' here
  // CHECK-NEXT: :[[@LINE-5]]:11: note: use 'UPDATE accounts SET credits = credits - $1 WHERE id = $2 AND credits >= $1' and go on only if it affected one row
}

// A limit checked in C++, then a relative UPDATE that does not repeat it.
bool spend(PGconn *c, const char *id, int amount, const char *amt) {
  const char *p[1] = {id};
  PGresult *r = PQexecParams(c, "SELECT credits FROM accounts WHERE id = $1", 1,
                             nullptr, p, nullptr, nullptr, 0);
  int credits = std::atoi(PQgetvalue(r, 0, 0));
  PQclear(r);
  if (credits < amount)
    return false;
  const char *u[2] = {amt, id};
  PQclear(PQexecParams(c,
                       "UPDATE accounts SET credits = credits - $1 WHERE id = $2",
                       2, nullptr, u, nullptr, nullptr, 0));
  // CHECK: :[[@LINE-10]]:17: warning: check-then-act race on shared SQL table 'accounts': 'SELECT credits' then 'UPDATE ... SET credits = credits ...' on (id) without the check in its WHERE; two processes can both pass the check [cta-sql-check-then-act]
  // CHECK-NEXT: :[[@LINE-11]]:17: note: check of 'accounts' here; shared because a SQL table is shared by every process connected to the database (high confidence)
  // CHECK-NEXT: :[[@LINE-5]]:11: note: act on 'accounts' here
  // CHECK-NEXT: :[[@LINE-6]]:11: note: use 'UPDATE accounts SET credits = credits - $1 WHERE id = $2 AND credits >= $1' and go on only if it affected one row
  return true;
}

// Prepared statements: the text is read at PQprepare, the command runs at
// PQexecPrepared.
void registerTag(PGconn *c, const char *name) {
  PQclear(PQprepare(c, "find_tag", "SELECT id FROM tags WHERE name = $1", 1,
                    nullptr));
  PQclear(PQprepare(c, "add_tag", "INSERT INTO tags (name) VALUES ($1)", 1,
                    nullptr));
  const char *p[1] = {name};
  PGresult *r = PQexecPrepared(c, "find_tag", 1, p, nullptr, nullptr, 0);
  if (PQntuples(r) == 0)
    PQclear(PQexecPrepared(c, "add_tag", 1, p, nullptr, nullptr, 0));
  // CHECK: :[[@LINE-3]]:17: warning: check-then-act race on shared SQL table 'tags': 'SELECT' then 'INSERT' on (name) without a constraint or lock; two processes can both find no row and both insert it [cta-sql-check-then-act]
  // CHECK-NEXT: :[[@LINE-4]]:17: note: check of 'tags' here; shared because a SQL table is shared by every process connected to the database (high confidence)
  // CHECK-NEXT: :[[@LINE-3]]:13: note: act on 'tags' here
  // CHECK-NEXT: :[[@LINE-4]]:13: note: use 'INSERT INTO tags (name) VALUES (...) ON CONFLICT (name) DO NOTHING RETURNING id' (with a UNIQUE constraint on (name)) and read the existing row only when it returns none
  PQclear(r);
}

// FOR UPDATE locks the row it finds; when there is none it locks nothing.
void claim(PGconn *c, const char *slot) {
  const char *p[1] = {slot};
  PQclear(PQexec(c, "BEGIN"));
  PGresult *r = PQexecParams(
      c, "SELECT owner FROM slots WHERE slot = $1 FOR UPDATE", 1, nullptr, p,
      nullptr, nullptr, 0);
  if (PQntuples(r) == 0)
    PQclear(PQexecParams(c, "INSERT INTO slots (slot, owner) VALUES ($1, 'me')",
                         1, nullptr, p, nullptr, nullptr, 0));
  // CHECK: :[[@LINE-6]]:17: warning: check-then-act race on shared SQL table 'slots': 'SELECT ... FOR UPDATE' then 'INSERT' on (slot): FOR UPDATE locks no row when none exists; two processes can both find no row and both insert it [cta-sql-check-then-act]
  // CHECK-NEXT: :[[@LINE-7]]:17: note: check of 'slots' here; shared because a SQL table is shared by every process connected to the database (high confidence)
  // CHECK-NEXT: :[[@LINE-4]]:13: note: act on 'slots' here
  // CHECK-NEXT: :[[@LINE-5]]:13: note: use 'INSERT INTO slots (slot, owner) VALUES (...) ON CONFLICT (slot) DO NOTHING RETURNING id' (with a UNIQUE constraint on (slot)) and read the existing row only when it returns none
  PQclear(r);
  PQclear(PQexec(c, "COMMIT"));
}

// SERIALIZABLE, but nothing retries: the loser gets a serialization failure.
void serializableOnce(PGconn *c, const char *email) {
  const char *p[1] = {email};
  PQclear(PQexec(c, "BEGIN ISOLATION LEVEL SERIALIZABLE"));
  PGresult *r = PQexecParams(c, "SELECT id FROM members WHERE email = $1", 1,
                             nullptr, p, nullptr, nullptr, 0);
  if (PQntuples(r) == 0)
    PQclear(PQexecParams(c, "INSERT INTO members (email) VALUES ($1)", 1,
                         nullptr, p, nullptr, nullptr, 0));
  // CHECK: :[[@LINE-5]]:17: warning: check-then-act race on shared SQL table 'members': 'SELECT' then 'INSERT' on (email) without a constraint or lock; two processes can both find no row and both insert it (the transaction is SERIALIZABLE but nothing retries it: one of them fails with SQLSTATE 40001) [cta-sql-check-then-act]
  // CHECK-NEXT: :[[@LINE-6]]:17: note: check of 'members' here; shared because a SQL table is shared by every process connected to the database (high confidence)
  // CHECK-NEXT: :[[@LINE-4]]:13: note: act on 'members' here
  // CHECK-NEXT: :[[@LINE-5]]:13: note: use 'INSERT INTO members (email) VALUES (...) ON CONFLICT (email) DO NOTHING RETURNING id' (with a UNIQUE constraint on (email)) and read the existing row only when it returns none
  PQclear(r);
  PQclear(PQexec(c, "COMMIT"));
}
