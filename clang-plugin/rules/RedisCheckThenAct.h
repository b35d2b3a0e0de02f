//===- RedisCheckThenAct.h - cta-redis-check-then-act ---------------------===//
//
/// \file
/// A Redis read whose reply decides a later write of the same key, in two
/// commands: GET miss then SET (get-or-set), EXISTS lock then SET lock, GET
/// of a counter compared then INCR or SET (limits), a check then DEL (take
/// once), SISMEMBER then SADD with work meant to run once. The key is shared
/// by every process connected to the server, so no in-process lock helps.
/// See docs/redis-check-then-act.md.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_RULES_REDISCHECKTHENACT_H
#define CTA_RULES_REDISCHECKTHENACT_H

#include "Rule.h"

namespace cta {

class RedisCheckThenActRule : public StoreRule {
public:
  RuleId id() const override { return RuleId::RedisCheckThenAct; }
  std::optional<Finding> match(const StorePair &P, FindingBuilder &B) override;
};

} // namespace cta

#endif
