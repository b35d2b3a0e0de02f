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
  llvm::StringRef Description;
  llvm::StringRef Fix;
  llvm::StringRef Precision;
};

const RuleInfo Rules[] = {
    {RuleId::MapGetOrAdd, "cta-map-get-or-add",
     "lookup then insert on a shared associative container without one lock "
     "held across both",
     "map-get-or-add.md",
     "A find, count or contains on a map or set that other threads can reach "
     "decides whether to insert the key, and nothing holds a lock from the "
     "lookup to the insert. Two threads can both see the key absent and both "
     "insert it: the second insert overwrites the first value, or two "
     "threads build and hand out two different objects for one key.",
     "Hold one lock across the lookup and the insert, or let one call do "
     "both: `try_emplace(key, args...)`, or `emplace` and use the returned "
     "iterator and `bool`.",
     "high"},
    {RuleId::LazyInit, "cta-lazy-init",
     "lazy initialization of shared state that is not atomic", "lazy-init.md",
     "A shared pointer or flag is tested for 'not yet initialized' and then "
     "initialized, without a lock or with a double-checked pattern that is "
     "not correctly synchronized. Two threads can both see it uninitialized "
     "and both initialize it: two singletons, a leaked object, or a reader "
     "that sees the pointer before the object is constructed.",
     "Use a function-local static (initialized exactly once by the "
     "language), `std::call_once`, or double-checked locking with an "
     "acquire load, a re-check under the lock and a release store.",
     "high"},
    {RuleId::SeqSearchAdd, "cta-seq-search-add",
     "search of a shared sequence then an add without one lock held across "
     "both",
     "seq-search-add.md",
     "A std::find, std::find_if, std::any_of or a search loop over a shared "
     "vector or list decides whether to push_back, and nothing holds a lock "
     "from the search to the add. Two threads can both miss the element and "
     "both add it, so the sequence ends up with duplicates.",
     "Keep the elements in a keyed map and use `try_emplace` under one lock, "
     "or hold one lock across the search and the add.",
     "medium"},
    {RuleId::SplitLock, "cta-split-lock",
     "check in one critical section and act in a later one without a re-check",
     "split-lock.md",
     "The check runs in one critical section and the act that depends on it "
     "in a later one, which does not check again. Every access is locked, so "
     "ThreadSanitizer reports nothing, but the decision taken under the "
     "first lock is stale by the time the second section acts on it.",
     "Do the check and the act in one critical section, or check again "
     "under the second lock before acting (and use the value found there).",
     "high"},
    {RuleId::ConcurrentContainer, "cta-concurrent-container",
     "lookup then insert on a concurrent container: each call is atomic, the "
     "pair is not",
     "concurrent-container.md",
     "A oneTBB or Folly concurrent map or set is searched (find, count, "
     "contains, or find with an accessor that is then released) and an "
     "element is inserted when the search missed, with the insert's result "
     "ignored. Each call is thread-safe; the pair is not: two threads both "
     "miss and both insert, and one value is lost or built twice.",
     "Insert in one call and use its result: `insert(accessor, key)` and its "
     "bool, `emplace`, or a `try_emplace`-style API; keep the accessor held "
     "while the element is filled in.",
     "high"},
    {RuleId::AtomicCheckThenAct, "cta-atomic-check-then-act",
     "a std::atomic read, tested, then written: each access is atomic, the "
     "pair is not",
     "atomic-check-then-act.md",
     "A std::atomic is read (load or implicit conversion), the value is "
     "tested, and the atomic is then written (store, assignment, ++, "
     "fetch_add, exchange) on the strength of that test. Another thread can "
     "write between the read and the write: a counter passes its cap, a "
     "one-shot flag lets two threads in, a published pointer is replaced.",
     "Make the test and the write one atomic step: a compare_exchange_weak "
     "loop, fetch_add followed by a check and an undo, or exchange whose "
     "result decides.",
     "high"},
    {RuleId::SetInsertOnce, "cta-set-insert-once",
     "membership test then insert on a shared set, with work the test was "
     "meant to run once for each key",
     "set-insert-once.md",
     "A shared set (or a map used as one) is tested for a key, the key is "
     "inserted when it was absent, and work that was meant to run once per "
     "key (a send, a log, a registration) runs in the same branch. Two "
     "threads both see the key absent and both do the work.",
     "Let the insertion decide: `if (s.insert(x).second) { work(); }` under "
     "the lock that guards the set.",
     "high"},
    {RuleId::TakeRemove, "cta-take-remove",
     "check, read and removal of one element of a shared container without "
     "one lock held over all three",
     "take-remove.md",
     "A shared container is checked for an element (count, find, contains, "
     "empty, begin() != end()), the element is read, and it is removed "
     "(erase, pop_front, pop_back, extract), with no single lock over all "
     "three. Two threads both see the element and both take it: an item "
     "handed out twice, a job run twice.",
     "Take in one step under one lock: `extract` (a node handle), `erase` "
     "whose result decides, or `try_pop` on a concurrent queue.",
     "high"},
    {RuleId::RedisCheckThenAct, "cta-redis-check-then-act",
     "a Redis read whose reply decides a later write of the same key, in two "
     "commands",
     "redis-check-then-act.md",
     "A Redis command reads a key (GET, EXISTS, SISMEMBER, HGET) and its "
     "reply decides a second command that writes the same key (SET, INCR, "
     "DEL, SADD, HSET). Every process connected to the server shares the "
     "key, so no lock inside one process orders the two commands: two "
     "processes both miss and both set, both see a lock free and both take "
     "it, both pass a limit, both take one item, both run work meant to run "
     "once.",
     "Let one command decide: `SET key value NX PX <ms>` and its reply, "
     "`INCR` and the count it returns, `DEL` or `GETDEL` and their reply, "
     "`SADD` and its 1 or 0; or WATCH/MULTI/EXEC with EXEC's reply checked, "
     "or one EVAL script.",
     "high"},
    {RuleId::SqlCheckThenAct, "cta-sql-check-then-act",
     "a SQL SELECT whose result decides a later INSERT or UPDATE of the same "
     "rows, in two statements",
     "sql-check-then-act.md",
     "A SELECT reads rows of a table by key columns and its result decides "
     "an INSERT of that key or an UPDATE of a column it read, with no "
     "constraint, lock or retried SERIALIZABLE transaction making the two "
     "one step. Every process connected to the database shares the table: "
     "two processes both find no row and both insert it, or both read the "
     "same balance and one update is lost. SELECT ... FOR UPDATE locks "
     "nothing when the row does not exist yet.",
     "Let one statement decide: `INSERT ... ON CONFLICT (key) DO NOTHING "
     "RETURNING id` with a UNIQUE constraint, or a conditional `UPDATE ... SET "
     "credits = credits - $1 WHERE id = $2 AND credits >= $1` whose "
     "affected-row count is checked; or take `pg_advisory_xact_lock` before "
     "the SELECT, or retry a SERIALIZABLE transaction.",
     "high"},
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
llvm::StringRef ruleDescription(RuleId R) { return info(R).Description; }
llvm::StringRef ruleFix(RuleId R) { return info(R).Fix; }
llvm::StringRef rulePrecision(RuleId R) { return info(R).Precision; }

std::optional<RuleId> parseRuleName(llvm::StringRef Name) {
  Name = Name.trim();
  for (const RuleInfo &I : Rules)
    if (Name == I.Name || Name == I.Name.drop_front(4))
      return I.Id;
  return std::nullopt;
}

llvm::StringRef confidenceName(Confidence C) {
  switch (C) {
  case Confidence::Low:
    return "low";
  case Confidence::Medium:
    return "medium";
  case Confidence::High:
    return "high";
  }
  llvm_unreachable("unknown confidence");
}

std::optional<Confidence> parseConfidence(llvm::StringRef Name) {
  for (Confidence C : {Confidence::Low, Confidence::Medium, Confidence::High})
    if (Name.trim().equals_insensitive(confidenceName(C)))
      return C;
  return std::nullopt;
}

std::string foldWhitespace(llvm::StringRef Text) {
  std::string Out;
  bool Space = false;
  for (char C : Text) {
    if (llvm::isSpace(C)) {
      Space = !Out.empty();
      continue;
    }
    if (Space)
      Out += ' ';
    Space = false;
    Out += C;
  }
  return Out;
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
