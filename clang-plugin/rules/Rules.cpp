//===- Rules.cpp - The registry of rules ----------------------------------===//

#include "AtomicCheckThenAct.h"
#include "ConcurrentContainer.h"
#include "LazyInit.h"
#include "MapGetOrAdd.h"
#include "RedisCheckThenAct.h"
#include "Rule.h"
#include "SeqSearchAdd.h"
#include "SetInsertOnce.h"
#include "SplitLock.h"
#include "SqlCheckThenAct.h"
#include "TakeRemove.h"

namespace cta {

std::vector<std::unique_ptr<Rule>> createRules() {
  std::vector<std::unique_ptr<Rule>> R;
  // Take-remove first: a take is its race also when check and removal are
  // locked in two sections, where split-lock would otherwise claim it.
  R.push_back(std::make_unique<TakeRemoveRule>());
  // Split-lock next: it owns any other pair whose check and act are both
  // locked.
  R.push_back(std::make_unique<SplitLockRule>());
  R.push_back(std::make_unique<LazyInitRule>());
  // Before map-get-or-add: a seen-set insert with guarded work is this
  // rule's, whatever else the lookup guards.
  R.push_back(std::make_unique<SetInsertOnceRule>());
  R.push_back(std::make_unique<MapGetOrAddRule>());
  R.push_back(std::make_unique<SeqSearchAddRule>());
  R.push_back(std::make_unique<ConcurrentContainerRule>());
  R.push_back(std::make_unique<AtomicCheckThenActRule>());
  return R;
}

std::vector<std::unique_ptr<StoreRule>> createStoreRules() {
  std::vector<std::unique_ptr<StoreRule>> R;
  R.push_back(std::make_unique<RedisCheckThenActRule>());
  R.push_back(std::make_unique<SqlCheckThenActRule>());
  return R;
}

} // namespace cta
