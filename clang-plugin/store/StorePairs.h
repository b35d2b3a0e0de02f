//===- StorePairs.h - Which write depends on which read of a store --------===//
//
/// \file
/// Pairs every write a function sends to a store with the earlier reads of
/// the same element whose answer it depends on: a condition on the read's
/// answer decides whether the write runs (a guard, or an early return), or
/// the write's values come from it (a read-modify-write). The atomic forms
/// are dropped here, before any rule sees a pair: a write that decides by
/// itself (SET NX, SETNX, GETDEL, INSERT ... ON CONFLICT, INSERT OR IGNORE),
/// a write whose own reply gates (INCR, SADD, DEL; a conditional UPDATE
/// whose affected-row count is checked), WATCH ... EXEC with EXEC's reply
/// checked, a row locked FOR UPDATE before an UPDATE, an advisory lock or a
/// write-locking BEGIN before the read, and a SERIALIZABLE transaction that
/// is retried. See docs/redis-check-then-act.md, docs/sql-check-then-act.md.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_STORE_STOREPAIRS_H
#define CTA_STORE_STOREPAIRS_H

#include "store/StoreFacts.h"
#include <vector>

namespace clang {
class FunctionDecl;
}

namespace cta {

struct StorePair {
  StorePair(const StoreFacts &F, const StoreOp &Check, const StoreOp &Act)
      : Facts(F), Check(Check), Act(Act) {}
  const StoreFacts &Facts;
  const StoreOp &Check;
  const StoreOp &Act;
  const clang::FunctionDecl *Function = nullptr;
  bool Guarded = false; ///< A condition on the check's answer runs the act.
  bool ByValue = false; ///< The act writes values computed from the answer.
  /// SQL: the column the UPDATE sets that the SELECT read.
  std::string Column;
  /// SQL: the schema has a UNIQUE constraint on the INSERT's key columns:
  /// the loser of the race fails with a duplicate-key error.
  bool DuplicateKey = false;
  /// SQL: a SERIALIZABLE transaction that nothing retries.
  bool SerializableNoRetry = false;
};

/// The pairs of \p F that are not one of the atomic forms. \p Schema may be
/// null.
std::vector<StorePair> storePairs(const StoreFacts &F,
                                  const clang::FunctionDecl *FD,
                                  const SqlSchema *Schema);

} // namespace cta

#endif // CTA_STORE_STOREPAIRS_H
