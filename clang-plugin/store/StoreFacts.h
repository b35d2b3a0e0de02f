//===- StoreFacts.h - The commands a function sends to Redis and SQL
//-------===//
//
/// \file
/// A cross-process check-then-act is two commands to one store: a read whose
/// answer decides (GET, EXISTS, SISMEMBER, SELECT) and a write made on the
/// strength of it (SET, INCR, DEL, SADD, INSERT, UPDATE). The store is the
/// shared object by nature: every process that connects to it sees the same
/// keys and rows, so no lock inside one process orders the two commands.
///
/// This file reads, for one function body, every command sent through the
/// client APIs of ModelTables (hiredis, libpq, libpqxx, sqlite3) and through
/// the project's own thin wrappers (StoreWrappers: a helper forwarding its
/// format or text parameter), what each command names (a Redis key with its
/// format arguments, a SQL table and its WHERE columns), and which variables
/// carry its answer. StorePairs (StorePairs.h) then decides which write
/// depends on which read. See docs/redis-check-then-act.md and
/// docs/sql-check-then-act.md.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_STORE_STOREFACTS_H
#define CTA_STORE_STOREFACTS_H

#include "ModelTables.h"
#include "store/RedisCommand.h"
#include "store/SqlParser.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class FunctionDecl;
class ParentMap;
class Stmt;
class VarDecl;
} // namespace clang

namespace cta {

/// The project's wrappers of store APIs in one translation unit: a function
/// whose body passes its own format or text parameter on to a client API
/// (or to another wrapper) is an API of the same form, with the text at
/// that parameter.
class StoreWrappers {
public:
  /// Summarizes \p Functions (every user function of the TU).
  StoreWrappers(clang::ASTContext &Ctx,
                llvm::ArrayRef<const clang::FunctionDecl *> Functions);
  /// The row of wrapper \p FD, or null.
  const StoreApiInfo *wrapper(const clang::FunctionDecl *FD) const;

private:
  llvm::DenseMap<const clang::FunctionDecl *, StoreApiInfo> Rows;
  std::deque<std::string> Names; ///< Storage for the rows' names.
};

/// The store API row a call is, built-in or wrapper; null if none.
const StoreApiInfo *storeApiOf(const clang::CallExpr *CE,
                               const StoreWrappers *Wrappers);

/// One command sent to a store.
struct StoreOp {
  StoreKind Store = StoreKind::Redis;
  const clang::CallExpr *Call = nullptr; ///< The call that runs it.
  unsigned Offset = 0;                   ///< Source order within the function.
  std::string Api;  ///< "redisCommand", "exec_params", "sqlite3_step".
  std::string Text; ///< The command as written.
  RedisCommandText Redis;
  SqlStatement Sql;
  /// What the command touches: for Redis the element's words with their
  /// format arguments' identities, for SQL the table.
  std::string ElementId;
  std::string Object; ///< "profile:%s", "users".
  std::string Key;    ///< The key's arguments as spelled, or SQL columns.
  /// Expressions whose value is the store's answer (the call itself when
  /// ValueIsReply) and variables it is written into.
  const clang::Expr *Answer = nullptr;
  llvm::SmallVector<const clang::VarDecl *, 2> AnswerVars;
  /// Variables the command's values come from (format arguments, bound
  /// parameters, parameter arrays).
  llvm::SmallVector<const clang::VarDecl *, 4> ValueVars;
  /// Inside a loop or a try block: a transaction can be retried.
  bool InRetry = false;
  /// A condition (or a return to the caller) reads the command's answer.
  bool Gates = false;

  bool isRedisRead() const {
    return Redis.Info && Redis.Info->Role == StoreRole::Read;
  }
};

/// The commands of one function and what carries their answers.
class StoreFacts {
public:
  std::vector<StoreOp> Ops;
  /// pqxx::transaction<isolation_level::serializable> and BEGIN ...
  /// SERIALIZABLE: the offsets where a serializable transaction starts.
  std::vector<unsigned> SerializableAt;

  /// Variables derived from op \p I's answer, transitively.
  const llvm::SmallPtrSet<const clang::VarDecl *, 8> &taint(unsigned I) const {
    return Taint[I];
  }
  /// Does \p E read op \p I's answer (contain its call or a derived
  /// variable)?
  bool mentions(const clang::Stmt *E, unsigned I, unsigned Depth = 0) const;
  /// Does \p E decide on op \p I's answer, its value (a nil reply, an
  /// integer, rows) rather than only whether the command failed? A test
  /// that only asks "did it fail" (`!r`, `r == nullptr`, `r->type ==
  /// REDIS_REPLY_ERROR`, `PQresultStatus(r) != PGRES_TUPLES_OK`, `rc !=
  /// SQLITE_OK`, or a variable holding one) reads no answer.
  bool decides(const clang::Stmt *E, unsigned I, unsigned Depth = 0) const;

  const clang::Stmt *Body = nullptr;
  std::unique_ptr<clang::ParentMap> Parents;
  std::vector<llvm::SmallPtrSet<const clang::VarDecl *, 8>> Taint;
  /// Per op: the expressions that only test whether it failed, and the
  /// variables every value of which is such a test.
  std::vector<llvm::SmallPtrSet<const clang::Stmt *, 4>> FailureTests;
  std::vector<llvm::SmallPtrSet<const clang::VarDecl *, 4>> FailureOnly;

  StoreFacts();
  ~StoreFacts();
  StoreFacts(StoreFacts &&);
};

/// Reads the commands of \p Body (of \p FD).
StoreFacts buildStoreFacts(const clang::Stmt *Body,
                           const clang::FunctionDecl *FD,
                           clang::ASTContext &Ctx,
                           const StoreWrappers &Wrappers);

/// The text \p E spells: a string literal, a constexpr or const variable
/// initialized with one, a std::string or string_view made from one, or
/// `.c_str()` of such a string.
std::optional<std::string> literalText(const clang::Expr *E);

} // namespace cta

#endif // CTA_STORE_STOREFACTS_H
