// RUN: %clang_cta_real -fsyntax-only %s 2>&1 | %check_strict %s
//
// cta-sql-check-then-act against the real sqlite3 header: the statement is
// read at sqlite3_prepare_v2 and runs at sqlite3_step; sqlite3_exec runs its
// text at once.

#include <sqlite3.h>

// select-then-insert through two prepared statements.
void ensureTag(sqlite3 *db, const char *name) {
  sqlite3_stmt *sel = nullptr;
  sqlite3_prepare_v2(db, "SELECT id FROM tags WHERE name = ?1", -1, &sel, nullptr);
  sqlite3_bind_text(sel, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step(sel) == SQLITE_ROW) {
    sqlite3_finalize(sel);
    return;
  }
  sqlite3_finalize(sel);
  sqlite3_stmt *ins = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO tags (name) VALUES (?1)", -1, &ins, nullptr);
  sqlite3_bind_text(ins, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_step(ins);
  // CHECK: :[[@LINE-9]]:7: warning: check-then-act race on shared SQL table 'tags': 'SELECT' then 'INSERT' on (name) without a constraint or lock; two processes can both find no row and both insert it [cta-sql-check-then-act]
  // CHECK-NEXT: :[[@LINE-10]]:7: note: check of 'tags' here; shared because a SQL table is shared by every process connected to the database (high confidence)
  // CHECK-NEXT: :[[@LINE-3]]:3: note: act on 'tags' here
  // CHECK-NEXT: :[[@LINE-4]]:3: note: use 'INSERT INTO tags (name) VALUES (...) ON CONFLICT (name) DO NOTHING RETURNING id' (with a UNIQUE constraint on (name)) and read the existing row only when it returns none
  sqlite3_finalize(ins);
}

// A lost update: the value bound to the UPDATE comes from the SELECT.
void addPoints(sqlite3 *db, int id, int points) {
  sqlite3_stmt *sel = nullptr;
  sqlite3_prepare_v2(db, "SELECT points FROM players WHERE id = ?", -1, &sel,
                     nullptr);
  sqlite3_bind_int(sel, 1, id);
  sqlite3_step(sel);
  int current = sqlite3_column_int(sel, 0);
  sqlite3_finalize(sel);
  sqlite3_stmt *upd = nullptr;
  sqlite3_prepare_v2(db, "UPDATE players SET points = ? WHERE id = ?", -1, &upd,
                     nullptr);
  sqlite3_bind_int(upd, 1, current + points);
  sqlite3_bind_int(upd, 2, id);
  sqlite3_step(upd);
  // CHECK: :[[@LINE-9]]:3: warning: check-then-act race on shared SQL table 'players': 'SELECT points' then 'UPDATE ... SET points = <value>' on (id); two processes can both read the same points and one update is lost [cta-sql-check-then-act]
  // CHECK-NEXT: :[[@LINE-10]]:3: note: check of 'players' here; shared because a SQL table is shared by every process connected to the database (high confidence)
  // CHECK-NEXT: :[[@LINE-3]]:3: note: act on 'players' here
  // CHECK-NEXT: :[[@LINE-4]]:3: note: use 'UPDATE players SET points = points - $1 WHERE id = $2 AND points >= $1' and go on only if it affected one row
  sqlite3_finalize(upd);
}

// sqlite3_exec: the callback's argument carries the answer.
static int found(void *flag, int, char **, char **) {
  *static_cast<bool *>(flag) = true;
  return 0;
}
void ensureDefault(sqlite3 *db) {
  bool exists = false;
  sqlite3_exec(db, "SELECT 1 FROM settings WHERE key = 'theme'", found, &exists,
               nullptr);
  if (!exists)
    sqlite3_exec(db, "INSERT INTO settings (key, value) VALUES ('theme', 'dark')",
                 nullptr, nullptr, nullptr);
  // CHECK: :[[@LINE-5]]:3: warning: check-then-act race on shared SQL table 'settings': 'SELECT' then 'INSERT' on (key) without a constraint or lock; two processes can both find no row and both insert it [cta-sql-check-then-act]
  // CHECK-NEXT: :[[@LINE-6]]:3: note: check of 'settings' here; shared because a SQL table is shared by every process connected to the database (high confidence)
  // CHECK-NEXT: :[[@LINE-4]]:5: note: act on 'settings' here
  // CHECK-NEXT: :[[@LINE-5]]:5: note: use 'INSERT INTO settings (key, value) VALUES (...) ON CONFLICT (key) DO NOTHING RETURNING id' (with a UNIQUE constraint on (key)) and read the existing row only when it returns none
}
