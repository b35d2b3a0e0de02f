//===- FunctionFacts.h - Checks, acts and guards of one function ----------===//
//
/// \file
/// Terms used throughout cta:
///
/// - A *check* observes whether something is present: `m.find(k)`,
///   `m.count(k)`, `std::find_if(v.begin(), v.end(), ...)`, a hand-written
///   search loop, or a null/flag test `if (!inst_)` on lazily initialized
///   state.
/// - An *act* changes the state on the assumption the check still holds:
///   `m[k] = v`, `m.insert(...)`, `v.push_back(x)`, `inst_ = new T`.
/// - A *site* is the source location of a check or an act.
/// - A *guard* is a condition that decides whether an act runs: the act sits
///   in a branch of an `if`, a ternary, a loop or a `&&`/`||` whose condition
///   mentions the check (directly or through a variable holding its result),
///   or follows an `if` whose other branch leaves the scope (early return).
///   Guards give every act the checks it depends on and the outcome (absent
///   or present) under which it runs.
/// - A *critical section* (LockScopes.h) is a stretch of code with one mutex
///   held without interruption. Every check and act records the sections
///   held where it runs.
///
/// buildFacts (the walker, facts/Walker.h) walks one body once, in evaluation
/// order, and records all of that. Rules then reason over the facts only.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_FUNCTIONFACTS_H
#define CTA_FUNCTIONFACTS_H

#include "ContainerModel.h"
#include "LockScopes.h"
#include "facts/Identity.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class CompoundStmt;
class FunctionDecl;
class IfStmt;
class LambdaExpr;
class Stmt;
class ValueDecl;
class VarDecl;
class FieldDecl;
} // namespace clang

