//===- Support.h - Errors and path spellings every cta command shares -----===//
//
/// \file
/// The small helpers `cta lint`, `cta confirm` and their parts would each
/// write again: a one-line error, and the one spelling of a path (absolute,
/// without `.` and `..`) that findings, compile commands and the user's
/// arguments are compared in.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_SUPPORT_H
#define CTA_TOOLS_SUPPORT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"
#include <string>

namespace cta {

/// An error whose message is one line without the "cta <command>: error: "
/// prefix, which the command adds when it prints it.
llvm::Error fail(const llvm::Twine &Msg);

/// \p Path made absolute, against \p Dir when it is relative and \p Dir is
/// given (a compile command's directory), else against the working
/// directory; `.` and `..` removed. Symbolic links are kept.
std::string absolutePath(llvm::StringRef Path, llvm::StringRef Dir = "");

/// \p Dir / \p Path (a relative path), `.` and `..` removed; the working
/// directory is not consulted.
std::string joinPath(llvm::StringRef Dir, llvm::StringRef Path);

} // namespace cta

#endif // CTA_TOOLS_SUPPORT_H
