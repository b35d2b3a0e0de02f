//===- SqlCheckThenAct.h - cta-sql-check-then-act -------------------------===//
//
/// \file
/// A SQL SELECT whose result decides a later INSERT or UPDATE of the same
/// table and key columns, in two statements without a constraint, a lock or
/// a retried SERIALIZABLE transaction: select-then-insert (two rows for one
/// key, or a duplicate-key error where the schema has a UNIQUE constraint),
/// select-then-absolute-update (a lost update), a limit checked in C++ then
/// a relative UPDATE whose WHERE does not repeat it, and SELECT ... FOR
/// UPDATE on a row that may not exist. See docs/sql-check-then-act.md.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_RULES_SQLCHECKTHENACT_H
#define CTA_RULES_SQLCHECKTHENACT_H

#include "Rule.h"

namespace cta {

class SqlCheckThenActRule : public StoreRule {
public:
  RuleId id() const override { return RuleId::SqlCheckThenAct; }
  std::optional<Finding> match(const StorePair &P, FindingBuilder &B) override;
};

} // namespace cta

#endif
