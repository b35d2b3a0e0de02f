//===- Analyzer.h - Runs the rules over a translation unit ----------------===//
//
/// \file
/// The Analyzer is what the plugin and `cta lint` share: given an
/// ASTContext, it visits every function the user wrote (not system headers,
/// not template instantiations — their patterns are analyzed once), builds
/// its FunctionFacts, pairs every act with the checks that guard it, asks the
/// rules which pairs are races, and returns Findings.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_ANALYZER_H
#define CTA_ANALYZER_H

#include "Config.h"
#include "ContainerModel.h"
#include "Finding.h"
#include "FunctionFacts.h"
#include "HelperSummaries.h"
#include "LockScopes.h"
#include "SharedState.h"
#include "Summaries.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>
#include <vector>

namespace clang {
class ASTContext;
class FunctionDecl;
class LambdaExpr;
class Stmt;
} // namespace clang

namespace cta {

class Rule;
class StoreRule;
struct CheckActPair;

class Analyzer {
public:
  Analyzer(clang::ASTContext &Ctx, const Config &Cfg);
  ~Analyzer();

  /// Analyzes every user function of the translation unit.
  std::vector<Finding> run();

  /// Analyzes one function body (also used for lambda bodies) and the
  /// lambdas defined in it.
  void analyzeBody(const clang::Stmt *Body, const clang::FunctionDecl *FD,
                   const LambdaContext *LC);

  /// The models the walker reads, for this translation unit.
  FactsContext factsContext() {
    return {Ctx, Containers, Locks, SectionIds, &Helpers};
  }

  const ContainerModel &containers() const { return Containers; }
  const LockModel &locks() const { return Locks; }
  const Config &config() const { return Cfg; }
  clang::ASTContext &context() const { return Ctx; }
  /// Queues a function of the translation unit for analysis.
  void addFunction(const clang::FunctionDecl *FD);
  /// Queues a lambda defined outside any function body (an initializer).
  void addStoredLambda(const clang::LambdaExpr *LE);

  /// Makes run() keep the TU's summary and ask the callers in other TUs
  /// about findings in functions they can call (Finding::Pending).
  void collectSummary() { WantUnit = true; }
  /// The summary the last run() made, with collectSummary().
  UnitSummary takeSummary() { return std::move(Unit); }
  /// The helpers of other TUs of the run, by USR (HelperSummaries.h).
  void setExternalHelpers(const llvm::StringMap<HelperSummary> *Ext) {
    Helpers.setExternal(Ext);
  }

private:
  void evaluate(const FunctionFacts &F, const clang::FunctionDecl *FD);
  /// The cross-process rules over the Redis and SQL commands of every
  /// function (store/StorePairs.h).
  void evaluateStores(llvm::ArrayRef<const clang::FunctionDecl *> Functions);
  /// Analyzes the lambdas \p F recorded, each as a function of its own.
  void analyzeLambdas(const FunctionFacts &F);
  void debugDump(const FunctionFacts &F, const clang::FunctionDecl *FD);
  /// Sets the confidence of \p Fd and the evidence it rests on.
  void assess(const CheckActPair &P, SharingEvidence Sharing,
              bool FatalOnly, Finding &Fd);
  /// What \p Fd needs to know of the callers in other TUs, if anything.
  std::optional<CallerQuestion> callerQuestion(const CheckActPair &P) const;
  clang::ASTContext &Ctx;
  const Config &Cfg;
  ContainerModel Containers;
  LockModel Locks;
  /// What the TU's helpers check and change (HelperSummaries.h).
  HelperSummaries Helpers;
  SharedState Sharing;
  std::vector<std::unique_ptr<Rule>> Rules;
  std::vector<std::unique_ptr<StoreRule>> StoreRules;
  std::vector<Finding> Findings;
  std::vector<const clang::FunctionDecl *> Queue;
  std::vector<const clang::LambdaExpr *> StoredLambdas;
  /// (check site, rule) pairs already reported.
  llvm::DenseSet<std::pair<const void *, unsigned>> Reported;
  unsigned SectionIds = 1;
  /// The TU's summaries while run() evaluates; null for a lone body.
  TUSummary *Summary = nullptr;
  bool WantUnit = false;
  UnitSummary Unit;
};

/// Builds the facts of \p Body with the models of \p A. Lambdas inside are
/// recorded, not analyzed.
void buildFacts(const clang::Stmt *Body, const clang::FunctionDecl *FD,
                const LambdaContext *LC, clang::ASTContext &Ctx, Analyzer &A,
                FunctionFacts &Out);

/// Removes findings suppressed by `// NOLINT(cta-...)`, `// NOLINTNEXTLINE`
/// or `// cta:ignore <rule> <reason>` on the check or act line.
void dropSuppressed(std::vector<Finding> &Findings,
                    const clang::SourceManager &SM);

} // namespace cta

#endif // CTA_ANALYZER_H
