//===- Walker.h - One walk over a function body ---------------------------===//
//
/// \file
/// The walker visits a body once, in evaluation order, and records into a
/// FunctionFacts every check, act, guard condition, result variable, held
/// section and thread hand-off it sees. It decides nothing: which pairs are
/// races is the rules' business (docs/architecture.md, "Facts").
///
/// Its parts live by concept:
///   Walker.cpp        the walk itself: statements, declarations, calls
///   Branches.cpp      guard conditions, branches, loops, early exits
///   Events.cpp        checks and acts, from the ContainerModel's rows
///   ResultVars.cpp    variables that carry a check's result
///   SearchLoops.cpp   hand-written search loops as checks
///   HeldSections.cpp  locks, guards and the sections they hold
///   Threads.cpp       thread spawns, run-once callbacks, lambdas
/// Expression helpers are in Syntax.h, identity of objects and keys in
/// Identity.h, the outcome of a check under a condition in Outcomes.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_FACTS_WALKER_H
#define CTA_FACTS_WALKER_H

#include "FunctionFacts.h"
#include "facts/Syntax.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include <optional>
#include <utility>

namespace clang {
class ArraySubscriptExpr;
class CallExpr;
class DeclStmt;
} // namespace clang

namespace cta {

/// Does storing \p Value reset state of kind \p SK (null or false on state
/// with presence) rather than set it?
bool resetsState(StateKind SK, const clang::Expr *Value);
/// Is \p E a plain integer that is a local without static storage or a
/// parameter? Its loop indices and tallies are the function's own: not
/// tracked as state (docs/split-lock.md, "Counters, bounds and states").
bool isLocalInteger(const clang::Expr *E);

class Walker {
public:
  Walker(FactsContext &FC, FunctionFacts &F, const clang::FunctionDecl *FD);

  void run(const clang::Stmt *Body, const LambdaContext *LC);

private:
  /// (condition index, branch taken): one guard over the code being walked.
  using Guard = std::pair<unsigned, bool>;

  //--- The walk (Walker.cpp) ----------------------------------------------
  void visit(const clang::Stmt *S);
  void visitStmt(const clang::Stmt *S);
  void visitCompound(const clang::CompoundStmt *CS);
  void visitDecl(const clang::DeclStmt *DS);
  /// Walks the operand of `++`, `--` or a compound assignment: a subscript
  /// there is an act that modifies its slot.
  void visitModified(const clang::Expr *Operand);
  void visitAssign(const clang::Expr *E, const clang::Expr *LHS,
                   const clang::Expr *RHS);
  void visitCall(const clang::CallExpr *CE);

  //--- Guards, branches and loops (Branches.cpp) -------------------------
  /// Evaluates a condition: its checks and the variables it reads.
  unsigned evalCondition(const clang::Expr *E);
  /// Visits a statement that stands alone (in a compound or as a branch).
  void visitInStatementPosition(const clang::Stmt *S,
                                const clang::IfStmt *SoleIf);
  void visitBranch(const clang::Stmt *S, unsigned CondIdx, bool Taken,
                   const clang::IfStmt *SoleIf);
  void visitIf(const clang::IfStmt *If);
  void visitLoop(const clang::Stmt *Loop, const clang::Expr *Cond,
                 const clang::Stmt *Body, const clang::Expr *SearchContainer);
  /// The guards over the current point: enclosing branches and early exits.
  llvm::SmallVector<Guard, 4> activeGuards() const;

  //--- Checks and acts (Events.cpp) ---------------------------------------
  unsigned addCheck(CheckEvent C);
  void addAct(ActEvent A);
  void addRead(const Target &T, KeyRef Key, std::string Api,
               const clang::Expr *E);
  /// The key of a call whose row says it is at \p From; an iterator that
  /// holds a check's result stands for that check's key.
  KeyRef callKey(KeyFrom From, llvm::ArrayRef<const clang::Expr *> Args) const;
  /// `c.begin() != c.end()`, `c.begin() == c.end()`: an emptiness test.
  void classifyRangeTest(const clang::Expr *E);
  Target containerTarget(const CallView &V) const;
  /// Member calls on containers and scalar state.
  void classifyMemberCall(const CallView &V);
  void addStateAct(const clang::Expr *Obj, StateKind SK, llvm::StringRef Api,
                   const clang::Expr *E, const clang::Expr *Value,
                   bool ReturnsPrior = false);
  /// A read of atomic state (`n.load()`, the implicit conversion of `peak_`)
  /// is a check wherever it is: in a condition, or in the initializer of a
  /// snapshot a condition then tests.
  void stateRead(const CallView &V, StateKind SK);
  /// Free search algorithms: std::find(v.begin(), v.end(), x) and friends.
  bool classifyAlgorithm(const clang::CallExpr *CE, llvm::StringRef Name);
  /// Null and flag tests inside a condition: `!p`, `p == nullptr`, `p`,
  /// `!initialized_`, `ptr_.get()`, `opt_.has_value()`.
  void scanStateTests(const clang::Expr *E);
  void stateLeaf(const clang::Expr *E);
  /// Is \p E a plain integer tracked as state: a member, a global or a
  /// static, named directly?
  bool isTrackedInteger(const clang::Expr *E) const;
  /// An update of a plain integer (`++n_`, `n_ += k`): an act on it.
  void integerAct(const clang::Expr *Target, llvm::StringRef Api,
                  const clang::Expr *E, const clang::Expr *Value);

