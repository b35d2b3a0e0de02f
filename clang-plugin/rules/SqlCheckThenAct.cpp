//===- SqlCheckThenAct.cpp - cta-sql-check-then-act -----------------------===//

#include "SqlCheckThenAct.h"
#include "../store/StorePairs.h"
#include "Common.h"
#include "llvm/ADT/StringExtras.h"

namespace cta {
namespace {

std::string columns(const std::vector<std::string> &Cols) {
  return "(" + llvm::join(Cols, ", ") + ")";
}

/// `INSERT INTO users (email, name) VALUES (...) ON CONFLICT (email) DO
/// NOTHING RETURNING id`.
std::string insertAdvice(const StorePair &P) {
  const SqlStatement &A = P.Act.Sql, &C = P.Check.Sql;
  std::string Cols = A.Columns.empty() ? "" : " " + columns(A.Columns);
  std::string Conflict = C.WhereEq.empty() ? "" : " " + columns(C.WhereEq);
  return "use 'INSERT INTO " + A.Table + Cols + " VALUES (...) ON CONFLICT" +
         Conflict + " DO NOTHING RETURNING id' (with a UNIQUE constraint on" +
         Conflict + ") and read the existing row only when it returns none";
}

/// `UPDATE accounts SET credits = credits - $1 WHERE id = $2 AND credits >=
/// $1`.
std::string updateAdvice(const StorePair &P) {
  const SqlStatement &A = P.Act.Sql;
  std::string Where;
  unsigned N = 2;
  for (const std::string &W : A.WhereEq)
    Where += W + " = $" + std::to_string(N++) + " AND ";
  const std::string &Col = P.Column;
  return "use 'UPDATE " + A.Table + " SET " + Col + " = " + Col +
         " - $1 WHERE " + Where + Col +
         " >= $1' and go on only if it affected one row";
}

} // namespace

std::optional<Finding> SqlCheckThenActRule::match(const StorePair &P,
                                                  FindingBuilder &B) {
  if (P.Act.Store != StoreKind::Sql)
    return std::nullopt;
  const SqlStatement &C = P.Check.Sql, &A = P.Act.Sql;
  std::string On = C.WhereEq.empty() ? "" : " on " + columns(C.WhereEq);
  std::string Head =
      "check-then-act race on shared SQL table '" + A.Table + "': ";
  std::string Message, Advice;
  if (A.K == SqlStatement::Insert) {
    Advice = insertAdvice(P);
    if (P.DuplicateKey)
      Message = Head + "'SELECT' then 'INSERT' on unique " +
                columns(C.WhereEq) +
                "; when two processes both find no row, the second insert "
                "will fail with a duplicate-key error";
    else if (C.ForUpdate)
      Message = Head + "'SELECT ... FOR UPDATE' then 'INSERT'" + On +
                ": FOR UPDATE locks no row when none exists; two processes "
                "can both find no row and both insert it";
    else
      Message = Head + "'SELECT' then 'INSERT'" + On +
                " without a constraint or lock; two processes can both find "
                "no row and both insert it";
  } else {
    Advice = updateAdvice(P);
    bool Relative =
        llvm::any_of(A.Sets, [&](const SqlStatement::Assignment &S) {
          return S.Column == P.Column && S.Relative;
        });
    if (Relative)
      Message =
          Head + "'SELECT " + P.Column + "' then 'UPDATE ... SET " + P.Column +
          " = " + P.Column + " ...'" + On +
          (A.whereMentions(P.Column) ? " with its affected-row count unchecked"
                                     : " without the check in its WHERE") +
          "; two processes can both pass the check";
    else
      Message = Head + "'SELECT " + P.Column + "' then 'UPDATE ... SET " +
                P.Column + " = <value>'" + On +
                "; two processes can both read the same " + P.Column +
                " and one update is lost";
  }
  if (P.SerializableNoRetry)
    Message += " (the transaction is SERIALIZABLE but nothing retries it: "
               "one of them fails with SQLSTATE 40001)";
  Finding F = storeFinding(id(), P, B, std::move(Message), std::move(Advice));
  if (P.DuplicateKey) {
    F.Conf = Confidence::Medium;
    F.Evidence.push_back("schema: a UNIQUE constraint on " +
                         columns(C.WhereEq) +
                         " turns the race into a duplicate-key error");
  }
  return F;
}

} // namespace cta
