//===- Values.h - How a harness makes the instance and the arguments ------===//
//
/// \file
/// Value synthesis of `cta confirm`: what the generated driver needs to call
/// a function from several threads with equal arguments.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_CONFIRM_VALUES_H
#define CTA_TOOLS_CONFIRM_VALUES_H

#include "clang/AST/Type.h"
#include "llvm/ADT/ArrayRef.h"
#include <optional>
#include <string>

namespace clang {
class ASTContext;
class FunctionDecl;
} // namespace clang

namespace cta {

/// A size bound the driver fills the container to before the race
/// (Instrument.h's SizeBound): the driver resolves its value, as it knows
/// the constructor it calls.
struct FillSpec {
  const clang::Expr *Bound = nullptr; ///< Null: nothing to fill.
  unsigned Extra = 0; ///< The bound admits Bound + Extra elements.
  std::string Where;  ///< "file:line" of the check.
};

/// Everything the generated driver needs, derived from the function.
struct DriverSpec {
  std::string Decls;        ///< Namespace-scope declarations (access).
  std::string Members;      ///< Driver data members (instance, shared args).
  std::string Init;         ///< Driver constructor body.
  std::string ThreadLocals; ///< Per-call argument variables.
  std::string Call;         ///< The call expression.
  std::string ResultExpr;   ///< `const void *` of the result, or empty.
  /// `bool`: the call succeeded (returned true, a value, a non-null
  /// pointer), or empty when its result says nothing of success. With a
  /// fresh state, oracle (d) compares the concurrent successes with those of
  /// the same calls made one at a time.
  std::string SuccessExpr;
  bool FreshState = false; ///< Each Driver starts from a fresh instance.
  /// The method called once, single-threaded, on the fresh instance before
  /// the race, to put there what the racy path needs; or empty.
  std::string Prepared;
  /// Oracle (e): the most elements the size bound admits (the harness
  /// passes it to __cta_bound), or -1.
  long long Bound = -1;
  std::string SkipReason;
};

/// How to make the instance and the arguments of \p FD and call it. \p Acts:
/// the function acts, so a pointer, reference or shared_ptr it returns is
/// the object of a get-or-create (oracle c). \p FixtureFiles: the
/// CTA_FIXTURE(...) files of --fixtures. \p Holder: for a lambda's call
/// operator, the data member or variable the lambda is kept in; the driver
/// calls it there (on a fresh instance of the member's class). \p Fill: a
/// size bound; \p Prep then fills the container to one below it, with
/// distinct values, instead of being called once.
DriverSpec driverFor(clang::ASTContext &Ctx, const clang::FunctionDecl *FD,
                     bool Acts, llvm::ArrayRef<std::string> FixtureFiles,
                     const clang::FunctionDecl *Prep = nullptr,
                     const clang::ValueDecl *Holder = nullptr,
                     const FillSpec &Fill = FillSpec());

/// A store client's handle (`redisContext *`, `sqlite3 *`): the
/// expression that opens a fresh connection to the round's server for it,
/// one per process (include/cta/store.hpp); nullopt for any other type.
std::optional<std::string> storeHandle(clang::QualType T);

/// Can every parameter of \p FD be made by value (the arguments of a
/// method that prepares the state)?
bool preparable(clang::ASTContext &Ctx, const clang::FunctionDecl *FD);

} // namespace cta

#endif // CTA_TOOLS_CONFIRM_VALUES_H