  //--- Calls to summarized helpers (HelperCalls.cpp) ---------------------
  /// A call to a helper whose summary is a check or an act on its object's
  /// state (`if (!reg.has(k)) reg.add(k);`): that check or act, here.
  void helperCall(const clang::CallExpr *CE);
  /// The key a helper derives from its argument \p Arg by \p Suffix
  /// (HelperEffect::KeySuffix), as this function names it; nullopt when
  /// the argument has no identity.
  std::optional<KeyRef> derivedKey(const clang::Expr *Arg,
                                   llvm::StringRef Suffix) const;

  //--- Result variables (ResultVars.cpp) ----------------------------------
  /// Records variables whose initializer carries a check's result.
  void bindResult(const clang::VarDecl *VD, const clang::Expr *Init,
                  unsigned ChecksBefore);
  /// `bool busy = false; ... if (q.size() > N) busy = true;`: a local flag
  /// set against its initial value only under guards carries what those
  /// guards say about their checks. Any other assignment forgets it.
  void bindFlag(const clang::VarDecl *VD, const clang::Expr *Value);
  /// The check whose iterator \p E holds (`it` of `auto it = m.find(k)`),
  /// or null.
  const CheckEvent *iteratorCheck(const clang::Expr *E) const;
  /// `*it`, `it->second` (\p E) through iterator \p Iter: a read of the
  /// element the check found.
  void noteIteratorRead(const clang::Expr *Iter, const clang::Expr *E);

  //--- Search loops (SearchLoops.cpp) -------------------------------------
  /// The container a for/while loop walks: from `C.end()` / `C.size()` in
  /// its condition.
  const clang::Expr *loopContainer(const clang::Expr *Cond) const;
  /// Registers a hand-written search loop over \p ContainerE as a check.
  /// Returns the pseudo-condition index if the loop exits the function on a
  /// hit, for an exit guard after the loop.
  std::optional<unsigned> searchLoop(const clang::Stmt *Loop,
                                     const clang::Expr *ContainerE,
                                     const clang::Stmt *Body,
                                     const clang::Expr *Cond);

  /// Records that the rest of the scope \p How names runs only when
  /// condition \p CondIdx had the value \p Continues.
  void exitGuard(unsigned CondIdx, bool Continues, Exit How);
  /// `assert(x);` and glog's `CHECK(x);`: the `?:` a statement is.
  static const clang::AbstractConditionalOperator *
  statementTernary(const clang::Stmt *S);

  //--- Held sections (HeldSections.cpp) -----------------------------------
  /// Runs \p Release and records \p At as the end of every section it
  /// closed.
  template <class Fn> void closing(const clang::Stmt *At, Fn Release) {
    HeldSet Before = Locks.save();
    Release();
    for (const Section &S : Before)
      if (!llvm::any_of(Locks.held(),
                        [&](const Section &X) { return X.Id == S.Id; }))
        F.SectionEnds.try_emplace(S.Id, At);
  }
  /// The statement an unlock call ends: the call's own statement if it is
  /// one, else the call.
  const clang::Stmt *unlockSite(const clang::Expr *Call) const;
  /// Sections the function's callers hold for it: annotations and guards
  /// passed by reference.
  void enterCallerHeld();
  const clang::VarDecl *guardVar(const clang::Expr *Base) const;
  /// The canonical id of the mutex \p E names; remembers the name the
  /// mutex has in every translation unit (LockNames).
  std::string mutexId(const clang::Expr *E);
  /// The names of the mutexes held here that other translation units
  /// spell the same (`ns::Svc::mu_`); "" for a lock without one.
  std::vector<std::string> heldLockNames() const;
  bool handleLockCall(const CallView &V);
  bool handleFreeLockCall(const clang::CallExpr *CE, llvm::StringRef Name);
  /// A local variable that is an RAII guard: opens its sections.
  void handleGuardDecl(const clang::VarDecl *VD);

  //--- Gates (HeldSections.cpp; applied to branches in Branches.cpp) -------
  /// A test whose result admits one thread at a time (docs/concepts.md,
  /// "Protocol exclusion"): the code it admits holds the section Id, a
  /// pseudo critical section "gate:<object>" or the try-locked mutex's own.
  struct Gate {
    const clang::Expr *Result = nullptr; ///< The call, for a direct test.
    const clang::VarDecl *Var = nullptr; ///< The variable holding its result.
    bool ClosedWhen = true; ///< The result's truth when this thread got in.
    std::string Id, Spelling;
    /// A try_to_lock or deferred guard: the section is its mutexes'.
    const clang::VarDecl *GuardVar = nullptr;
  };
  /// A gate entered or left by a member call. Returns true when the call is
  /// a try-lock whose result decides: it takes no lock of its own.
  bool handleGateCall(const CallView &V);
  bool handleFreeGateCall(const clang::CallExpr *CE, llvm::StringRef Name);
  /// Records a gate whose result a condition or a variable receives;
  /// returns whether one does.
  bool noteGate(const Gate &G);
  /// The sections gate tests of condition \p CondIdx admit when it has
  /// \p Value: opened now, their ids returned.
  llvm::SmallVector<unsigned, 2> enterGates(unsigned CondIdx, bool Value);
  /// Closes sections \p Ids (gates of a branch the paths leave), ending
  /// them at \p At.
  void dropSections(llvm::ArrayRef<unsigned> Ids, const clang::Stmt *At);

