// RUN: %clang_cta_real -fsyntax-only %s 2>&1 | %check_strict %s
//
// cta-sql-check-then-act against the real libpqxx headers (pqxx::work and
// the transaction_base members exec, exec_params, exec0, exec1).

#include <pqxx/pqxx>
#include <string>

// select-then-insert with exec_params and an empty result.
int ensureUser(pqxx::work &txn, const std::string &email) {
  pqxx::result r = txn.exec_params("SELECT id FROM users WHERE email = $1", email);
  if (!r.empty())
    return r[0][0].as<int>();
  txn.exec_params("INSERT INTO users (email) VALUES ($1)", email);
  // CHECK: :[[@LINE-4]]:20: warning: check-then-act race on shared SQL table 'users': 'SELECT' then 'INSERT' on (email) without a constraint or lock; two processes can both find no row and both insert it [cta-sql-check-then-act]
  // CHECK-NEXT: :[[@LINE-5]]:20: note: check of 'users' here; shared because a SQL table is shared by every process connected to the database (high confidence)
  // CHECK-NEXT: :[[@LINE-3]]:3: note: act on 'users' here
  // CHECK-NEXT: :[[@LINE-4]]:3: note: use 'INSERT INTO users (email) VALUES (...) ON CONFLICT (email) DO NOTHING RETURNING id' (with a UNIQUE constraint on (email)) and read the existing row only when it returns none
  return -1;
}

// exec1 reads the balance; the UPDATE writes a value computed from it.
void withdraw(pqxx::work &txn, int id, int amount) {
  pqxx::row row = txn.exec1("SELECT credits FROM accounts WHERE id = 7");
  int credits = row[0].as<int>();
  txn.exec_params("UPDATE accounts SET credits = $1 WHERE id = $2",
                  credits - amount, id);
  // CHECK: :[[@LINE-4]]:19: warning: check-then-act race on shared SQL table 'accounts': 'SELECT credits' then 'UPDATE ... SET credits = <value>' on (id); two processes can both read the same credits and one update is lost [cta-sql-check-then-act]
  // CHECK-NEXT: :[[@LINE-5]]:19: note: check of 'accounts' here; shared because a SQL table is shared by every process connected to the database (high confidence)
  // CHECK-NEXT: :[[@LINE-4]]:3: note: act on 'accounts' here
  // CHECK-NEXT: :[[@LINE-5]]:3: note: use 'UPDATE accounts SET credits = credits - $1 WHERE id = $2 AND credits >= $1' and go on only if it affected one row
}

// A constexpr statement and exec0 for the write.
constexpr const char *kFindSession = "SELECT token FROM sessions WHERE user_id = $1";
void session(pqxx::work &txn, int user) {
  pqxx::result r = txn.exec_params(kFindSession, user);
  if (r.size() == 0)
    txn.exec0("INSERT INTO sessions (user_id, token) VALUES (1, 'x')");
  // CHECK: :[[@LINE-3]]:20: warning: check-then-act race on shared SQL table 'sessions': 'SELECT' then 'INSERT' on (user_id) without a constraint or lock; two processes can both find no row and both insert it [cta-sql-check-then-act]
  // CHECK-NEXT: :[[@LINE-4]]:20: note: check of 'sessions' here; shared because a SQL table is shared by every process connected to the database (high confidence)
  // CHECK-NEXT: :[[@LINE-3]]:5: note: act on 'sessions' here
  // CHECK-NEXT: :[[@LINE-4]]:5: note: use 'INSERT INTO sessions (user_id, token) VALUES (...) ON CONFLICT (user_id) DO NOTHING RETURNING id' (with a UNIQUE constraint on (user_id)) and read the existing row only when it returns none
}

// The project's thin wrapper forwards its text parameter to exec.
pqxx::result query(pqxx::work &txn, const std::string &sql) {
  return txn.exec(sql);
}

void viaWrapper(pqxx::work &txn) {
  pqxx::result r = query(txn, "SELECT id FROM flags WHERE name = 'beta'");
  if (r.empty())
    query(txn, "INSERT INTO flags (name) VALUES ('beta')");
  // CHECK: :[[@LINE-3]]:20: warning: check-then-act race on shared SQL table 'flags': 'SELECT' then 'INSERT' on (name) without a constraint or lock; two processes can both find no row and both insert it [cta-sql-check-then-act]
  // CHECK-NEXT: :[[@LINE-4]]:20: note: check of 'flags' here; shared because a SQL table is shared by every process connected to the database (high confidence)
  // CHECK-NEXT: :[[@LINE-3]]:5: note: act on 'flags' here
  // CHECK-NEXT: :[[@LINE-4]]:5: note: use 'INSERT INTO flags (name) VALUES (...) ON CONFLICT (name) DO NOTHING RETURNING id' (with a UNIQUE constraint on (name)) and read the existing row only when it returns none
}
