// RUN: %clang_cta_real -fsyntax-only -fplugin-arg-cta-schema=%S/Inputs/schema.sql %s 2>&1 | %check_strict %s --check-prefix=UNIQUE
// RUN: %clang_cta_real -fsyntax-only %s 2>&1 | %check_strict %s --check-prefix=PLAIN
// RUN: rm -rf %t && mkdir -p %t && cp %S/Inputs/schema.sql %t/ && printf 'schema: schema.sql\n' > %t/cta.yaml
// RUN: %clang_cta_real -fsyntax-only -fplugin-arg-cta-config=%t/cta.yaml %s 2>&1 | %check_strict %s --check-prefix=UNIQUE
// RUN: not %clang_cta_real -fsyntax-only -fplugin-arg-cta-schema=%t/missing.sql %s 2>&1 | FileCheck %s --check-prefix=MISSING
//
// schema=<file.sql> teaches cta the UNIQUE constraints: a select-then-insert
// on a unique column then fails with a duplicate-key error instead of
// inserting twice, and is reported so, at medium confidence.

#include <pqxx/pqxx>
#include <string>

int ensureUser(pqxx::work &txn, const std::string &email) {
  pqxx::result r = txn.exec_params("SELECT id FROM users WHERE email = $1", email);
  if (!r.empty())
    return r[0][0].as<int>();
  txn.exec_params("INSERT INTO users (email) VALUES ($1)", email);
  // UNIQUE: :[[@LINE-4]]:20: warning: check-then-act race on shared SQL table 'users': 'SELECT' then 'INSERT' on unique (email); when two processes both find no row, the second insert will fail with a duplicate-key error [cta-sql-check-then-act]
  // UNIQUE-NEXT: :[[@LINE-5]]:20: note: check of 'users' here; shared because a SQL table is shared by every process connected to the database (medium confidence)
  // UNIQUE-NEXT: :[[@LINE-3]]:3: note: act on 'users' here
  // UNIQUE-NEXT: :[[@LINE-4]]:3: note: use 'INSERT INTO users (email) VALUES (...) ON CONFLICT (email) DO NOTHING RETURNING id' (with a UNIQUE constraint on (email)) and read the existing row only when it returns none
  // PLAIN: :[[@LINE-8]]:20: warning: check-then-act race on shared SQL table 'users': 'SELECT' then 'INSERT' on (email) without a constraint or lock; two processes can both find no row and both insert it [cta-sql-check-then-act]
  // PLAIN-NEXT: :[[@LINE-9]]:20: note: check of 'users' here; shared because a SQL table is shared by every process connected to the database (high confidence)
  return -1;
}

// No constraint on notes.owner: two rows.
void ensureNote(pqxx::work &txn, const std::string &owner) {
  pqxx::result r = txn.exec_params("SELECT id FROM notes WHERE owner = $1", owner);
  if (r.empty())
    txn.exec_params("INSERT INTO notes (owner, body) VALUES ($1, '')", owner);
  // UNIQUE: :[[@LINE-3]]:20: warning: check-then-act race on shared SQL table 'notes': 'SELECT' then 'INSERT' on (owner) without a constraint or lock; two processes can both find no row and both insert it [cta-sql-check-then-act]
  // UNIQUE-NEXT: :[[@LINE-4]]:20: note: check of 'notes' here; shared because a SQL table is shared by every process connected to the database (high confidence)
  // PLAIN: :[[@LINE-5]]:20: warning: check-then-act race on shared SQL table 'notes'
}

// MISSING: cta plugin: cannot read schema '{{.*}}missing.sql'
