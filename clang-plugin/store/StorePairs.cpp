//===- StorePairs.cpp - Which write depends on which read of a store ------===//

#include "store/StorePairs.h"
#include "facts/Syntax.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/Stmt.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace cta {
namespace {

/// Does a condition on op \p C's answer decide whether \p Act runs: an
/// enclosing branch, loop or `&&`, or an earlier `if` in an enclosing block
/// whose branch leaves (`if (r->type != REDIS_REPLY_NIL) return ...;`)? A
/// condition that only tests whether the command failed decides nothing
/// (StoreFacts::decides).
bool guardedBy(const StoreFacts &F, unsigned C, const Stmt *Act) {
  const Stmt *Child = Act;
  for (const Stmt *P = F.Parents->getParent(Child); P;
       Child = P, P = F.Parents->getParent(P)) {
    if (const auto *If = dyn_cast<IfStmt>(P)) {
      if ((Child == If->getThen() || Child == If->getElse()) &&
          F.decides(If->getCond(), C))
        return true;
    } else if (const auto *W = dyn_cast<WhileStmt>(P)) {
      if (Child == W->getBody() && F.decides(W->getCond(), C))
        return true;
    } else if (const auto *For = dyn_cast<ForStmt>(P)) {
      if (Child == For->getBody() && F.decides(For->getCond(), C))
        return true;
    } else if (const auto *Sw = dyn_cast<SwitchStmt>(P)) {
      if (Child == Sw->getBody() && F.decides(Sw->getCond(), C))
        return true;
    } else if (const auto *CO = dyn_cast<AbstractConditionalOperator>(P)) {
      if (Child != CO->getCond() && F.decides(CO->getCond(), C))
        return true;
    } else if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
      if (BO->isLogicalOp() && Child == BO->getRHS() &&
          F.decides(BO->getLHS(), C))
        return true;
    } else if (const auto *CS = dyn_cast<CompoundStmt>(P)) {
      for (const Stmt *S : CS->body()) {
        if (S == Child)
          break;
        const auto *If = dyn_cast<IfStmt>(S);
        if (If && F.decides(If->getCond(), C) &&
            (alwaysExits(If->getThen()) ||
             (If->getElse() && alwaysExits(If->getElse()))))
          return true;
      }
    }
  }
  return false;
}

bool valueFrom(const StoreFacts &F, unsigned C, const StoreOp &Act) {
  return llvm::any_of(Act.ValueVars, [&](const clang::VarDecl *VD) {
    return F.taint(C).count(VD);
  });
}

/// WATCH on the element before the check and EXEC after the act, with
/// EXEC's reply checked: the transaction fails when another process wrote.
bool watched(const StoreFacts &F, const StoreOp &Check, const StoreOp &Act) {
  bool Watch = llvm::any_of(F.Ops, [&](const StoreOp &O) {
    return O.Redis.Info && O.Redis.Info->Role == StoreRole::Watch &&
           O.Offset < Check.Offset &&
           llvm::StringRef(Check.ElementId).starts_with(O.ElementId);
  });
  return Watch && llvm::any_of(F.Ops, [&](const StoreOp &O) {
           return O.Redis.Info && O.Redis.Info->Role == StoreRole::Exec &&
                  O.Offset > Act.Offset && O.Gates;
         });
}

bool redisAtomic(const StoreFacts &F, const StoreOp &Check,
                 const StoreOp &Act) {
  const RedisCommandInfo &A = *Act.Redis.Info;
  if (A.Role != StoreRole::Write || Act.Redis.Conditional)
    return true;
  // INCR, SADD, DEL... whose reply decides what happens next.
  if (A.ReplyTells && Act.Gates)
    return true;
  return watched(F, Check, Act);
}

/// Something before the check makes the SQL pair one step: an advisory
/// lock, sqlite's BEGIN IMMEDIATE/EXCLUSIVE.
bool lockedBefore(const StoreFacts &F, const StoreOp &Check) {
  return llvm::any_of(F.Ops, [&](const StoreOp &O) {
    return O.Store == StoreKind::Sql && O.Offset <= Check.Offset &&
           (O.Sql.AdvisoryLock || O.Sql.WriteLockedBegin);
  });
}

bool serializableBefore(const StoreFacts &F, const StoreOp &Check) {
  return llvm::any_of(F.SerializableAt,
                      [&](unsigned At) { return At <= Check.Offset; });
}

bool covers(const std::vector<std::string> &Big,
            const std::vector<std::string> &Small) {
  return llvm::all_of(
      Small, [&](const std::string &C) { return llvm::is_contained(Big, C); });
}

} // namespace

std::vector<StorePair> storePairs(const StoreFacts &F, const FunctionDecl *FD,
                                  const SqlSchema *Schema) {
  std::vector<StorePair> Out;
  for (unsigned AI = 0; AI < F.Ops.size(); ++AI) {
    const StoreOp &Act = F.Ops[AI];
    // The read closest to the act is the one reported.
    for (unsigned CI = AI; CI-- > 0;) {
      const StoreOp &Check = F.Ops[CI];
      if (Check.Store != Act.Store || Check.Offset >= Act.Offset ||
          Check.ElementId.empty() || Check.ElementId != Act.ElementId)
        continue;
      StorePair P(F, Check, Act);
      P.Function = FD;
      P.Guarded = guardedBy(F, CI, Act.Call);
      P.ByValue = valueFrom(F, CI, Act);
      if (!P.Guarded && !P.ByValue)
        continue;
      if (Act.Store == StoreKind::Redis) {
        if (!Check.isRedisRead() || !Act.Redis.Info ||
            redisAtomic(F, Check, Act))
          continue;
        Out.push_back(P);
        break;
      }
      const SqlStatement &C = Check.Sql, &A = Act.Sql;
      if (C.K != SqlStatement::Select || lockedBefore(F, Check))
        continue;
      if (serializableBefore(F, Check)) {
        if (Check.InRetry)
          continue;
        P.SerializableNoRetry = true;
      }
      if (A.K == SqlStatement::Insert) {
        if (A.OnConflict || !P.Guarded ||
            (!A.Columns.empty() && !covers(A.Columns, C.WhereEq)))
          continue;
        P.DuplicateKey = Schema && !C.WhereEq.empty() &&
                         Schema->isUnique(A.Table, C.WhereEq);
        Out.push_back(P);
        break;
      }
      if (A.K != SqlStatement::Update || C.ForUpdate ||
          !covers(A.WhereEq, C.WhereEq))
        continue;
      const SqlStatement::Assignment *Set = nullptr;
      for (const SqlStatement::Assignment &As : A.Sets)
        if (C.reads(As.Column)) {
          Set = &As;
          break;
        }
      if (!Set)
        continue;
      // A conditional UPDATE (`... AND credits >= $1`) whose affected-row
      // count is checked is the atomic form; a relative one runs on
      // whatever value is there, so only a guard makes it a race.
      if (A.whereMentions(Set->Column) && Act.Gates)
        continue;
      if (Set->Relative && !P.Guarded)
        continue;
      P.Column = Set->Column;
      Out.push_back(P);
      break;
    }
  }
  return Out;
}

} // namespace cta
