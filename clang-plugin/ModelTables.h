//===- ModelTables.h - The rows that say what each API means --------------===//
//
/// \file
/// cta's knowledge of libraries is data: container families and the meaning
/// of each member (check, add, remove; where the key is; how the result tells
/// presence), search algorithms, the APIs of scalar state behind lazy
/// initialization, and the names of thread and run-once primitives. A new
/// family or library adds rows here (ModelTables.cpp) and no code in the
/// walker. The ContainerModel (ContainerModel.h) matches types and calls
/// against these rows, together with the rows a config file adds.
///
/// This header includes nothing of Clang's AST: the config loader uses it to
/// validate names.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_MODELTABLES_H
#define CTA_MODELTABLES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>

namespace cta {

/// Container families, as bit flags so method rows can name several.
enum Family : unsigned {
  FamMap = 1u << 0, ///< Unique-key maps: std::map, unordered_map, absl maps.
  FamMultiMap = 1u << 1, ///< std::multimap, unordered_multimap.
  FamSet = 1u << 2,      ///< Unique-key sets.
  FamMultiSet = 1u << 3, ///< std::multiset, unordered_multiset.
  FamSequence = 1u << 4, ///< vector, deque, list, forward_list.
  /// Internally synchronized maps with accessors: tbb::concurrent_hash_map.
  /// Every call is atomic on its own; a lookup and a later insert are not.
  FamConcurrentHashMap = 1u << 5,
  /// Internally synchronized maps with std-like APIs:
  /// tbb::concurrent_unordered_map, folly::ConcurrentHashMap.
  FamConcurrentMap = 1u << 6,
  /// Internally synchronized sets: tbb::concurrent_unordered_set.
  FamConcurrentSet = 1u << 7,
  FamAssoc = FamMap | FamMultiMap | FamSet | FamMultiSet,
  FamAnyMap = FamMap | FamMultiMap,
  FamAnySet = FamSet | FamMultiSet,
  FamQueue = 1u << 8, ///< Adapters: std::queue, stack, priority_queue.
  FamAll = FamAssoc | FamSequence | FamQueue,
  FamConcurrent = FamConcurrentHashMap | FamConcurrentMap | FamConcurrentSet,
};

/// What a call does to its container.
enum class Role : uint8_t {
  Check,  ///< Observes presence/absence.
  Add,    ///< Adds (or overwrites) an element.
  Remove, ///< Removes an element.
  Read,   ///< Yields an element without changing the container (front).
};

/// How the result of a check tells presence.
enum class ResultKind : uint8_t {
  Iterator,    ///< Compare with end(): `== end()` means absent.
  Count,       ///< Non-zero means present.
  PresentBool, ///< true means present (contains, any_of).
  AbsentBool,  ///< true means absent (empty, none_of).
  /// The element count (size): zero means absent, and compared with a
  /// bound, at or over it means full. Only cta-split-lock pairs it: two
  /// sections that both see room overfill a bounded buffer
  /// (docs/split-lock.md).
  Size,
  Value, ///< The element itself (operator[], at): no presence info.
  Other, ///< Unknown (equal_range, lower_bound...).
};

/// Where the key of a call is.
enum class KeyFrom : uint8_t {
  None,       ///< The call is about the whole container (empty()).
  Arg0,       ///< The first argument is the key.
  Arg1,       ///< The second argument is the key (emplace_hint, hinted insert).
  Arg2,       ///< The third argument (std::find(first, last, value)).
  ValueArg0,  ///< The first argument is a value_type: its first member is the
              ///< key.
  EmplaceMap, ///< emplace(k, v...) or emplace(pair): the key is arg 0 or its
              ///< first.
  /// A concurrent map's accessor form: an optional leading accessor
  /// (`find(acc, k)`), then the key.
  AccessorKey,
  /// An optional leading accessor, then a key, a value_type, or emplace
  /// arguments whose first is the key: `insert(acc, k)`, `insert({k, v})`,
  /// `emplace(acc, k, v)`.
  AccessorValue,
  Unknown, ///< Some element; cannot tell which (find_if, a search loop).
};

struct ContainerInfo {
  llvm::StringRef Name; ///< Qualified template name, e.g. "std::unordered_map".
  Family Fam;
  bool HasTryEmplace; ///< try_emplace / insert_or_assign exist (C++17 maps,
                      ///< absl).
};

struct MethodInfo {
  unsigned Families;    ///< Bitmask of Family.
  llvm::StringRef Name; ///< Member name, "operator[]" for subscripts.
  Role R;
  ResultKind Result;
  KeyFrom Key;
  /// The call returns whether it did what it does: insert/emplace/
  /// try_emplace report the insertion, erase(key)/extract the removal. Code
  /// that uses the result handles "another thread was first" itself.
  bool ReportsInsertion;
};

struct AlgorithmInfo {
  llvm::StringRef Name; ///< "std::find_if".
  bool RangeFirstArg;   ///< std::ranges:: form: arg 0 is the range itself.
  ResultKind Result;
  KeyFrom Key;
};

/// The state behind a lazy initialization.
enum class StateKind : uint8_t {
  None,
  RawPointer,
  UniquePtr,
  SharedPtr,
  Optional,
  Bool,
  AtomicPointer,
  AtomicBool,
  AtomicInteger, ///< std::atomic of an integer or enumeration.
  /// A plain integer or enumeration: a counter, a bound, a state. Compared
  /// and then updated, it is a check and an act only across critical
  /// sections (cta-split-lock); unlocked it is a data race, not modelled.
  Integer,
};

/// What a kind of scalar state is.
struct StateKindInfo {
  StateKind Kind;
  llvm::StringRef Family;  ///< "pointer", "std::atomic<bool>"...
  llvm::StringRef TestApi; ///< The check a condition makes: "null test".
  /// A std::atomic: every access is atomic on its own, a test and a write
  /// are not (docs/atomic-check-then-act.md).
  bool Atomic;
  /// Null or false means empty: a test tells absent or present, and storing
  /// null or false resets the state (no act). A counter has neither.
  bool Presence;
};

/// The bit of \p K in a StateMethodInfo::Kinds mask.
constexpr unsigned stateBit(StateKind K) {
  return 1u << static_cast<unsigned>(K);
}

/// A member call that sets scalar state: `p.reset(new T)`, `opt.emplace()`,
/// `flag.store(true)`.
struct StateMethodInfo {
  unsigned Kinds; ///< Bitmask of stateBit(StateKind).
  llvm::StringRef Name;
  /// The new value is argument 0. A call without one, or with a null or
  /// `false` one on state with presence, resets the state: no act.
  bool ValueArg0;
  /// The call returns the value it replaced (exchange, fetch_add) or made
  /// (++): code that uses it has decided atomically.
  bool ReturnsPrior;
};

/// What a gate operation is called on (docs/concepts.md, "Protocol
/// exclusion").
enum class GateOn : uint8_t {
  Atomic,   ///< std::atomic of a bool, an integer or a pointer.
  Flag,     ///< std::atomic_flag and its kin (gateFlagTypes()).
  Mutex,    ///< A mutex: the gate is its critical section.
  Guard,    ///< A guard variable made with std::try_to_lock or deferred.
  Function, ///< A free function; argument 0 is the mutex.
};

/// What a gate operation does.
enum class GateStep : uint8_t {
  /// Tries to close the gate; its result tells whether this thread did,
  /// and only that thread runs the code the result admits.
  Enter,
  /// Opens the gate again: the code the gate admitted ends here.
  Leave,
};

/// What the arguments must be for a row to apply.
enum class GateArg : uint8_t {
  Any,
  /// Argument 0 is not an empty value (`exchange(true)`, not
  /// `exchange(false)`).
  SetsArg0,
  /// Argument 0 is an empty value: false, 0 or null (`store(false)`).
  EmptyArg0,
  /// compare_exchange: the expected value (argument 0) is empty and the
  /// desired one (argument 1) is not, so one thread alone moves the state
  /// away from empty. A CAS from a loaded value admits every thread in turn.
  FromEmpty,
};

/// A call that enters or leaves a gate: a test that admits one thread at a
/// time to the code its result decides, and the call that lets the next
/// one in.
struct GateOpInfo {
  GateOn On;
  llvm::StringRef Name; ///< Member name, or qualified name for Function.
  GateStep Step;
  GateArg Arg;
  /// For Enter: the truth of the call's result when this thread closed the
  /// gate (`exchange` returns false, `try_lock` true, `pthread_mutex_trylock`
  /// 0).
  bool ClosedWhen;
};

/// Cross-process stores (docs/redis-check-then-act.md,
/// docs/sql-check-then-act.md): a Redis server or a SQL database is shared
/// by every process that connects to it, so a check and an act made with two
/// commands race whatever the process locks.
enum class StoreKind : uint8_t { Redis, Sql };

/// How a client call carries its command.
enum class CommandForm : uint8_t {
  Format,      ///< A printf-like format at TextArg; its arguments follow.
  VaFormat,    ///< A format at TextArg with a va_list (redisvCommand).
  AsyncFormat, ///< A format at TextArg whose reply goes to a callback.
  Argv,        ///< An argv array of words at TextArg (redisCommandArgv).
  Text,        ///< The statement's text at TextArg (PQexec, pqxx exec).
  Prepare,     ///< Prepares the text at TextArg under the handle at
               ///< HandleArg (PQprepare's name, sqlite3_prepare_v2's
               ///< `&stmt`); nothing runs yet.
  RunPrepared, ///< Runs the statement named by HandleArg (PQexecPrepared,
               ///< sqlite3_step).
  FetchReply,  ///< Stores the reply of the oldest appended command into the
               ///< pointer at HandleArg (redisGetReply).
};

/// A client API of a store: a free function, or a member of Class.
struct StoreApiInfo {
  StoreKind Store;
  llvm::StringRef Name;  ///< "redisCommand", "exec".
  llvm::StringRef Class; ///< The class declaring the member, or empty.
  CommandForm Form;
  unsigned TextArg;  ///< The format, text or argv (see CommandForm).
  int HandleArg;     ///< The statement handle or reply out-pointer; -1.
  unsigned FirstArg; ///< Format: the first argument the format consumes.
  /// The call's value is the store's answer (a reply, a result set, the
  /// step's SQLITE_ROW), so a condition on it decides on what the store
  /// said. redisAppendCommand returns a status: its reply comes with the
  /// next redisGetReply.
  bool ValueIsReply;
  int OutArg; ///< An argument the answer is written through, or -1
              ///< (sqlite3_exec's callback argument).
};

/// What a Redis command does to the element it names.
enum class StoreRole : uint8_t {
  Read,    ///< Observes: GET, EXISTS, SISMEMBER, HGET.
  Write,   ///< Changes whatever is there: SET, INCR, SADD, DEL.
  Guarded, ///< Decides and changes in one step: SETNX, SET NX, GETDEL.
  Watch,   ///< WATCH: EXEC fails if the key changed meanwhile.
  Exec,    ///< EXEC: runs the queued commands, nil when a watch fired.
  Script,  ///< EVAL, FCALL: runs atomically on the server.
  Other,   ///< MULTI, DISCARD, anything else: neither check nor act.
};

/// What an act does, for the message and the replacement.
enum class StoreEffect : uint8_t { None, Set, Count, Take, AddMember };

struct RedisCommandInfo {
  llvm::StringRef Name; ///< Upper-case, "SISMEMBER".
  StoreRole Role;
  unsigned ElementWords; ///< 1: the key; 2: key and field or member.
  StoreEffect Effect;
  /// The reply says what the command did (SADD's 1 or 0, DEL's count,
  /// INCR's new value, SETNX's 1 or 0): code that lets it decide has
  /// decided atomically.
  bool ReplyTells;
};

/// Built-in containers, by qualified template name.
llvm::ArrayRef<ContainerInfo> builtinContainers();
/// The built-in container named \p Name ("std::map"), or null.
const ContainerInfo *builtinContainer(llvm::StringRef Name);
llvm::ArrayRef<MethodInfo> containerMethods();
llvm::ArrayRef<AlgorithmInfo> searchAlgorithms();
llvm::ArrayRef<StateMethodInfo> stateMethods();
/// The row of state kind \p K.
const StateKindInfo &stateKindInfo(StateKind K);

/// Client APIs of Redis (hiredis) and SQL (libpq, libpqxx, sqlite3).
llvm::ArrayRef<StoreApiInfo> storeApis();
/// The Redis command named \p Name (any case), or null.
const RedisCommandInfo *redisCommand(llvm::StringRef Name);
/// Functions that return how many rows the last statement changed
/// (sqlite3_changes): a condition on one gates on the store's answer.
llvm::ArrayRef<llvm::StringRef> affectedRowFunctions();
/// Functions that tell whether a statement failed (PQresultStatus), not
/// what it found: a condition on one alone decides on no answer.
llvm::ArrayRef<llvm::StringRef> resultStatusFunctions();

/// Members that read scalar state without changing it, looked through when
/// a condition tests the state: `p.get()`, `opt.has_value()`, `f.load()`.
llvm::ArrayRef<llvm::StringRef> stateObservers();
/// Classes whose construction starts a thread running its arguments.
llvm::ArrayRef<llvm::StringRef> threadTypes();
/// Functions that run a callable argument on another thread.
llvm::ArrayRef<llvm::StringRef> threadSpawnerFunctions();
/// Functions that run a callable argument once, as if under a lock.
llvm::ArrayRef<llvm::StringRef> runOnceFunctions();
/// Members whose call asserts the caller runs on one owning thread.
llvm::ArrayRef<llvm::StringRef> threadAffinityAsserts();
/// A member that runs its callable argument on one object's event loop.
struct LoopRunInfo {
  /// The declaring class, unqualified; empty for a free function, whose
  /// Method is then its qualified name.
  llvm::StringRef Class;
  llvm::StringRef Method;
};
/// The rows of members that run a callable on one event loop
/// (`EventLoop::runInLoop`, `Channel::setWriteCallback`).
llvm::ArrayRef<LoopRunInfo> loopRunFunctions();
/// The rows of members that run an event loop on the calling thread until
/// it quits (`EventLoop::loop`): code after such a call in a function runs
/// while the loop's callbacks may run.
llvm::ArrayRef<LoopRunInfo> loopEntryFunctions();
/// The rows of gate operations.
llvm::ArrayRef<GateOpInfo> gateOps();
/// Types whose test_and_set()/clear() make a gate: std::atomic_flag.
llvm::ArrayRef<llvm::StringRef> gateFlagTypes();
/// Types the sharing policy treats as concurrency primitives.
llvm::ArrayRef<llvm::StringRef> concurrencyPrimitives();

} // namespace cta

#endif // CTA_MODELTABLES_H
