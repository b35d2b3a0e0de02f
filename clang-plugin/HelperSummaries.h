//===- HelperSummaries.h - What a TU's helpers check and change -----------===//
//
/// \file
/// `if (!reg.has(k)) reg.add(k);` is a check-then-act when `has` looks `k`
/// up in a member of `reg` and `add` inserts it, each under its own lock:
/// the caller's two calls are two critical sections (docs/split-lock.md,
/// "Helpers that lock"). A HelperEffect says what one such helper does,
/// read from the FunctionFacts of its body: the one check whose result it
/// returns, the one state value a getter returns a copy of, or the one act
/// it makes, with the member (of `this`) or the variable of static storage
/// it is on, the parameter that is the key, and the lock it holds around
/// it. The walker then records that check or act at each call to the
/// helper, on the caller's object (facts/HelperCalls.cpp).
///
/// Helpers compose: a helper whose body calls another summarized helper
/// (`bool contains(k) { return has(k); }`, `void add(k, v) { lock;
/// insertLocked(k, v); }`) is summarized from the event that call recorded.
/// A helper that takes no lock of its own (`insertLocked`) is summarized as
/// Unlocked: its calls count only where the caller holds a section, as if
/// its body were written there. Summaries nest at most MaxDepth helpers
/// deep; a helper reached again while it is being summarized (a cycle)
/// contributes nothing to that walk.
///
/// Facts are built once: a helper summarized while a caller is walked keeps
/// its facts here until the Analyzer takes them (docs/concepts.md,
/// "Summaries").
//
//===----------------------------------------------------------------------===//

#ifndef CTA_HELPERSUMMARIES_H
#define CTA_HELPERSUMMARIES_H

#include "FunctionFacts.h"
#include "ProgramSummary.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringMap.h"
#include <functional>
#include <memory>
#include <optional>

namespace clang {
class CXXRecordDecl;
class FieldDecl;
class FunctionDecl;
class VarDecl;
} // namespace clang

namespace cta {

/// What one helper does to state of its object (or of static storage).
struct HelperEffect {
  enum Kind : uint8_t {
    Check, ///< Returns a check's result (`return m_.count(k) > 0;`).
    Read,  ///< Returns a copy of state a caller tests (`return tp_;`).
    Act,   ///< Changes the state (`m_[k] = v;`, `tp_ = std::move(tp);`).
  } K = Check;
  /// The state: a member chain of `this`, outermost first, or a variable of
  /// static storage (Global).
  llvm::SmallVector<const clang::FieldDecl *, 2> Fields;
  const clang::VarDecl *Global = nullptr;
  const ContainerInfo *Container = nullptr;
  StateKind State = StateKind::None;
  /// The parameter that is the key; -1: the whole object.
  int KeyParam = -1;
  /// The key is derived from that parameter by members and getters without
  /// arguments (`txn->GetName()`: ".GetName()"); empty: the parameter.
  std::string KeySuffix;
  /// For an act that stores a parameter (a setter): that parameter; -1:
  /// the value is the callee's own (ActValue).
  int ValueParam = -1;
  const clang::Expr *ActValue = nullptr;
  /// How the returned value tells presence (Check, Read).
  ResultKind Result = ResultKind::Other;
  /// The act's result tells what it found, and the helper returns it
  /// (`return m_.insert(k).second;`).
  bool ReportsInsertion = false;
  /// The event inside the helper ("find", "operator[]", "assignment").
  std::string Api;
  /// The lock the helper holds around the event.
  std::string MutexId, MutexSpelling;
  LockMode Mode = LockMode::Exclusive;
  /// The helper holds no lock of its own around the event: its callers do
  /// (`insertLocked`). Such a call is an event only inside a held section.
  bool Unlocked = false;
};

/// The first member named \p Name of \p RD or of one of its bases (the
/// class before its bases, bases in order) that \p Accept takes.
const clang::NamedDecl *
memberNamed(const clang::CXXRecordDecl *RD, llvm::StringRef Name,
            llvm::function_ref<bool(const clang::NamedDecl &)> Accept);

/// The field named \p Name of \p RD or of one of its bases.
inline const clang::FieldDecl *fieldNamed(const clang::CXXRecordDecl *RD,
                                          llvm::StringRef Name) {
  return llvm::cast_or_null<clang::FieldDecl>(
      memberNamed(RD, Name, [](const clang::NamedDecl &D) {
        return llvm::isa<clang::FieldDecl>(D);
      }));
}

class HelperSummaries {
public:
  /// How many helpers deep a summary is built through calls.
  static constexpr unsigned MaxDepth = 4;

  using BuildFn =
      std::function<void(const clang::FunctionDecl *, FunctionFacts &)>;
  HelperSummaries(const ContainerModel &Models, BuildFn Build)
      : Models(Models), Build(std::move(Build)) {}

  /// A function the Analyzer will analyze: the only ones summarized.
  void addCandidate(const clang::FunctionDecl *FD);
  /// Summarizes \p FD from facts the Analyzer built (no second walk).
  void noteFacts(const clang::FunctionDecl *FD, const FunctionFacts &F);
  /// The effect of a call to \p Callee, or null when it is not a locked
  /// check, read or act of one piece of state. Builds \p Callee's facts on
  /// first use.
  const HelperEffect *effectOf(const clang::FunctionDecl *Callee);
  /// The facts built for \p FD while summarizing it, or null.
  std::unique_ptr<FunctionFacts> take(const clang::FunctionDecl *FD);
  /// The helpers summarized so far that other translation units can call
  /// (methods on a member chain of `this`, functions on a variable of
  /// static storage other TUs declare), as data.
  std::vector<HelperSummary> exported() const;
  /// The summaries of helpers other translation units define, by USR: a
  /// call to one this TU only declares is that helper's check, read or act.
  void setExternal(const llvm::StringMap<HelperSummary> *Ext) {
    External = Ext;
  }
  void clear();

private:
  std::optional<HelperEffect> summarize(const clang::FunctionDecl *FD,
                                        const FunctionFacts &F) const;
  /// \p Callee's effect from another TU's summary, or null.
  const HelperEffect *externalEffect(const clang::FunctionDecl *Callee);

  const ContainerModel &Models;
  BuildFn Build;
  llvm::DenseSet<const clang::FunctionDecl *> Candidates;
  llvm::DenseSet<const clang::FunctionDecl *> InProgress;
  /// Canonical declaration -> its effect (null: none).
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<HelperEffect>>
      Effects;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<FunctionFacts>>
      Built;
  const llvm::StringMap<HelperSummary> *External = nullptr;
};

} // namespace cta

#endif // CTA_HELPERSUMMARIES_H
