//===- FindingBuilder.h - Turns facts into a Finding ----------------------===//
//
/// \file
/// Resolves AST positions to file/line/column, names the function, renders
/// lock facts, and builds fix-its as plain edits. Rules call it so that every
/// finding is built the same way.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_FINDINGBUILDER_H
#define CTA_FINDINGBUILDER_H

#include "CheckActPair.h"
#include "Finding.h"
#include "clang/Basic/SourceLocation.h"

namespace clang {
class ASTContext;
class FunctionDecl;
} // namespace clang

namespace cta {

class FindingBuilder {
public:
  explicit FindingBuilder(clang::ASTContext &Ctx) : Ctx(Ctx) {}

  /// A finding for \p P with \p Check as its check site.
  Finding make(RuleId R, const CheckActPair &P, const CheckEvent &Check,
               std::string Message, std::string Replacement);

  /// A finding of rule \p R with check and act sites and the function
  /// filled in; the caller names the object, key and APIs.
  Finding makeSites(RuleId R, clang::SourceRange Check, clang::SourceRange Act,
                    const clang::FunctionDecl *FD, std::string Message,
                    std::string Replacement) const;

  Site site(clang::SourceRange R) const;
  FunctionIdentity function(const clang::FunctionDecl *FD) const;

  /// Adds an edit replacing \p R (a character range) by \p Text. Returns
  /// false (and adds nothing) if the range is not plain text in one file.
  bool addFix(Finding &F, clang::CharSourceRange R, llvm::StringRef Text) const;
  /// The source text of a token range, or empty if it is not plain text.
  std::string text(clang::SourceRange R) const;
  /// The location just past the `;` that ends the statement ending at \p End.
  clang::SourceLocation afterSemi(clang::SourceLocation End) const;

  clang::ASTContext &context() const { return Ctx; }

private:
  clang::ASTContext &Ctx;
};

} // namespace cta

#endif // CTA_FINDINGBUILDER_H
