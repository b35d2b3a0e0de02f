//===- Finding.h - The one data type every cta output is made from --------===//
//
/// \file
/// A Finding is a check-then-act pair the analysis proved shape-wise: a check
/// site, an act site that assumes the check still holds, the shared object and
/// key they touch, the locks held at each, and what to write instead.
/// Diagnostics, SARIF, JSON, fix-its and `cta confirm` are all rendered from
/// it; no renderer re-derives facts from the AST.
///
/// Findings are plain values (strings and integers) so they outlive the AST
/// and cross process boundaries. The clang::SourceLocation fields are only
/// meaningful inside the translation unit that produced the finding.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_FINDING_H
#define CTA_FINDING_H

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace cta {

/// The rules (docs/index.md lists them; docs/architecture.md, "Terms"). The
/// ids are a contract.
enum class RuleId {
  MapGetOrAdd,
  LazyInit,
  SeqSearchAdd,
  SplitLock,
  ConcurrentContainer,
  AtomicCheckThenAct,
  SetInsertOnce,
  TakeRemove,
  RedisCheckThenAct,
  SqlCheckThenAct,
};
inline constexpr unsigned NumRules = 10;

/// "cta-map-get-or-add" etc.
llvm::StringRef ruleName(RuleId R);
/// A one-line description of the rule, for SARIF rule metadata.
llvm::StringRef ruleSummary(RuleId R);
/// The docs page of the rule, relative to the docs/ directory.
llvm::StringRef ruleDocPath(RuleId R);
/// A paragraph on what the rule flags and why it is a race (SARIF
/// fullDescription).
llvm::StringRef ruleDescription(RuleId R);
/// What to write instead, in Markdown (SARIF help).
llvm::StringRef ruleFix(RuleId R);
/// How often a finding of the rule is a real race: "high" or "medium" (the
/// SARIF `precision` property code-scanning UIs filter on).
llvm::StringRef rulePrecision(RuleId R);
/// Parses "cta-map-get-or-add" (or "map-get-or-add"); std::nullopt otherwise.
std::optional<RuleId> parseRuleName(llvm::StringRef Name);

/// How strongly the evidence says the finding is a real race
/// (docs/concepts.md, "Confidence"). Ordered: a filter keeps a level and
/// every level above it.
enum class Confidence : uint8_t {
  Low,    ///< The code states a protocol that may exclude the race (a fatal
          ///< branch, a one-thread gate seen only in part, a confined member).
  Medium, ///< Shared by the class's concurrency intent only.
  High,   ///< Shared by storage or a thread hand-off, or locks were seen.
};
/// "low", "medium", "high".
llvm::StringRef confidenceName(Confidence C);
/// Parses a confidence name; std::nullopt otherwise.
std::optional<Confidence> parseConfidence(llvm::StringRef Name);

/// \p Text trimmed, each run of white space folded to one space: how
/// Site::Text spells a multi-line expression, and how a baseline compares
/// source lines.
std::string foldWhitespace(llvm::StringRef Text);

/// A point in the user's source, resolved to its file/line/column.
struct Site {
  std::string File;    ///< As the compiler saw it (absolute when possible).
  unsigned Line = 0;   ///< 1-based.
  unsigned Column = 0; ///< 1-based, in bytes.
  unsigned EndLine = 0;
  unsigned EndColumn = 0; ///< One past the last byte of the expression.
  unsigned Offset = 0;    ///< Byte offset of the start in File.
  std::string Text; ///< The expression as spelled, e.g. `cache_.find(key)`.
  clang::SourceLocation Loc; ///< Valid only in the producing TU.
};

/// One textual edit; offsets are byte offsets into File.
struct FixIt {
  std::string File;
  unsigned Offset = 0;
  unsigned Length = 0;
  std::string Replacement;
  Site Begin; ///< Where the replaced range starts (for SARIF regions).
  Site End;   ///< Where it ends.
  clang::SourceRange Range; ///< Valid only in the producing TU.
};

/// The function that holds the check and the act: what `cta confirm` drives.
struct FunctionIdentity {
  std::string QualifiedName; ///< e.g. `svc::ConnectionCache::get`.
  std::string USR;
  std::string
      Signature; ///< e.g. `std::shared_ptr<Connection> (const std::string &)`.
  std::string ClassName; ///< Qualified name of the enclosing class, or empty.
  bool IsMethod = false;
  bool IsStaticMethod = false;
  bool IsConstMethod = false;
  bool IsLambda = false;
  Site Location;
};

/// What was locked at the check and at the act.
struct LockFacts {
  std::vector<std::string> AtCheck; ///< Mutexes held at the check, as spelled.
  std::vector<std::string> AtAct;   ///< Mutexes held at the act.
  bool CheckShared =
      false; ///< The check held its lock in shared (reader) mode.
  bool ActShared = false;
  bool HasRecheck = false; ///< A re-check ran under the act's lock (DCL).
};

/// What a finding needs to know of its function's callers in the other
/// translation units (ProgramSummary.h): a public method may be called only
/// under a lock, or only while its object is built.
struct CallerQuestion {
  std::string FunctionUSR;
  /// The locks that, held at every call site, cover the pair (the mutex
  /// members of the method's class); empty: any lock does.
  std::vector<std::string> Locks;
  /// The object is a member of `this`: callers that only build or destroy
  /// the object clear the finding too.
  bool OnThis = false;
};

struct Finding {
  RuleId Rule = RuleId::MapGetOrAdd;
  std::string Message;    ///< Without the trailing "[cta-...]".
  std::string Object;     ///< The shared object as spelled at the act.
  std::string ObjectType; ///< Its type, e.g. `std::unordered_map<...>`.
  std::string
      Family; ///< Container family or state kind, e.g. `std::map`, `pointer`.
  std::string Key;           ///< The key as spelled at the act; empty if none.
  std::string CheckApi;      ///< e.g. `find`, `std::find_if`, `null test`.
  std::string ActApi;        ///< e.g. `operator[]`, `push_back`, `assignment`.
  std::string SharedBecause; ///< Why the object counts as shared.
  Confidence Conf = Confidence::High;
  /// The facts the finding rests on, one phrase each: the sharing reason,
  /// the locks seen, what is known of the callers, what lowered confidence.
  std::vector<std::string> Evidence;
  Site Check;
  Site Act;
  FunctionIdentity Function;
  LockFacts Locks;
  std::string Replacement; ///< Human advice; starts with "use ".
  std::vector<FixIt> Fixes;
  /// Set when the callers in other TUs decide the finding (`cta lint`
  /// over a compile database answers it; not part of the outputs).
  std::optional<CallerQuestion> Pending;

  /// A stable identity for baselines and deduplication across TUs.
  std::string fingerprint() const;
};

} // namespace cta

#endif // CTA_FINDING_H