namespace cta {

class HelperSummaries;

/// What a check's or act's target is: a container or scalar state.
struct Target {
  ObjectRef Obj;
  const ContainerInfo *Container = nullptr; ///< Null for scalar state.
  StateKind State = StateKind::None;        ///< For lazy-init state.
};

struct CheckEvent {
  unsigned Index = 0; ///< Position in evaluation order among all events.
  Target T;
  KeyRef Key;
  std::string Api; ///< "find", "std::find_if", "search loop", "null test".
  ResultKind Result = ResultKind::Other;
  const clang::Expr *E = nullptr; ///< The call or tested expression.
  /// For null/flag tests: the whole tested value (`ready_.load()`,
  /// `ptr_.get()`), which E (`ready_`) is the object of.
  const clang::Expr *Tested = nullptr;
  const clang::Stmt *S = nullptr; ///< For search loops: the loop.
  clang::SourceRange Range;
  HeldSet Held;
};

/// The outcome of a check under which an act runs.
enum class Outcome : uint8_t { Absent, Present, Unknown };

/// The other outcome: absent for present and the reverse.
inline Outcome flipOutcome(Outcome O) {
  if (O == Outcome::Absent)
    return Outcome::Present;
  if (O == Outcome::Present)
    return Outcome::Absent;
  return Outcome::Unknown;
}

struct ActEvent {
  unsigned Index = 0;
  Target T;
  KeyRef Key;
  std::string Api; ///< "operator[]", "insert", "push_back", "assignment".
  Role R = Role::Add;
  const clang::Expr *E = nullptr; ///< The act call / assignment.
  clang::SourceRange Range;
  HeldSet Held;
  bool ResultUsed = false; ///< The call's value is used.
  /// The call's result tells what it found: insert/emplace/try_emplace, and
  /// an atomic's exchange/fetch_add/++ (the value replaced or made).
  bool ReportsInsertion = false;
  const clang::Expr *Value = nullptr; ///< Assigned value (lazy init, m[k] = v).
  /// The act is a subscript whose slot is then modified in place
  /// (`++m[k]`, `m[k] += n`): it changes the value it reaches.
  bool ModifiesSlot = false;
  /// The guards active at the act: (condition index, branch taken).
  llvm::SmallVector<std::pair<unsigned, bool>, 4> Guards;
  /// The statement the act is the whole of (`m[k] = v;`), if it is one.
  const clang::Stmt *WholeStmt = nullptr;
  /// The `if` whose only then-statement is WholeStmt, if any.
  const clang::IfStmt *SoleIf = nullptr;
};

/// A read of an element: `q.front()`, `m.at(k)`, `m[k]`, or `*it` and
/// `it->second` where `it` holds a check's result. A removal after a check
/// and a read is a take (cta-take-remove).
struct ReadEvent {
  unsigned Index = 0;
  Target T;
  KeyRef Key;
  std::string Api; ///< "front", "at", "operator[]", "*it", "it->second".
  const clang::Expr *E = nullptr;
  HeldSet Held;
};

/// A condition that guards acts.
struct Condition {
  const clang::Expr *E =
      nullptr; ///< Null for a search loop's pseudo-condition.
  llvm::SmallVector<unsigned, 2> Checks; ///< Checks evaluated inside E.
  llvm::SmallPtrSet<const clang::VarDecl *, 4> Vars; ///< Variables E reads.
};

/// A variable that holds (something derived from) a check's result.
struct ResultVar {
  unsigned Check = 0;
  /// What the variable holds: an iterator, a count, or a truth value.
  ResultKind Kind = ResultKind::Other;
  /// For bool-like variables: true means present / absent / unknown.
  Outcome WhenTrue = Outcome::Unknown;
};

/// Context for analyzing a lambda body.
struct LambdaContext {
  bool RunsOnce = false; ///< Passed to std::call_once: the body is one section.
  /// Sections held where the lambda is defined and run inline.
  HeldSet Inherited;
  /// Locals of the enclosing function captured by reference into threads,
  /// as far as the walk had seen them where the lambda is defined.
  llvm::SmallPtrSet<const clang::VarDecl *, 4> ThreadCaptured;
};

class FunctionFacts {
public:
  std::vector<CheckEvent> Checks;
  std::vector<ActEvent> Acts;
  std::vector<ReadEvent> Reads;
  std::vector<Condition> Conds;
  llvm::DenseMap<const clang::VarDecl *, llvm::SmallVector<ResultVar, 1>>
      Results;
  /// Locals captured by reference into a thread (std::thread, async...).
  llvm::SmallPtrSet<const clang::VarDecl *, 4> ThreadCaptured;
  /// Statements that are a `static T* p = nullptr;` declaration, with the
  /// compound and index, for the magic-static fix-it.
  struct StmtPos {
    const clang::CompoundStmt *Parent = nullptr;
    unsigned Index = 0;
  };
  llvm::DenseMap<const clang::Stmt *, StmtPos> Positions;
  llvm::DenseMap<const clang::VarDecl *, const clang::Stmt *> DeclStmts;
  /// The calls the function makes to functions, and whether a lock was
  /// held at the call: what lets a helper inherit its callers' lock.
  struct CallSite {
    const clang::FunctionDecl *Callee = nullptr; ///< Canonical declaration.
    bool Locked = false;
    /// The held mutexes' names across translation units (Walker::mutexId).
    std::vector<std::string> LockNames;
    /// Made before this function starts a thread or enters an event loop
    /// (in the order of the body; a start inside a loop is before every
    /// call in that loop).
    bool BeforeThreads = true;
  };
  std::vector<CallSite> Calls;
  /// The body starts a thread (a spawner, a thread type's construction) or
  /// runs an event loop on its own thread
  /// (ContainerModel::isLoopEntryFunction).
  bool StartsThreads = false;
  /// The body runs an event loop on its own thread.
  bool EntersLoop = false;
  /// Functions this one starts threads in: named as the thread's function
  /// (`std::thread(&Worker::run, this)`, `pthread_create(.., loop, ..)`) or
  /// called by a lambda the thread runs. Single is false for a thread
  /// started in a loop (one of a pool running the same entry).
  struct ThreadEntry {
    const clang::FunctionDecl *Fn = nullptr; ///< Canonical declaration.
    bool Single = true;
  };
  std::vector<ThreadEntry> ThreadEntries;
  /// A function this one hands to an event loop (`runInLoop`, a channel's
  /// callback), or that a lambda it hands so calls: it runs on that loop.
  struct LoopCallable {
    const clang::FunctionDecl *Fn = nullptr; ///< Canonical declaration.
    /// How: "handed to 'trantor::EventLoop::runInLoop'", or "called by a
    /// lambda handed to ...".
    std::string How;
  };
  std::vector<LoopCallable> OnLoop;
  /// Functions called directly by lambdas of this body not handed to a
  /// loop: call sites whose thread is unknown.
  std::vector<const clang::FunctionDecl *> LambdaCalls;
  /// Functions this one hands to pthread_once / std::call_once.
  std::vector<const clang::FunctionDecl *> OnceFunctions;
  /// Lambdas defined in the body, in order, with what they inherit: each is
  /// analyzed as a function of its own (Analyzer::analyzeBody).
  struct NestedLambda {
    const clang::LambdaExpr *E = nullptr;
    LambdaContext Context;
  };
  std::vector<NestedLambda> Lambdas;
  /// Conditions an act depends on only because the other branch ends the
  /// program (`assert(!inst_)`, `if (inst_) abort();`): the code states a
  /// single-caller protocol, which lowers a finding's confidence.
  llvm::SmallVector<unsigned, 2> FatalConds;
  bool isFatalGuard(unsigned CondIdx) const {
    return llvm::is_contained(FatalConds, CondIdx);
  }
  /// The function asserts it runs on one owning thread
  /// (`loop_->assertInLoopThread()`): its members are not shared here.
  bool ThreadConfined = false;
  /// The assertion that made it so (`assertInLoopThread`).
  std::string AffinityAssert;

