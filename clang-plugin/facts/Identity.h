//===- Identity.h - When two expressions are one object or one key --------===//
//
/// \file
/// A check and an act race only if they touch the same object at the same
/// key. Identity is syntactic and canonical: `cache_`, `this->cache_` and
/// `(*this).cache_` are one object; two mentions of one variable, or two
/// equal calls on equal arguments, are one key. Everything the walker
/// records about a target (its root variable, the member chain, whether it
/// was reached through a pointer) is what the sharing policy reads later.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_FACTS_IDENTITY_H
#define CTA_FACTS_IDENTITY_H

#include "ContainerModel.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <string>

namespace clang {
class ASTContext;
class CXXRecordDecl;
class Expr;
class FieldDecl;
class ValueDecl;
class VarDecl;
} // namespace clang

namespace cta {

/// The identity of an object expression.
struct ObjectRef {
  std::string Id;       ///< Canonical identity; empty means unknown.
  std::string Spelling; ///< As written.
  clang::QualType Type;
  /// The variable at the root of a member chain (global, static, local,
  /// parameter), or null when the chain starts at `this` or a call.
  const clang::VarDecl *RootVar = nullptr;
  /// Fields along the chain from the root, outermost first.
  llvm::SmallVector<const clang::FieldDecl *, 2> Fields;
  bool RootIsThis = false;
  /// The chain starts at a call that returns a reference to static storage
  /// (an accessor like `registry()` returning a function-local static).
  bool RootIsStaticAccessor = false;
  /// The chain starts at a pointer or reference the function did not create
  /// (a parameter deref or a call result).
  bool RootIsIndirect = false;
  /// The object was reached through a pointer (`p->find(k)`): Spelling is
  /// the pointer, not the container.
  bool ViaPointer = false;
  /// Record type that declared the object's own member (for `this` chains
  /// with dependent members this may be the current instantiation).
  const clang::CXXRecordDecl *ThisClass = nullptr;

  bool known() const { return !Id.empty(); }
};

/// A key expression: exact identity, "some element", or none (whole object).
struct KeyRef {
  enum Kind : uint8_t { None, Exact, Unknown } K = None;
  std::string Id;
  std::string Spelling;
};

/// Whether two keys can be the same element, as far as the source shows.
bool keysCompatible(const KeyRef &A, const KeyRef &B);

/// Canonical identity of a variable or field named directly: what
/// canonicalId gives a DeclRefExpr of \p D.
std::string declId(const clang::ValueDecl *D);
/// Canonical identity of an expression (keys, objects, mutexes).
std::string canonicalId(const clang::Expr *E, const clang::ASTContext &Ctx);
/// The source text of \p E, or a printed form when it has no file text.
std::string spellingOf(const clang::Expr *E, const clang::ASTContext &Ctx);
/// Describes an object expression.
ObjectRef describeObject(const clang::Expr *E, const clang::ASTContext &Ctx);

/// The key \p E denotes; Unknown when it has no canonical identity.
KeyRef keyOf(const clang::Expr *E, const clang::ASTContext &Ctx);
/// The key inside a value_type argument: `{k, v}`, `std::make_pair(k, v)`,
/// `std::pair<K, V>(k, v)`, `value_type(k, v)`.
KeyRef keyOfValue(const clang::Expr *E, const clang::ASTContext &Ctx);
/// Is \p E a concurrent map's accessor (`ConnTable::accessor`,
/// `const_accessor`): the element lock a lookup or insert fills?
bool isAccessorArg(const clang::Expr *E);
/// The key of a call whose model row says it is at \p From.
KeyRef keyFrom(KeyFrom From, llvm::ArrayRef<const clang::Expr *> Args,
               const clang::ASTContext &Ctx);

} // namespace cta

#endif // CTA_FACTS_IDENTITY_H
