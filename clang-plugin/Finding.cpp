//===- Finding.cpp --------------------------------------------------------===//

#include "Finding.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

namespace cta {
namespace {
struct RuleInfo {
  RuleId Id;
  llvm::StringRef Name;
  llvm::StringRef Summary;
  llvm::StringRef Doc;
};

const RuleInfo Rules[] = {
    {RuleId::MapGetOrAdd, "cta-map-get-or-add",
     "lookup then insert on a shared associative container without one lock "
     "held across both",
     "map-get-or-add.md"},
    {RuleId::LazyInit, "cta-lazy-init",
     "lazy initialization of shared state that is not atomic",
     "lazy-init.md"},
    {RuleId::SeqSearchAdd, "cta-seq-search-add",
     "search of a shared sequence then an add without one lock held across "
     "both",
     "seq-search-add.md"},
    {RuleId::SplitLock, "cta-split-lock",
     "check in one critical section and act in a later one without a re-check",
     "split-lock.md"},
    {RuleId::SetInsertOnce, "cta-set-insert-once",
     "membership test then insert on a shared set, with work the test was "
     "meant to run once for each key",
     "set-insert-once.md"},
    {RuleId::TakeRemove, "cta-take-remove",
     "check, read and removal of one element of a shared container without "
     "one lock held over all three",
     "take-remove.md"},
};
static_assert(sizeof(Rules) / sizeof(Rules[0]) == NumRules,
              "every rule needs its row");

const RuleInfo &info(RuleId R) {
  for (const RuleInfo &I : Rules)
    if (I.Id == R)
      return I;
  llvm_unreachable("unknown rule");
}
} // namespace

llvm::StringRef ruleName(RuleId R) { return info(R).Name; }
llvm::StringRef ruleSummary(RuleId R) { return info(R).Summary; }
llvm::StringRef ruleDocPath(RuleId R) { return info(R).Doc; }

std::optional<RuleId> parseRuleName(llvm::StringRef Name) {
  Name = Name.trim();
  for (const RuleInfo &I : Rules)
    if (Name == I.Name || Name == I.Name.drop_front(4))
      return I.Id;
  return std::nullopt;
}

std::string Finding::fingerprint() const {
  // Line numbers move with unrelated edits; the function, rule, object and
  // the two API names identify the defect.
  std::string Key = (llvm::Twine(ruleName(Rule)) + "|" + Function.USR + "|" +
                     Object + "|" + CheckApi + "|" + ActApi + "|" + this->Key)
                        .str();
  return llvm::utohexstr(llvm::xxh3_64bits(Key), /*LowerCase=*/true);
}

} // namespace cta
