//===- SqlParser.h - The little of SQL that check-then-act needs ----------===//
//
/// \file
/// A small, forgiving reader of the statements applications send through
/// libpq, libpqxx and sqlite3: SELECT, INSERT, UPDATE, DELETE, BEGIN, COMMIT,
/// ROLLBACK and SET TRANSACTION. It records what makes a check or an act:
/// the table, the columns compared in the WHERE clause, the columns a
/// statement reads or writes, whether an UPDATE's new value is relative to
/// the old (`credits = credits - $1`), and the clauses that make a statement
/// atomic on its own (ON CONFLICT, INSERT OR IGNORE, FOR UPDATE, an advisory
/// lock, a SERIALIZABLE transaction). Anything it does not understand is
/// `Unknown`, never an error: a statement cta cannot read is neither a check
/// nor an act. See docs/sql-check-then-act.md.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_STORE_SQLPARSER_H
#define CTA_STORE_SQLPARSER_H

#include "llvm/ADT/StringRef.h"
#include <map>
#include <string>
#include <vector>

namespace cta {

struct SqlStatement {
  enum Kind {
    Unknown,
    Select,
    Insert,
    Update,
    Delete,
    Begin,
    Commit,
    Rollback,
    SetTransaction,
  };
  Kind K = Unknown;
  std::string Table; ///< Lower-case, schema prefix kept: "public.users".
  /// SELECT: the columns read ("*" for all). INSERT: the column list.
  std::vector<std::string> Columns;
  /// Columns a WHERE conjunct compares with `=` (the row's key).
  std::vector<std::string> WhereEq;
  /// Every column the WHERE clause mentions.
  std::vector<std::string> WhereCols;
  struct Assignment {
    std::string Column;
    bool Relative = false; ///< The new value reads the column itself.
  };
  std::vector<Assignment> Sets; ///< UPDATE ... SET.
  bool ForUpdate = false;       ///< SELECT ... FOR UPDATE / FOR SHARE.
  /// INSERT ... ON CONFLICT, INSERT OR IGNORE/REPLACE, REPLACE INTO,
  /// INSERT IGNORE, ON DUPLICATE KEY UPDATE: the insert decides itself.
  bool OnConflict = false;
  bool Returning = false;
  /// BEGIN / SET TRANSACTION with ISOLATION LEVEL SERIALIZABLE.
  bool Serializable = false;
  /// sqlite's BEGIN IMMEDIATE / EXCLUSIVE: the write lock is taken at once.
  bool WriteLockedBegin = false;
  /// A call of pg_advisory_lock / pg_advisory_xact_lock (not the try_
  /// forms, whose result must be checked).
  bool AdvisoryLock = false;

  /// Does the WHERE clause mention \p Column?
  bool whereMentions(llvm::StringRef Column) const;
  /// Does the SELECT read \p Column ("*" reads all)?
  bool reads(llvm::StringRef Column) const;
};

/// Parses one statement (a trailing `;` is allowed).
SqlStatement parseSqlStatement(llvm::StringRef Text);
/// Parses a script of statements separated by `;` (outside quotes).
std::vector<SqlStatement> parseSqlScript(llvm::StringRef Text);

/// The UNIQUE constraints a schema declares: PRIMARY KEY and UNIQUE
/// columns, UNIQUE (a, b) table constraints, CREATE UNIQUE INDEX.
class SqlSchema {
public:
  /// Reads CREATE TABLE and CREATE UNIQUE INDEX statements of \p Text.
  static SqlSchema parse(llvm::StringRef Text);
  /// Is there a UNIQUE constraint on \p Table whose columns are all among
  /// \p Columns?
  bool isUnique(llvm::StringRef Table,
                const std::vector<std::string> &Columns) const;
  bool empty() const { return Unique.empty(); }

private:
  std::map<std::string, std::vector<std::vector<std::string>>> Unique;
};

} // namespace cta

#endif // CTA_STORE_SQLPARSER_H
