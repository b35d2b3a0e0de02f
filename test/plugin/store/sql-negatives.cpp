// RUN: %clang_cta_real -I/usr/include/postgresql -fsyntax-only %s 2>&1 | %check_clean %s --implicit-check-not=cta-
//
// The atomic SQL forms cta-sql-check-then-act never flags, across libpq,
// libpqxx and sqlite3, and pairs that are not one key or not one decision.

#include <cstdlib>
#include <cstring>
#include <libpq-fe.h>
#include <pqxx/pqxx>
#include <sqlite3.h>
#include <string>

// INSERT ... ON CONFLICT DO NOTHING RETURNING id: one statement decides.
int upsertUser(pqxx::work &txn, const std::string &email) {
  pqxx::result r = txn.exec_params("SELECT id FROM users WHERE email = $1", email);
  if (!r.empty())
    return r[0][0].as<int>();
  pqxx::result i = txn.exec_params(
      "INSERT INTO users (email) VALUES ($1) ON CONFLICT (email) DO NOTHING "
      "RETURNING id",
      email);
  return i.empty() ? -1 : i[0][0].as<int>();
}

// sqlite's INSERT OR IGNORE.
void ignoreTag(sqlite3 *db, const char *name) {
  sqlite3_stmt *sel = nullptr;
  sqlite3_prepare_v2(db, "SELECT id FROM tags WHERE name = ?1", -1, &sel, nullptr);
  sqlite3_bind_text(sel, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step(sel) != SQLITE_ROW) {
    sqlite3_stmt *ins = nullptr;
    sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO tags (name) VALUES (?1)", -1,
                       &ins, nullptr);
    sqlite3_step(ins);
  }
}

// A conditional UPDATE whose affected-row count gates (libpq).
bool spendChecked(PGconn *c, const char *id, int amount, const char *amt) {
  const char *p[1] = {id};
  PGresult *r = PQexecParams(c, "SELECT credits FROM accounts WHERE id = $1", 1,
                             nullptr, p, nullptr, nullptr, 0);
  int credits = std::atoi(PQgetvalue(r, 0, 0));
  if (credits < amount)
    return false;
  const char *u[2] = {amt, id};
  PGresult *w = PQexecParams(c,
                             "UPDATE accounts SET credits = credits - $1 WHERE "
                             "id = $2 AND credits >= $1",
                             2, nullptr, u, nullptr, nullptr, 0);
  return std::strcmp(PQcmdTuples(w), "1") == 0;
}

// The same with libpqxx's affected_rows().
bool spendPqxx(pqxx::work &txn, int id, int amount) {
  pqxx::row row = txn.exec1("SELECT credits FROM accounts WHERE id = 7");
  if (row[0].as<int>() < amount)
    return false;
  pqxx::result w = txn.exec_params(
      "UPDATE accounts SET credits = credits - $1 WHERE id = $2 AND credits >= $1",
      amount, id);
  return w.affected_rows() == 1;
}

// The same with sqlite3_changes().
bool spendSqlite(sqlite3 *db, int amount) {
  sqlite3_stmt *sel = nullptr;
  sqlite3_prepare_v2(db, "SELECT credits FROM accounts WHERE id = 1", -1, &sel,
                     nullptr);
  sqlite3_step(sel);
  if (sqlite3_column_int(sel, 0) < amount)
    return false;
  sqlite3_stmt *upd = nullptr;
  sqlite3_prepare_v2(db,
                     "UPDATE accounts SET credits = credits - ? WHERE id = 1 "
                     "AND credits >= ?",
                     -1, &upd, nullptr);
  sqlite3_step(upd);
  return sqlite3_changes(db) == 1;
}

// A SERIALIZABLE transaction retried on a serialization failure.
void serializableRetry(pqxx::connection &conn, const std::string &email) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    try {
      pqxx::transaction<pqxx::isolation_level::serializable> txn(conn);
      pqxx::result r =
          txn.exec_params("SELECT id FROM members WHERE email = $1", email);
      if (r.empty())
        txn.exec_params("INSERT INTO members (email) VALUES ($1)", email);
      txn.commit();
      return;
    } catch (const pqxx::serialization_failure &) {
    }
  }
}

// An advisory lock taken before the check orders every process.
void advisory(PGconn *c, const char *email) {
  const char *p[1] = {email};
  PQclear(PQexec(c, "BEGIN"));
  PQclear(PQexecParams(c, "SELECT pg_advisory_xact_lock(hashtext($1))", 1,
                       nullptr, p, nullptr, nullptr, 0));
  PGresult *r = PQexecParams(c, "SELECT id FROM users WHERE email = $1", 1,
                             nullptr, p, nullptr, nullptr, 0);
  if (PQntuples(r) == 0)
    PQclear(PQexecParams(c, "INSERT INTO users (email) VALUES ($1)", 1, nullptr,
                         p, nullptr, nullptr, 0));
  PQclear(PQexec(c, "COMMIT"));
}

// sqlite's BEGIN IMMEDIATE takes the write lock before the check.
void immediate(sqlite3 *db) {
  bool exists = false;
  sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "SELECT 1 FROM settings WHERE key = 'theme'",
               [](void *f, int, char **, char **) {
                 *static_cast<bool *>(f) = true;
                 return 0;
               },
               &exists, nullptr);
  if (!exists)
    sqlite3_exec(db, "INSERT INTO settings (key, value) VALUES ('theme', 'x')",
                 nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// SELECT ... FOR UPDATE then UPDATE of the row it locked.
void lockedRow(pqxx::work &txn, int id) {
  pqxx::row row =
      txn.exec1("SELECT credits FROM accounts WHERE id = 7 FOR UPDATE");
  int credits = row[0].as<int>();
  txn.exec_params("UPDATE accounts SET credits = $1 WHERE id = $2", credits - 1,
                  id);
}

// Another table is another key space.
void otherTable(pqxx::work &txn, const std::string &email) {
  pqxx::result r = txn.exec_params("SELECT id FROM users WHERE email = $1", email);
  if (r.empty())
    txn.exec_params("INSERT INTO audit (email) VALUES ($1)", email);
}

// The insert does not write the column the check looked up.
void otherColumns(pqxx::work &txn, const std::string &email) {
  pqxx::result r = txn.exec_params("SELECT id FROM users WHERE email = $1", email);
  if (r.empty())
    txn.exec_params("INSERT INTO users (name) VALUES ($1)", email);
}

// The UPDATE sets a column the SELECT did not read.
void otherColumn(pqxx::work &txn, int id) {
  pqxx::row row = txn.exec1("SELECT name FROM accounts WHERE id = 7");
  if (row[0].is_null())
    return;
  txn.exec_params("UPDATE accounts SET last_seen = now() WHERE id = $1", id);
}

// A relative UPDATE that no check decides: it adds to whatever is there.
void countHit(pqxx::work &txn, int id) {
  pqxx::row row = txn.exec1("SELECT hits FROM pages WHERE id = 7");
  (void)row;
  txn.exec_params("UPDATE pages SET hits = hits + 1 WHERE id = $1", id);
}

// A result nobody reads decides nothing.
void unread(PGconn *c) {
  PQclear(PQexec(c, "SELECT id FROM flags WHERE name = 'beta'"));
  PQclear(PQexec(c, "INSERT INTO flags (name) VALUES ('beta')"));
}

// A statement built at run time is not read.
void dynamicText(pqxx::work &txn, const std::string &table) {
  pqxx::result r = txn.exec("SELECT id FROM " + table + " WHERE k = 1");
  if (r.empty())
    txn.exec("INSERT INTO " + table + " (k) VALUES (1)");
}
