//===- ModelTables.cpp - The rows that say what each API means ------------===//

#include "ModelTables.h"
#include <cassert>

namespace cta {
namespace {

const ContainerInfo BuiltinContainerRows[] = {
    {"std::map", FamMap, true},
    {"std::unordered_map", FamMap, true},
    {"std::multimap", FamMultiMap, false},
    {"std::unordered_multimap", FamMultiMap, false},
    {"std::set", FamSet, false},
    {"std::unordered_set", FamSet, false},
    {"std::multiset", FamMultiSet, false},
    {"std::unordered_multiset", FamMultiSet, false},
    {"std::vector", FamSequence, false},
    {"std::deque", FamSequence, false},
    {"std::list", FamSequence, false},
    {"std::forward_list", FamSequence, false},
    {"std::queue", FamQueue, false},
    {"std::stack", FamQueue, false},
    {"std::priority_queue", FamQueue, false},
    {"absl::flat_hash_map", FamMap, true},
    {"absl::node_hash_map", FamMap, true},
    {"absl::btree_map", FamMap, true},
    {"absl::flat_hash_set", FamSet, false},
    {"absl::node_hash_set", FamSet, false},
    {"absl::btree_set", FamSet, false},
    {"absl::btree_multimap", FamMultiMap, false},
    {"absl::InlinedVector", FamSequence, false},
    // Concurrent containers: each call is atomic, a sequence of calls is not
    // (docs/concurrent-container.md).
    {"tbb::concurrent_hash_map", FamConcurrentHashMap, false},
    {"tbb::concurrent_unordered_map", FamConcurrentMap, false},
    {"tbb::concurrent_map", FamConcurrentMap, false},
    {"tbb::concurrent_unordered_set", FamConcurrentSet, false},
    {"tbb::concurrent_set", FamConcurrentSet, false},
    {"folly::ConcurrentHashMap", FamConcurrentMap, true},
};

// Member APIs. A name may appear for several families with different keys.
const MethodInfo MethodRows[] = {
    // Checks.
    {FamAssoc, "find", Role::Check, ResultKind::Iterator, KeyFrom::Arg0, false},
    {FamAssoc, "count", Role::Check, ResultKind::Count, KeyFrom::Arg0, false},
    {FamAssoc, "contains", Role::Check, ResultKind::PresentBool, KeyFrom::Arg0,
     false},
    {FamAssoc, "equal_range", Role::Check, ResultKind::Other, KeyFrom::Arg0,
     false},
    {FamAssoc, "lower_bound", Role::Check, ResultKind::Other, KeyFrom::Arg0,
     false},
    {FamAssoc, "upper_bound", Role::Check, ResultKind::Other, KeyFrom::Arg0,
     false},
    {FamAll, "empty", Role::Check, ResultKind::AbsentBool, KeyFrom::None,
     false},
    {FamAll, "size", Role::Check, ResultKind::Size, KeyFrom::None, false},
    {FamMap, "at", Role::Check, ResultKind::Value, KeyFrom::Arg0, false},
    // Adds on maps.
    {FamMap, "operator[]", Role::Add, ResultKind::Value, KeyFrom::Arg0, false},
    {FamAnyMap, "insert", Role::Add, ResultKind::Other, KeyFrom::ValueArg0,
     true},
    {FamAnyMap, "emplace", Role::Add, ResultKind::Other, KeyFrom::EmplaceMap,
     true},
    {FamAnyMap, "emplace_hint", Role::Add, ResultKind::Other, KeyFrom::Arg1,
     false},
    {FamMap, "try_emplace", Role::Add, ResultKind::Other, KeyFrom::Arg0, true},
    {FamMap, "insert_or_assign", Role::Add, ResultKind::Other, KeyFrom::Arg0,
     false},
    // Adds on sets.
    {FamAnySet, "insert", Role::Add, ResultKind::Other, KeyFrom::Arg0, true},
    {FamAnySet, "emplace", Role::Add, ResultKind::Other, KeyFrom::Arg0, true},
    {FamAnySet, "emplace_hint", Role::Add, ResultKind::Other, KeyFrom::Arg1,
     false},
    // Adds on sequences.
    {FamSequence, "push_back", Role::Add, ResultKind::Other, KeyFrom::Arg0,
     false},
    {FamSequence, "emplace_back", Role::Add, ResultKind::Other,
     KeyFrom::Unknown, false},
    {FamSequence, "push_front", Role::Add, ResultKind::Other, KeyFrom::Arg0,
     false},
    {FamSequence, "emplace_front", Role::Add, ResultKind::Other,
     KeyFrom::Unknown, false},
    {FamSequence, "insert", Role::Add, ResultKind::Other, KeyFrom::Arg1, false},
    {FamSequence, "emplace", Role::Add, ResultKind::Other, KeyFrom::Unknown,
     false},
    // Reads of an element (operator[] and at above read too: their result
    // is the element).
    {FamSequence | FamQueue, "front", Role::Read, ResultKind::Value,
     KeyFrom::None, false},
    {FamSequence | FamQueue, "back", Role::Read, ResultKind::Value,
     KeyFrom::None, false},
    {FamQueue, "top", Role::Read, ResultKind::Value, KeyFrom::None, false},
    // Removals. erase(key) returns how many it removed and extract a node
    // handle that is empty when nothing was there: their result tells.
    {FamAssoc, "erase", Role::Remove, ResultKind::Other, KeyFrom::Arg0, true},
    {FamAssoc, "extract", Role::Remove, ResultKind::Other, KeyFrom::Arg0, true},
    {FamSequence, "erase", Role::Remove, ResultKind::Other, KeyFrom::Unknown,
     false},
    // tbb::concurrent_hash_map: lookups and inserts take an optional accessor;
    // find and insert return whether the key was there / was added.
    {FamConcurrentHashMap, "find", Role::Check, ResultKind::PresentBool,
     KeyFrom::AccessorKey, false},
    {FamConcurrentHashMap, "count", Role::Check, ResultKind::Count,
     KeyFrom::Arg0, false},
    {FamConcurrentHashMap, "insert", Role::Add, ResultKind::Other,
     KeyFrom::AccessorValue, true},
    {FamConcurrentHashMap, "emplace", Role::Add, ResultKind::Other,
     KeyFrom::AccessorValue, true},
    // Concurrent maps and sets with std-like lookups.
    {FamConcurrentMap | FamConcurrentSet, "find", Role::Check,
     ResultKind::Iterator, KeyFrom::Arg0, false},
    {FamConcurrentMap | FamConcurrentSet, "count", Role::Check,
     ResultKind::Count, KeyFrom::Arg0, false},
    {FamConcurrentMap | FamConcurrentSet, "contains", Role::Check,
     ResultKind::PresentBool, KeyFrom::Arg0, false},
    {FamConcurrentMap, "operator[]", Role::Add, ResultKind::Value,
     KeyFrom::Arg0, false},
    // insert(pair) on tbb, insert(k, v) on folly.
    {FamConcurrentMap, "insert", Role::Add, ResultKind::Other,
     KeyFrom::EmplaceMap, true},
    {FamConcurrentMap, "emplace", Role::Add, ResultKind::Other,
     KeyFrom::EmplaceMap, true},
    {FamConcurrentMap, "try_emplace", Role::Add, ResultKind::Other,
     KeyFrom::Arg0, true},
    {FamConcurrentMap, "insert_or_assign", Role::Add, ResultKind::Other,
     KeyFrom::Arg0, false},
    {FamConcurrentSet, "insert", Role::Add, ResultKind::Other, KeyFrom::Arg0,
     true},
    {FamConcurrentSet, "emplace", Role::Add, ResultKind::Other, KeyFrom::Arg0,
     true},
    {FamSequence, "pop_front", Role::Remove, ResultKind::Other, KeyFrom::None,
     false},
    {FamSequence, "pop_back", Role::Remove, ResultKind::Other, KeyFrom::None,
     false},
    {FamQueue, "pop", Role::Remove, ResultKind::Other, KeyFrom::None, false},
};

// Search algorithms over a range. Classic forms take (first, last, ...);
// std::ranges:: forms take the range first.
const AlgorithmInfo AlgorithmRows[] = {
    {"std::find", false, ResultKind::Iterator, KeyFrom::Arg2},
    {"std::find_if", false, ResultKind::Iterator, KeyFrom::Unknown},
    {"std::find_if_not", false, ResultKind::Iterator, KeyFrom::Unknown},
    {"std::any_of", false, ResultKind::PresentBool, KeyFrom::Unknown},
    {"std::none_of", false, ResultKind::AbsentBool, KeyFrom::Unknown},
    {"std::count", false, ResultKind::Count, KeyFrom::Arg2},
    {"std::count_if", false, ResultKind::Count, KeyFrom::Unknown},
    {"std::binary_search", false, ResultKind::PresentBool, KeyFrom::Arg2},
    {"std::ranges::find", true, ResultKind::Iterator, KeyFrom::Arg1},
    {"std::ranges::find_if", true, ResultKind::Iterator, KeyFrom::Unknown},
    {"std::ranges::find_if_not", true, ResultKind::Iterator, KeyFrom::Unknown},
    {"std::ranges::any_of", true, ResultKind::PresentBool, KeyFrom::Unknown},
    {"std::ranges::none_of", true, ResultKind::AbsentBool, KeyFrom::Unknown},
    {"std::ranges::count", true, ResultKind::Count, KeyFrom::Arg1},
    {"std::ranges::count_if", true, ResultKind::Count, KeyFrom::Unknown},
    {"std::ranges::contains", true, ResultKind::PresentBool, KeyFrom::Arg1},
    {"absl::c_find", true, ResultKind::Iterator, KeyFrom::Arg1},
    {"absl::c_find_if", true, ResultKind::Iterator, KeyFrom::Unknown},
    {"absl::c_any_of", true, ResultKind::PresentBool, KeyFrom::Unknown},
    {"absl::c_none_of", true, ResultKind::AbsentBool, KeyFrom::Unknown},
    {"absl::c_linear_search", true, ResultKind::PresentBool, KeyFrom::Arg1},
    {"absl::c_count", true, ResultKind::Count, KeyFrom::Arg1},
    {"absl::c_count_if", true, ResultKind::Count, KeyFrom::Unknown},
};

const llvm::StringRef ConcurrencyPrimitiveNames[] = {
    "std::atomic",
    "std::atomic_flag",
    "std::thread",
    "std::jthread",
    "std::condition_variable",
    "std::condition_variable_any",
    "std::once_flag",
    "absl::once_flag",
    "absl::CondVar",
    "absl::Notification",
    "std::counting_semaphore",
    "std::binary_semaphore",
    "std::latch",
    "std::barrier",
    "tbb::concurrent_hash_map",
    "tbb::concurrent_unordered_map",
    "tbb::concurrent_unordered_set",
    "tbb::concurrent_vector",
    "tbb::concurrent_queue",
    "tbb::concurrent_bounded_queue",
    "folly::ConcurrentHashMap",
    "folly::AtomicHashMap",
    "folly::Synchronized",
};

// Scalar state: the calls that set it.
constexpr unsigned AnyAtomic = stateBit(StateKind::AtomicPointer) |
                               stateBit(StateKind::AtomicBool) |
                               stateBit(StateKind::AtomicInteger);
constexpr unsigned Arithmetic =
    stateBit(StateKind::AtomicPointer) | stateBit(StateKind::AtomicInteger);
constexpr unsigned Integer = stateBit(StateKind::AtomicInteger);

const StateMethodInfo StateMethodRows[] = {
    {stateBit(StateKind::UniquePtr) | stateBit(StateKind::SharedPtr), "reset",
     true, false},
    {stateBit(StateKind::Optional), "emplace", false, false},
    {AnyAtomic, "store", true, false},
    {AnyAtomic, "exchange", true, true},
    {Arithmetic, "fetch_add", true, true},
    {Arithmetic, "fetch_sub", true, true},
    {Integer, "fetch_and", true, true},
    {Integer, "fetch_or", true, true},
    {Integer, "fetch_xor", true, true},
    {Arithmetic, "operator++", false, true},
    {Arithmetic, "operator--", false, true},
    {Arithmetic, "operator+=", true, true},
    {Arithmetic, "operator-=", true, true},
    {Integer, "operator&=", true, true},
    {Integer, "operator|=", true, true},
    {Integer, "operator^=", true, true},
};

// Indexed by StateKind.
const StateKindInfo StateKindRows[] = {
    {StateKind::None, "", "", false, false},
    {StateKind::RawPointer, "pointer", "null test", false, true},
    {StateKind::UniquePtr, "std::unique_ptr", "null test", false, true},
    {StateKind::SharedPtr, "std::shared_ptr", "null test", false, true},
    {StateKind::Optional, "std::optional", "null test", false, true},
    {StateKind::Bool, "bool", "flag test", false, true},
    {StateKind::AtomicPointer, "std::atomic<T*>", "null test", true, true},
    {StateKind::AtomicBool, "std::atomic<bool>", "flag test", true, true},
    {StateKind::AtomicInteger, "std::atomic<integer>", "load", true, false},
    {StateKind::Integer, "integer", "comparison", false, false},
};

const llvm::StringRef StateObserverNames[] = {"get", "has_value", "load",
                                              "operator bool"};

const llvm::StringRef ThreadTypeNames[] = {"std::thread", "std::jthread",
                                           "boost::thread"};

// Functions that run their function argument on a new thread (or fiber):
// that function is a thread entry.
const llvm::StringRef ThreadSpawnerNames[] = {
    "std::async", "pthread_create", "thrd_create", "bthread_start_background",
    "bthread_start_urgent"};

const llvm::StringRef RunOnceNames[] = {"std::call_once", "absl::call_once",
                                        "folly::call_once", "boost::call_once",
                                        "pthread_once"};

// Gates: a test whose result admits one thread at a time, and the calls
// that let the next one in (docs/concepts.md, "Protocol exclusion"). A
// mutex's unlock() ends a try_lock gate as it ends any section on the
// mutex; a guard's section ends with its scope or its unlock().
const GateOpInfo GateRows[] = {
    {GateOn::Atomic, "exchange", GateStep::Enter, GateArg::SetsArg0, false},
    {GateOn::Atomic, "compare_exchange_strong", GateStep::Enter,
     GateArg::FromEmpty, true},
    {GateOn::Atomic, "compare_exchange_weak", GateStep::Enter,
     GateArg::FromEmpty, true},
    {GateOn::Flag, "test_and_set", GateStep::Enter, GateArg::Any, false},
    {GateOn::Mutex, "try_lock", GateStep::Enter, GateArg::Any, true},
    {GateOn::Mutex, "try_lock_for", GateStep::Enter, GateArg::Any, true},
    {GateOn::Mutex, "try_lock_until", GateStep::Enter, GateArg::Any, true},
    {GateOn::Mutex, "TryLock", GateStep::Enter, GateArg::Any, true},
    {GateOn::Guard, "owns_lock", GateStep::Enter, GateArg::Any, true},
    {GateOn::Guard, "operator bool", GateStep::Enter, GateArg::Any, true},
    {GateOn::Guard, "try_lock", GateStep::Enter, GateArg::Any, true},
    {GateOn::Guard, "try_lock_for", GateStep::Enter, GateArg::Any, true},
    {GateOn::Guard, "try_lock_until", GateStep::Enter, GateArg::Any, true},
    {GateOn::Function, "pthread_mutex_trylock", GateStep::Enter, GateArg::Any,
     false},
    {GateOn::Function, "pthread_spin_trylock", GateStep::Enter, GateArg::Any,
     false},
    {GateOn::Atomic, "store", GateStep::Leave, GateArg::EmptyArg0, false},
    {GateOn::Atomic, "exchange", GateStep::Leave, GateArg::EmptyArg0, false},
    {GateOn::Atomic, "operator=", GateStep::Leave, GateArg::EmptyArg0, false},
    {GateOn::Flag, "clear", GateStep::Leave, GateArg::Any, false},
};

const llvm::StringRef GateFlagTypeNames[] = {"std::atomic_flag",
                                             "boost::atomic_flag"};

// Event-loop libraries (muduo, trantor) assert their owner thread so;
// Chromium-style checkers (butil's ThreadChecker, base::SequenceChecker,
// what DCHECK_CALLED_ON_VALID_THREAD/_SEQUENCE expand to) and Folly's
// EventBase do the same.
const llvm::StringRef ThreadAffinityAssertNames[] = {
    "assertInLoopThread",        "AssertInLoopThread",
    "CalledOnValidThread",       "CalledOnValidSequence",
    "dcheckIsInEventBaseThread", "checkIsInEventBaseThread"};

// Members that run a callable on one object's own event loop: posted to
// the loop (muduo, trantor EventLoop), or a callback of a channel or client
// bound to one loop. A server's callbacks run on many loops and are not
// rows. Matched by the declaring class's unqualified name.
const LoopRunInfo LoopRunRows[] = {
    {"EventLoop", "runInLoop"},
    {"EventLoop", "queueInLoop"},
    {"EventLoop", "runAfter"},
    {"EventLoop", "runAt"},
    {"EventLoop", "runEvery"},
    {"EventLoop", "runOnQuit"},
    {"Channel", "setReadCallback"},
    {"Channel", "setWriteCallback"},
    {"Channel", "setCloseCallback"},
    {"Channel", "setErrorCallback"},
    {"Channel", "setEventCallback"},
    {"TcpClient", "setConnectionCallback"},
    {"TcpClient", "setConnectionErrorCallback"},
    {"TcpClient", "setMessageCallback"},
    {"TcpClient", "setWriteCompleteCallback"},
    {"TcpClient", "setSSLErrorCallback"},
    // bthread's execution queue runs its consumer one call at a time: the
    // queue is a loop (a free function, by its qualified name).
    {"", "bthread::execution_queue_start"},
};

// Members that run an event loop on the calling thread until it quits
// (muduo and trantor EventLoop, Folly EventBase, Asio io_context). What a
// function does before such a call runs before the loop dispatches anything
// (docs/concepts.md, "Summaries", start-up code).
const LoopRunInfo LoopEntryRows[] = {
    {"EventLoop", "loop"},
    {"EventBase", "loopForever"},
    {"io_context", "run"},
};

// Store clients. A project's own thin wrappers (a helper forwarding its
// format or text parameter to one of these) join per translation unit
// (store/StoreFacts.h).
const StoreApiInfo StoreApiRows[] = {
    // hiredis
    {StoreKind::Redis, "redisCommand", "", CommandForm::Format, 1, -1, 2, true,
     -1},
    {StoreKind::Redis, "redisvCommand", "", CommandForm::VaFormat, 1, -1, 0,
     true, -1},
    {StoreKind::Redis, "redisCommandArgv", "", CommandForm::Argv, 2, -1, 0,
     true, -1},
    {StoreKind::Redis, "redisAppendCommand", "", CommandForm::Format, 1, -1, 2,
     false, -1},
    {StoreKind::Redis, "redisAppendCommandArgv", "", CommandForm::Argv, 2, -1,
     0, false, -1},
    {StoreKind::Redis, "redisGetReply", "", CommandForm::FetchReply, 0, 1, 0,
     false, -1},
    {StoreKind::Redis, "redisAsyncCommand", "", CommandForm::AsyncFormat, 3, -1,
     4, false, -1},
    // libpq
    {StoreKind::Sql, "PQexec", "", CommandForm::Text, 1, -1, 0, true, -1},
    {StoreKind::Sql, "PQexecParams", "", CommandForm::Text, 1, -1, 0, true, -1},
    {StoreKind::Sql, "PQprepare", "", CommandForm::Prepare, 2, 1, 0, false, -1},
    {StoreKind::Sql, "PQexecPrepared", "", CommandForm::RunPrepared, 0, 1, 0,
     true, -1},
    // libpqxx: members of the transaction every pqxx::work derives from.
    {StoreKind::Sql, "exec", "pqxx::transaction_base", CommandForm::Text, 0, -1,
     0, true, -1},
    {StoreKind::Sql, "exec0", "pqxx::transaction_base", CommandForm::Text, 0,
     -1, 0, true, -1},
    {StoreKind::Sql, "exec1", "pqxx::transaction_base", CommandForm::Text, 0,
     -1, 0, true, -1},
    {StoreKind::Sql, "exec_params", "pqxx::transaction_base", CommandForm::Text,
     0, -1, 0, true, -1},
    {StoreKind::Sql, "exec_params0", "pqxx::transaction_base",
     CommandForm::Text, 0, -1, 0, true, -1},
    {StoreKind::Sql, "exec_params1", "pqxx::transaction_base",
     CommandForm::Text, 0, -1, 0, true, -1},
    // sqlite3
    {StoreKind::Sql, "sqlite3_prepare_v2", "", CommandForm::Prepare, 1, 3, 0,
     false, -1},
    {StoreKind::Sql, "sqlite3_prepare_v3", "", CommandForm::Prepare, 1, 4, 0,
     false, -1},
    {StoreKind::Sql, "sqlite3_step", "", CommandForm::RunPrepared, 0, 0, 0,
     true, -1},
    {StoreKind::Sql, "sqlite3_exec", "", CommandForm::Text, 1, -1, 0, false, 3},
};

// Redis commands cta reads. Keys and members are the words after the name.
const RedisCommandInfo RedisCommandRows[] = {
    {"GET", StoreRole::Read, 1, StoreEffect::None, false},
    {"EXISTS", StoreRole::Read, 1, StoreEffect::None, false},
    {"STRLEN", StoreRole::Read, 1, StoreEffect::None, false},
    {"TTL", StoreRole::Read, 1, StoreEffect::None, false},
    {"PTTL", StoreRole::Read, 1, StoreEffect::None, false},
    {"SCARD", StoreRole::Read, 1, StoreEffect::None, false},
    {"LLEN", StoreRole::Read, 1, StoreEffect::None, false},
    {"HGET", StoreRole::Read, 2, StoreEffect::None, false},
    {"HEXISTS", StoreRole::Read, 2, StoreEffect::None, false},
    {"SISMEMBER", StoreRole::Read, 2, StoreEffect::None, false},
    {"ZSCORE", StoreRole::Read, 2, StoreEffect::None, false},
    {"SET", StoreRole::Write, 1, StoreEffect::Set, false},
    {"SETEX", StoreRole::Write, 1, StoreEffect::Set, false},
    {"PSETEX", StoreRole::Write, 1, StoreEffect::Set, false},
    {"HSET", StoreRole::Write, 2, StoreEffect::Set, true},
    {"INCR", StoreRole::Write, 1, StoreEffect::Count, true},
    {"INCRBY", StoreRole::Write, 1, StoreEffect::Count, true},
    {"DECR", StoreRole::Write, 1, StoreEffect::Count, true},
    {"DECRBY", StoreRole::Write, 1, StoreEffect::Count, true},
    {"HINCRBY", StoreRole::Write, 2, StoreEffect::Count, true},
    {"DEL", StoreRole::Write, 1, StoreEffect::Take, true},
    {"UNLINK", StoreRole::Write, 1, StoreEffect::Take, true},
    {"HDEL", StoreRole::Write, 2, StoreEffect::Take, true},
    {"SREM", StoreRole::Write, 2, StoreEffect::Take, true},
    {"SADD", StoreRole::Write, 2, StoreEffect::AddMember, true},
    {"ZADD", StoreRole::Write, 2, StoreEffect::AddMember, true},
    {"SETNX", StoreRole::Guarded, 1, StoreEffect::Set, true},
    {"HSETNX", StoreRole::Guarded, 2, StoreEffect::Set, true},
    {"MSETNX", StoreRole::Guarded, 1, StoreEffect::Set, true},
    {"GETSET", StoreRole::Guarded, 1, StoreEffect::Set, true},
    {"GETDEL", StoreRole::Guarded, 1, StoreEffect::Take, true},
    {"WATCH", StoreRole::Watch, 1, StoreEffect::None, false},
    {"EXEC", StoreRole::Exec, 0, StoreEffect::None, true},
    {"MULTI", StoreRole::Other, 0, StoreEffect::None, false},
    {"DISCARD", StoreRole::Other, 0, StoreEffect::None, false},
    {"UNWATCH", StoreRole::Other, 0, StoreEffect::None, false},
    {"EVAL", StoreRole::Script, 0, StoreEffect::None, true},
    {"EVALSHA", StoreRole::Script, 0, StoreEffect::None, true},
    {"EVAL_RO", StoreRole::Script, 0, StoreEffect::None, true},
    {"FCALL", StoreRole::Script, 0, StoreEffect::None, true},
    {"FCALL_RO", StoreRole::Script, 0, StoreEffect::None, true},
};

const llvm::StringRef AffectedRowNames[] = {"sqlite3_changes",
                                            "sqlite3_changes64", "PQcmdTuples"};
/// libpq's answers about a result's status, not its rows.
const llvm::StringRef ResultStatusNames[] = {
    "PQresultStatus", "PQresultErrorMessage", "PQresultVerboseErrorMessage",
    "PQresultErrorField"};

} // namespace

llvm::ArrayRef<StoreApiInfo> storeApis() { return StoreApiRows; }

const RedisCommandInfo *redisCommand(llvm::StringRef Name) {
  for (const RedisCommandInfo &C : RedisCommandRows)
    if (Name.equals_insensitive(C.Name))
      return &C;
  return nullptr;
}

llvm::ArrayRef<llvm::StringRef> affectedRowFunctions() {
  return AffectedRowNames;
}

llvm::ArrayRef<llvm::StringRef> resultStatusFunctions() {
  return ResultStatusNames;
}

llvm::ArrayRef<ContainerInfo> builtinContainers() {
  return BuiltinContainerRows;
}

const ContainerInfo *builtinContainer(llvm::StringRef Name) {
  for (const ContainerInfo &C : BuiltinContainerRows)
    if (C.Name == Name)
      return &C;
  return nullptr;
}

llvm::ArrayRef<MethodInfo> containerMethods() { return MethodRows; }
llvm::ArrayRef<AlgorithmInfo> searchAlgorithms() { return AlgorithmRows; }
llvm::ArrayRef<StateMethodInfo> stateMethods() { return StateMethodRows; }
const StateKindInfo &stateKindInfo(StateKind K) {
  const StateKindInfo &I = StateKindRows[static_cast<unsigned>(K)];
  assert(I.Kind == K && "state kind rows are in enum order");
  return I;
}
llvm::ArrayRef<llvm::StringRef> stateObservers() { return StateObserverNames; }
llvm::ArrayRef<llvm::StringRef> threadTypes() { return ThreadTypeNames; }
llvm::ArrayRef<llvm::StringRef> threadSpawnerFunctions() {
  return ThreadSpawnerNames;
}
llvm::ArrayRef<llvm::StringRef> runOnceFunctions() { return RunOnceNames; }
llvm::ArrayRef<llvm::StringRef> threadAffinityAsserts() {
  return ThreadAffinityAssertNames;
}

llvm::ArrayRef<LoopRunInfo> loopRunFunctions() { return LoopRunRows; }
llvm::ArrayRef<LoopRunInfo> loopEntryFunctions() { return LoopEntryRows; }
llvm::ArrayRef<GateOpInfo> gateOps() { return GateRows; }
llvm::ArrayRef<llvm::StringRef> gateFlagTypes() { return GateFlagTypeNames; }
llvm::ArrayRef<llvm::StringRef> concurrencyPrimitives() {
  return ConcurrencyPrimitiveNames;
}

} // namespace cta