  //--- Threads and lambdas (Threads.cpp) ----------------------------------
  bool isSpawner(const clang::Expr *E) const;
  void noteThreadCaptures(const clang::Expr *E,
                          llvm::ArrayRef<const clang::Expr *> Args);
  void noteOnceCallbacks(const clang::CallExpr *CE, llvm::StringRef Name);
  /// Callables handed to an event loop's run-on-loop members.
  void noteLoopCallbacks(const clang::CallExpr *CE);
  void visitLambda(const clang::LambdaExpr *LE);

  /// Deeper than this, generated code (a chain of thousands of `<<`) is not
  /// walked: its checks and acts are not the hand-written kind, and the
  /// recursion must not exhaust the stack the compiler gave us.
  static constexpr unsigned MaxDepth = 400;

  clang::ASTContext &Ctx;
  FunctionFacts &F;
  const clang::FunctionDecl *FD;
  const ContainerModel &CM;
  const LockModel &LM;
  LockState Locks;
  HelperSummaries *Helpers = nullptr;
  /// The value last assigned to each member of `this` in the walk, by
  /// canonical identity (`name_ = name;`): what a key a helper derives from
  /// its argument (`txn->GetName()`, called with `this`) is.
  llvm::StringMap<const clang::Expr *> MemberValues;
  unsigned NextIndex = 0;

  llvm::SmallVector<Guard, 8> GuardStack;
  /// Guards from early exits, per open scope: the outermost is the
  /// function's (a return), the innermost the current block's (a break).
  llvm::SmallVector<llvm::SmallVector<Guard, 2>, 8> ExitGuards;
  llvm::SmallVector<unsigned, 4> CondStack;
  llvm::DenseMap<const clang::IfStmt *, unsigned> IfConds;
  /// The condition of each `?:` walked: `assert(x)` is one in statement
  /// position with a fatal arm.
  llvm::DenseMap<const clang::AbstractConditionalOperator *, unsigned>
      TernaryConds;
  llvm::DenseMap<const clang::Stmt *, unsigned> LoopExitConds;
  llvm::SmallPtrSet<const clang::VarDecl *, 4> GuardVars;
  /// Mutex id -> its name across translation units (a member's or a
  /// global's qualified name).
  llvm::StringMap<std::string> LockNames;
  llvm::SmallPtrSet<const clang::LambdaExpr *, 2> OnceLambdas;
  llvm::SmallPtrSet<const clang::LambdaExpr *, 2> SpawnedLambdas;
  llvm::SmallPtrSet<const clang::LambdaExpr *, 2> LoopLambdas;
  /// Gate tests each condition evaluated, and variables that hold one's
  /// result (`bool was = f.exchange(true);`).
  llvm::DenseMap<unsigned, llvm::SmallVector<Gate, 1>> CondGates;
  llvm::DenseMap<const clang::VarDecl *, Gate> GateVars;
  /// The initializer being walked and its variable.
  const clang::Expr *PendingInit = nullptr;
  const clang::VarDecl *PendingInitVar = nullptr;
  /// The tested expressions of null and flag tests already recorded, so a
  /// read of atomic state becomes one check, not two.
  llvm::SmallPtrSet<const clang::Expr *, 8> StateTests;

  /// The expression that is the whole of the statement being walked, and
  /// that statement: an act that is it has its result unused.
  const clang::Expr *CurWhole = nullptr;
  const clang::Stmt *CurWholeStmt = nullptr;
  /// The `if` whose only then-statement is being walked.
  const clang::IfStmt *CurSoleIf = nullptr;
  const clang::IfStmt *PendingSoleIf = nullptr;
  /// `m[k] = v`: the value the subscript being walked receives.
  const clang::Expr *PendingAssignValue = nullptr;
  const clang::Expr *PendingAssign = nullptr;
  /// The subscript being walked is the operand of `++`, `--` or `+=`...
  bool PendingModify = false;
  unsigned Depth = 0;
  /// Loops around the statement being walked.
  unsigned LoopDepth = 0;
  /// The first call (an index into F.Calls) made inside the outermost loop
  /// being walked: a thread started in the loop is started before the next
  /// iteration of every call from there on.
  unsigned OuterLoopFirstCall = 0;
  void enterLoop() {
    if (LoopDepth++ == 0)
      OuterLoopFirstCall = F.Calls.size();
  }
  /// Records that the body starts a thread here (FunctionFacts::StartsThreads).
  void noteThreadsStart();
};

} // namespace cta

#endif // CTA_FACTS_WALKER_H
