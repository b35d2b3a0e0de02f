//===- Summaries.h - What the functions of a TU say about each other ------===//
//
/// \file
/// A finding in one function often depends on facts of others: a helper
/// only ever called under its callers' lock, a private method only called
/// from constructors, a member only touched by one dedicated thread. The
/// TUSummary computes those facts once per translation unit from the
/// FunctionFacts of all its functions (docs/concepts.md, "Summaries").
///
/// The summary sees one translation unit: a function called from another
/// TU is judged by its calls here. That is why the facts it gives lower a
/// finding's confidence or apply to internal functions only (private
/// methods, functions with internal linkage), whose callers are all here.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_SUMMARIES_H
#define CTA_SUMMARIES_H

#include "FunctionFacts.h"
#include "ProgramSummary.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace clang {
class FieldDecl;
class FunctionDecl;
} // namespace clang

namespace cta {

using FactsList = std::vector<
    std::pair<const clang::FunctionDecl *, std::unique_ptr<FunctionFacts>>>;

/// Private and protected methods, and functions other TUs cannot call.
bool isInternalFunction(const clang::FunctionDecl *FD);

/// The USR of \p FD (of its template pattern for an instantiation): its
/// name in every TU; empty when it has none.
std::string usrOf(const clang::FunctionDecl *FD);

class TUSummary {
public:
  explicit TUSummary(const FactsList &All);

  /// Runs with a lock its callers hold: an internal helper every caller
  /// calls under a lock (or from such a helper), a function named for it
  /// (`evictLocked`), or a function run once (pthread_once, call_once).
  bool callerHeld(const clang::FunctionDecl *FD) const;

  /// Runs only while an object is built or destroyed: an internal function
  /// whose every caller is a constructor, a destructor, or such a function.
  bool initOnly(const clang::FunctionDecl *FD) const;

  /// Why \p FD runs on one thread, or empty: it asserts so
  /// (`assertInLoopThread`), is handed to an event loop, or is an internal
  /// function only such functions call (docs/concepts.md, "Thread
  /// affinity").
  const std::string &affinity(const clang::FunctionDecl *FD) const;

  struct CallerCount {
    unsigned Total = 0;  ///< Call sites in this TU.
    unsigned Locked = 0; ///< Of those, made with a lock held.
  };
  CallerCount callers(const clang::FunctionDecl *FD) const;

  /// The thread entry function that is the only way code touching \p M
  /// runs (besides constructors and destructors), or null: \p M is then
  /// confined to that thread. \p M is a field, or a variable only this TU
  /// can name (`static` at namespace scope, a static local). Computed on
  /// first use.
  const clang::FunctionDecl *confinedTo(const clang::ValueDecl *M);

  /// The thread entry function that is the only way code removing from
  /// \p M runs, when \p FD is part of that thread, or null: \p FD's thread
  /// is then \p M's one taker, and two takers cannot meet (others may add).
  /// \p M is a field. Computed on first use.
  const clang::FunctionDecl *soleTaker(const clang::FieldDecl *M,
                                       const clang::FunctionDecl *FD);

  /// The thread entry function that is the only way code writing \p M
  /// runs, when \p FD is part of that thread, or null: nobody else can
  /// change \p M between a check and an act of that thread. Writes to an
  /// object the writing function made itself (a local object, or a local
  /// initialized by `new`, `std::make_unique` or `std::make_shared`) and a
  /// structor's writes to its own object do not count; a write inside a
  /// lambda does, from an unknown thread. \p M must be a field code
  /// outside this TU cannot name directly: non-public, or of a non-public
  /// nested class or a class with internal linkage. Computed on first use.
  const clang::FunctionDecl *soleWriter(const clang::FieldDecl *M,
                                        const clang::FunctionDecl *FD);

  /// What this TU says of its functions, keyed by USR, for the summaries
  /// of a whole compile database (ProgramSummary.h).
  UnitSummary unit() const;

private:
  const clang::FunctionDecl *canon(const clang::FunctionDecl *FD) const;
  void computeCallerHeld();
  void computeInitOnly();
  void computeAffinity();
  /// Functions that run only as part of \p Entry's thread: the entry, and
  /// internal functions all of whose callers are such functions.
  const llvm::DenseSet<const clang::FunctionDecl *> &
  onlyFrom(const clang::FunctionDecl *Entry);
  /// Whether \p Entry is one thread's own: started once, never by a pool,
  /// never called directly, and internal.
  bool ownThreadEntry(const clang::FunctionDecl *Entry) const;

  const FactsList &All;
  llvm::DenseMap<const clang::FunctionDecl *, CallerCount> Counts;
  /// Callee (canonical) -> callers (canonical), with repeats.
  llvm::DenseMap<const clang::FunctionDecl *,
                 llvm::SmallVector<const clang::FunctionDecl *, 2>>
      CallersOf;
  llvm::DenseSet<const clang::FunctionDecl *> Held;
  llvm::DenseSet<const clang::FunctionDecl *> Init;
  /// Functions that run on one thread, with the reason.
  llvm::DenseMap<const clang::FunctionDecl *, std::string> Affine;
  /// Thread entries started once (Single) and those also started in loops.
  llvm::DenseSet<const clang::FunctionDecl *> SingleEntries, PoolEntries;
  llvm::DenseMap<const clang::FunctionDecl *,
                 llvm::DenseSet<const clang::FunctionDecl *>>
      OnlyFromCache;
  /// Field -> the functions (canonical) that write it, null for a write
  /// from a lambda (soleWriter).
  llvm::DenseMap<const clang::FieldDecl *,
                 llvm::SmallVector<const clang::FunctionDecl *, 4>>
      WritersCache;
  /// Field or file-local variable -> the functions (canonical) whose bodies
  /// touch it.
  std::optional<llvm::DenseMap<const clang::ValueDecl *,
                               llvm::SmallVector<const clang::FunctionDecl *,
                                                 4>>>
      FieldUsers;
};

} // namespace cta

#endif // CTA_SUMMARIES_H
