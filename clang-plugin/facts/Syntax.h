//===- Syntax.h - Reading expressions the way the walker needs ------------===//
//
/// \file
/// Small questions about expressions that every part of the walk asks: what
/// an expression denotes once casts and temporaries are looked through, what
/// member call it is (in any of its AST forms, including dependent ones in
/// templates), whether it is a literal, and how a statement leaves its
/// scope. Nothing here knows about containers, locks or rules.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_FACTS_SYNTAX_H
#define CTA_FACTS_SYNTAX_H

#include "clang/AST/Expr.h"
#include "clang/AST/OperationKinds.h"
#include "clang/Basic/OperatorKinds.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <optional>
#include <string>

namespace clang {
class CallExpr;
class DeclarationName;
class Stmt;
class VarDecl;
} // namespace clang

namespace cta {

/// Looks through everything that does not change which object or value an
/// expression denotes: parentheses, implicit casts, cleanups, temporaries,
/// no-op functional casts.
const clang::Expr *strip(const clang::Expr *E);

/// strip() plus conversions that keep a key's identity: converting
/// constructors (`std::string(k)`), std::move/std::forward, `&x`, `*p`.
const clang::Expr *stripValue(const clang::Expr *E);

bool isNullLiteral(const clang::Expr *E);
std::optional<bool> boolLiteral(const clang::Expr *E);
/// An integer literal, or a bool literal as 0/1.
std::optional<int64_t> intLiteral(const clang::Expr *E);

/// A member call in any of its AST forms, including dependent ones in
/// templates and subscripts.
struct CallView {
  const clang::Expr *Call = nullptr;
  const clang::Expr *Base = nullptr; ///< Null for implicit `this`.
  bool Arrow = false;
  clang::QualType BaseType; ///< Type of the object (pointee for `->`).
  std::string Name;         ///< "find", "operator[]", "operator bool".
  llvm::SmallVector<const clang::Expr *, 4> Args;
};

std::optional<CallView> viewMemberCall(const clang::Expr *E);

/// The qualified name of a free function call's callee, including
/// unresolved (template-dependent) calls; empty for member calls.
std::string freeCalleeName(const clang::CallExpr *CE);

/// The qualified name of the function object a call invokes
/// (`std::ranges::find` for `std::ranges::find(v, x)`, a niebloid), or
/// empty.
std::string functionObjectName(const clang::CallExpr *CE);

/// For `C.begin()`, `std::begin(C)`, `C.cbegin()`: the container C.
const clang::Expr *rangeContainer(const clang::Expr *E);
/// `X.end()`, `X.cend()`, `std::end(X)`.
bool isEndCall(const clang::Expr *E);

/// strip(), and through explicit conversions to bool (`static_cast<bool>(x)`,
/// `(bool)x`, `bool(x)`): what `assert` and `CHECK` test.
const clang::Expr *stripTruth(const clang::Expr *E);

bool isComparison(clang::BinaryOperatorKind K);
/// The comparison an overloaded operator spells, or BO_Comma for none.
clang::BinaryOperatorKind comparisonOf(clang::OverloadedOperatorKind K);
/// The comparison with its operands swapped: `a < b` is `b > a`.
clang::BinaryOperatorKind mirror(clang::BinaryOperatorKind K);

/// How a statement leaves: not at all, out of the innermost loop or block
/// (break, continue, goto), out of the function (return, throw), or never
/// coming back (abort(), a [[noreturn]] call, LOG(FATAL), a failed assert).
/// A fatal branch states a protocol ("Init runs once") rather than picking
/// a branch to act in: docs/concepts.md, "Fatal paths".
enum class Exit : uint8_t { None, Scope, Function, Fatal };

/// \p E always ends the program: it calls a function that does not return,
/// or makes a temporary whose destructor does not (glog's LogMessageFatal).
bool neverReturns(const clang::Expr *E);

/// Does \p S always leave, and how far?
Exit exitOf(const clang::Stmt *S);
inline bool alwaysExits(const clang::Stmt *S) {
  return exitOf(S) != Exit::None;
}

/// Appends every variable \p S reads, outside lambdas.
void collectVars(const clang::Stmt *S,
                 llvm::SmallVectorImpl<const clang::VarDecl *> &Out,
                 unsigned Depth = 0);

} // namespace cta

#endif // CTA_FACTS_SYNTAX_H
