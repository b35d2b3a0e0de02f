//===- AnalysisTestUtil.cpp - ASTs from strings for the core's unit tests -===//

#include "AnalysisTestUtil.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"

#ifndef CTA_MOCK_DIR
#error "CTA_MOCK_DIR must name test/Inputs/mock"
#endif

using namespace clang;
using namespace clang::ast_matchers;

namespace cta {

void PrintTo(Outcome O, std::ostream *OS) {
  switch (O) {
  case Outcome::Absent: *OS << "Absent"; return;
  case Outcome::Present: *OS << "Present"; return;
  case Outcome::Unknown: *OS << "Unknown"; return;
  }
}

void PrintTo(StateKind K, std::ostream *OS) {
  static const char *const Names[] = {"None",     "RawPointer",    "UniquePtr",
                                      "SharedPtr", "Optional",     "Bool",
                                      "AtomicPointer", "AtomicBool",
                                      "AtomicInteger", "Integer"};
  *OS << Names[static_cast<unsigned>(K)];
}

void PrintTo(Role R, std::ostream *OS) {
  static const char *const Names[] = {"Check", "Add", "Remove"};
  *OS << Names[static_cast<unsigned>(R)];
}

void PrintTo(ResultKind K, std::ostream *OS) {
  static const char *const Names[] = {"Iterator",   "Count", "PresentBool",
                                      "AbsentBool", "Value", "Other"};
  *OS << Names[static_cast<unsigned>(K)];
}

void PrintTo(KeyFrom K, std::ostream *OS) {
  static const char *const Names[] = {"None",      "Arg0",       "Arg1",
                                      "Arg2",      "ValueArg0",  "EmplaceMap",
                                      "Unknown"};
  *OS << Names[static_cast<unsigned>(K)];
}

void PrintTo(LockMode M, std::ostream *OS) {
  *OS << (M == LockMode::Shared ? "Shared" : "Exclusive");
}

void PrintTo(LockOp Op, std::ostream *OS) {
  static const char *const Names[] = {"None",   "Lock",       "LockShared",
                                      "Unlock", "AssertHeld", "Release"};
  *OS << Names[static_cast<unsigned>(Op)];
}

void PrintTo(GuardTag T, std::ostream *OS) {
  static const char *const Names[] = {"Acquire", "Defer", "Adopt", "TryLock"};
  *OS << Names[static_cast<unsigned>(T)];
}

namespace test {

const char *const MockIncludes = R"cpp(
#include <absl/container/flat_hash_map.h>
#include <absl/synchronization/mutex.h>
#include <algorithm>
#include <atomic>
#include <deque>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>
)cpp";

std::unique_ptr<ASTUnit> buildAST(llvm::StringRef Code) {
  std::vector<std::string> Args = {"-std=c++17", "-nostdinc++", "-isystem",
                                   CTA_MOCK_DIR};
  std::unique_ptr<ASTUnit> AST =
      tooling::buildASTFromCodeWithArgs(Code, Args, "input.cc");
  if (!AST || AST->getDiagnostics().hasErrorOccurred())
    return nullptr;
  return AST;
}

const NamedDecl *findNamed(ASTContext &Ctx, llvm::StringRef Name) {
  auto Matches = match(
      namedDecl(hasName(Name), isExpansionInMainFile(), unless(isImplicit()),
                unless(hasAncestor(functionDecl(isTemplateInstantiation()))),
                unless(hasAncestor(cxxRecordDecl(isTemplateInstantiation()))),
                unless(functionDecl(isTemplateInstantiation())),
                unless(cxxRecordDecl(isTemplateInstantiation())))
          .bind("d"),
      Ctx);
  return selectFirst<NamedDecl>("d", Matches);
}

QualType typeOf(ASTContext &Ctx, llvm::StringRef Name) {
  if (const auto *VD = findDecl<ValueDecl>(Ctx, Name))
    return VD->getType();
  return QualType();
}

const FunctionDecl *findFunction(ASTContext &Ctx, llvm::StringRef Name) {
  auto Matches = match(functionDecl(hasName(Name), isDefinition(),
                                    isExpansionInMainFile(),
                                    unless(isImplicit()),
                                    unless(isTemplateInstantiation()))
                           .bind("f"),
                       Ctx);
  return selectFirst<FunctionDecl>("f", Matches);
}

int FactsFixture::checkIdx(llvm::StringRef Api) const {
  for (unsigned I = 0; I < F.Checks.size(); ++I)
    if (F.Checks[I].Api == Api)
      return static_cast<int>(I);
  return -1;
}

const ActEvent *FactsFixture::act(llvm::StringRef Api) const {
  for (const ActEvent &A : F.Acts)
    if (A.Api == Api)
      return &A;
  return nullptr;
}

std::vector<Outcome> FactsFixture::outcomes(const ActEvent &Act,
                                            unsigned CheckIdx) const {
  std::vector<Outcome> Out;
  for (const auto &[CondIdx, Taken] : Act.Guards) {
    const Condition &Cond = F.Conds[CondIdx];
    if (F.mentions(Cond, CheckIdx))
      Out.push_back(F.outcome(F.Checks[CheckIdx], Cond, Taken));
  }
  return Out;
}

std::unique_ptr<FactsFixture> factsOf(llvm::StringRef Code,
                                      llvm::StringRef Function, Config Cfg) {
  auto Fx = std::make_unique<FactsFixture>();
  Fx->AST = buildAST((llvm::Twine(MockIncludes) + Code).str());
  if (!Fx->AST)
    return nullptr;
  Fx->Cfg = std::move(Cfg);
  Fx->A = std::make_unique<Analyzer>(Fx->ctx(), Fx->Cfg);
  Fx->FD = findFunction(Fx->ctx(), Function);
  if (!Fx->FD || !Fx->FD->getBody())
    return nullptr;
  buildFacts(Fx->FD->getBody(), Fx->FD, nullptr, Fx->ctx(), *Fx->A, Fx->F);
  return Fx;
}

std::optional<std::vector<Finding>> analyze(llvm::StringRef Code,
                                            const Config &Cfg) {
  std::unique_ptr<ASTUnit> AST =
      buildAST((llvm::Twine(MockIncludes) + Code).str());
  if (!AST)
    return std::nullopt;
  Analyzer A(AST->getASTContext(), Cfg);
  return A.run();
}

} // namespace test
} // namespace cta