  /// The `return` statements with a value, in order: what the value is,
  /// the sections held and the guards over it. A helper's summary reads
  /// them (HelperSummaries.h).
  struct ReturnSite {
    const clang::Expr *Value = nullptr;
    HeldSet Held;
    llvm::SmallVector<std::pair<unsigned, bool>, 4> Guards;
  };
  std::vector<ReturnSite> Returns;

  /// Where each critical section ends: the block whose `}` releases its
  /// guard, or the statement that unlocks it.
  llvm::DenseMap<unsigned, const clang::Stmt *> SectionEnds;

  /// The outcome of check \p C under condition \p Cond when the branch
  /// \p Taken was taken.
  Outcome outcome(const CheckEvent &C, const Condition &Cond, bool Taken) const;
  /// The checks condition \p Cond depends on: those evaluated inside it and
  /// those whose result variables it reads, in order, without repeats.
  llvm::SmallVector<unsigned, 4> mentionedChecks(const Condition &Cond) const;
  /// Returns true if condition \p Cond depends on check \p CheckIdx.
  bool mentions(const Condition &Cond, unsigned CheckIdx) const;

  /// Prints the facts (CTA_DEBUG_FACTS=1).
  void dump(llvm::raw_ostream &OS) const;
};

/// What the walker reads besides the body: the models, and the counter that
/// keeps section ids unique within a translation unit (a lambda's inherited
/// sections keep their identity).
struct FactsContext {
  clang::ASTContext &Ctx;
  const ContainerModel &Containers;
  const LockModel &Locks;
  unsigned &SectionIds;
  /// What the TU's helper functions check and change, for calls to them
  /// (HelperSummaries.h); null when not summarized.
  HelperSummaries *Helpers = nullptr;
};

/// Builds the facts of \p Body (of \p FD, or of a lambda described by
/// \p LC). Lambdas inside are recorded in Out.Lambdas, not walked.
void buildFacts(const clang::Stmt *Body, const clang::FunctionDecl *FD,
                const LambdaContext *LC, FactsContext &FC, FunctionFacts &Out);

} // namespace cta

#endif // CTA_FUNCTIONFACTS_H
