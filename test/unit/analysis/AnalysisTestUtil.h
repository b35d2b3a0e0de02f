//===- AnalysisTestUtil.h - ASTs from strings for the core's unit tests ---===//
//
/// \file
/// Builds translation units from code strings against the mock std/absl
/// headers of test/Inputs/mock, finds declarations in them by name, and runs
/// the FunctionFacts walker on one function. Also teaches GoogleTest to print
/// the core's enums by name.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TEST_UNIT_ANALYSIS_ANALYSISTESTUTIL_H
#define CTA_TEST_UNIT_ANALYSIS_ANALYSISTESTUTIL_H

#include "Analyzer.h"
#include "Config.h"
#include "ContainerModel.h"
#include "FunctionFacts.h"
#include "LockScopes.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Frontend/ASTUnit.h"
#include "llvm/ADT/StringRef.h"
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace cta {

// Readable GoogleTest failure messages for the core's enums.
void PrintTo(Outcome O, std::ostream *OS);
void PrintTo(StateKind K, std::ostream *OS);
void PrintTo(Role R, std::ostream *OS);
void PrintTo(ResultKind K, std::ostream *OS);
void PrintTo(KeyFrom K, std::ostream *OS);
void PrintTo(LockMode M, std::ostream *OS);
void PrintTo(LockOp Op, std::ostream *OS);
void PrintTo(GuardTag T, std::ostream *OS);

namespace test {

/// Every mock header a test snippet may need.
extern const char *const MockIncludes;

/// Parses \p Code as C++17 against the mock headers. Returns null (and
/// prints the diagnostics) if the code does not compile.
std::unique_ptr<clang::ASTUnit> buildAST(llvm::StringRef Code);

/// The first named declaration of kind \p T called \p Name (a qualified or
/// unqualified name, as `hasName` takes it), ignoring template
/// instantiations and implicit declarations.
const clang::NamedDecl *findNamed(clang::ASTContext &Ctx, llvm::StringRef Name);
template <class T>
const T *findDecl(clang::ASTContext &Ctx, llvm::StringRef Name) {
  return llvm::dyn_cast_or_null<T>(findNamed(Ctx, Name));
}
/// The declared type of the variable, field or parameter \p Name.
clang::QualType typeOf(clang::ASTContext &Ctx, llvm::StringRef Name);
/// The definition of function \p Name (the pattern, for templates).
const clang::FunctionDecl *findFunction(clang::ASTContext &Ctx,
                                        llvm::StringRef Name);

/// A translation unit, an Analyzer over it, and the facts of one function.
/// Not movable: the Analyzer refers to Cfg, and the facts to the Analyzer's
/// container model.
struct FactsFixture {
  std::unique_ptr<clang::ASTUnit> AST;
  Config Cfg;
  std::unique_ptr<Analyzer> A;
  const clang::FunctionDecl *FD = nullptr;
  FunctionFacts F;

  clang::ASTContext &ctx() { return AST->getASTContext(); }
  /// The index of the first check whose Api is \p Api, or -1.
  int checkIdx(llvm::StringRef Api) const;
  /// The first act whose Api is \p Api, or null.
  const ActEvent *act(llvm::StringRef Api) const;
  /// The outcomes of check \p CheckIdx under every guard of \p Act that
  /// depends on it, in guard order.
  std::vector<Outcome> outcomes(const ActEvent &Act, unsigned CheckIdx) const;
};

/// Builds the facts of function \p Function in \p Code (which is prefixed by
/// MockIncludes). Returns null if the code does not compile or the function
/// is missing.
std::unique_ptr<FactsFixture> factsOf(llvm::StringRef Code,
                                      llvm::StringRef Function,
                                      Config Cfg = Config());

/// Runs the whole Analyzer over \p Code (prefixed by MockIncludes), or
/// returns std::nullopt if the code does not compile.
std::optional<std::vector<Finding>> analyze(llvm::StringRef Code,
                                            const Config &Cfg = Config());

} // namespace test
} // namespace cta

#endif // CTA_TEST_UNIT_ANALYSIS_ANALYSISTESTUTIL_H
