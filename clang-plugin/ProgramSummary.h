//===- ProgramSummary.h - What a TU says about its functions, as data -----===//
//
/// \file
/// The TUSummary (Summaries.h) sees one translation unit. A UnitSummary is
/// what it learned, written as plain data keyed by USR so that the
/// summaries of every TU of a compile database can be merged: each function
/// defined in the TU with its kind, its call sites (the callee and the
/// locks held there, named as every TU names them: `ns::Svc::mu_`) and the
/// thread entries it starts.
///
/// A finding whose fate depends on the callers of its function carries a
/// CallerQuestion (Finding.h). ProgramGraph merges the summaries into one
/// call graph and answers the questions: a function every call site of
/// which holds a covering lock runs under its callers' lock, one reached
/// only from constructors, destructors and init-only code runs before its
/// object is shared (docs/concepts.md, "Summaries").
//
//===----------------------------------------------------------------------===//

#ifndef CTA_PROGRAMSUMMARY_H
#define CTA_PROGRAMSUMMARY_H

#include "Finding.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/JSON.h"
#include <string>
#include <vector>

namespace cta {

/// What kind of code a function is, for its callees.
enum class CallerKind : uint8_t {
  Ordinary,
  Constructor,
  Destructor,
  Main,
  InitOnly, ///< Called only from constructors and destructors in its TU.
};

struct CallSummary {
  std::string Callee; ///< USR.
  bool Locked = false;
  /// The held mutexes' names across TUs; "" for a lock without one.
  std::vector<std::string> Locks;
  /// Made before the caller starts a thread or enters an event loop
  /// (FunctionFacts::CallSite::BeforeThreads).
  bool BeforeThreads = false;
};

struct FunctionSummary {
  std::string USR;
  std::string Name; ///< Qualified, for messages.
  CallerKind Kind = CallerKind::Ordinary;
  /// Private or internal: the TU's own summary already judged it.
  bool Internal = false;
  /// The TU's summary found it runs under its callers' lock.
  bool CallerHeld = false;
  /// Calls, in the order of the body.
  std::vector<CallSummary> Calls;
  /// It starts a thread or runs an event loop itself.
  bool StartsThreads = false;
  /// It runs an event loop on its own thread (`loop_->loop()`).
  bool EntersLoop = false;
  /// Functions this one starts threads in (USRs).
  std::vector<std::string> ThreadEntries;
  /// Why the TU's summary found it runs on one thread; empty if not.
  std::string Affinity;
  /// Functions it hands to an event loop (USR, how: "handed to '...'").
  std::vector<std::pair<std::string, std::string>> OnLoop;
  /// Functions its lambdas call where no loop runs them (USRs).
  std::vector<std::string> LambdaCalls;
};

/// A helper's effect (HelperSummaries.h) as data, so that a call in another
/// translation unit, which sees only the helper's declaration, is the same
/// check, read or act (docs/concepts.md, "Summaries").
struct HelperSummary {
  std::string USR;
  /// HelperEffect::Kind, ResultKind, StateKind and LockMode as numbers.
  int Kind = 0, Result = 0, State = 0, Mode = 0;
  /// The member chain of `this`, outermost first, by name; empty for
  /// static storage.
  std::vector<std::string> Fields;
  /// The variable of static storage the state is (a namespace-scope or
  /// class-static variable other TUs declare too), by qualified name; empty
  /// for a member chain.
  std::string Global;
  /// The state is a container the ContainerModel knows (its type says which).
  bool Container = false;
  int KeyParam = -1, ValueParam = -1;
  /// HelperEffect::KeySuffix.
  std::string KeySuffix;
  bool ReportsInsertion = false, Unlocked = false;
  std::string Api, MutexId, MutexSpelling;
};

struct UnitSummary {
  std::vector<FunctionSummary> Functions;
  /// The summarized helpers defined in the TU that other TUs can call.
  std::vector<HelperSummary> Helpers;
};

llvm::json::Value toJSON(const UnitSummary &U);
/// Returns false on a value toJSON did not write.
bool unitSummaryFromJSON(const llvm::json::Value &V, UnitSummary &Out);
llvm::json::Value toJSON(const CallerQuestion &Q);
bool callerQuestionFromJSON(const llvm::json::Value &V, CallerQuestion &Out);

/// The call graph of a whole compile database.
class ProgramGraph {
public:
  /// Adds the summary of translation unit number \p TU. A function defined
  /// in several TUs (an inline one in a header) counts once.
  void add(const UnitSummary &U, unsigned TU);
  /// Computes what runs under callers' locks and what runs at init only.
  void finish();
  /// Answers \p F's CallerQuestion: false when the finding is not to be
  /// reported; otherwise updates its "callers:" evidence.
  bool resolve(Finding &F) const;

private:
  struct Site {
    const FunctionSummary *Caller = nullptr;
    const CallSummary *Call = nullptr;
    unsigned TU = 0;
  };
  bool covers(const Site &S, const std::vector<std::string> &Locks) const;
  void growAffinity();
  void growStartUp();
  /// \p S is made before its caller starts a thread or enters a loop, also
  /// through a callee called earlier.
  bool beforeThreads(const Site &S) const;
  std::vector<std::unique_ptr<UnitSummary>> Units;
  llvm::StringMap<const FunctionSummary *> Defined;
  llvm::StringMap<std::vector<Site>> CallersOf;
  llvm::StringSet<> Entries, Held, Init;
  /// Runs on one thread (USR -> why); handed to a loop (USR -> the API);
  /// called by a lambda no loop runs.
  llvm::StringMap<std::string> Affine, Posted;
  llvm::StringSet<> LambdaCalled;
  /// Start a thread or enter an event loop, themselves or through a callee.
  llvm::StringSet<> Starts;
  /// Start-up code (docs/concepts.md, "Summaries"): main, a loop-running
  /// function nothing calls, and functions called only by start-up code
  /// before it starts a thread. Proven: the chain starts at main.
  struct StartUpCode {
    std::string From; ///< Name of the first caller, for the evidence.
    std::string Root; ///< Name of the function the chain starts at.
    bool Proven = false;
  };
  llvm::StringMap<StartUpCode> StartUp;
};

} // namespace cta

#endif // CTA_PROGRAMSUMMARY_H
