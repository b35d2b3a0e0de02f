//===- BuildTree.h - Link inputs of a translation unit from its build
//------===//
//
/// \file
/// `cta confirm --link-from <build-dir>`: the objects and libraries a
/// harness needs besides its translation unit, read from the Ninja build
/// that built the project, so that no link input is listed by hand.
///
/// The TU's object is the `-o` of its compile command. The build step that
/// consumes it is found with `ninja -t query`:
///   * a link (an executable, a shared library): its other objects, except
///     those that define `main`, and its libraries and library flags
///     (`-l`, `-L`, `-pthread`, `-Wl,-rpath`), as `ninja -t commands -s`
///     prints the link command;
///   * a static archive: the archive itself (the linker takes only the
///     members the harness needs, never the TU's own, which the harness
///     defines first), and the libraries of the smallest link that consumes
///     the archive, since an archive's own dependencies are spelled only on
///     the links of its users.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_CONFIRM_BUILDTREE_H
#define CTA_TOOLS_CONFIRM_BUILDTREE_H

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace cta {

class BuildTree {
public:
  /// Opens the Ninja build in \p Dir: it must hold build.ninja, and ninja
  /// must be on PATH.
  static llvm::Expected<std::unique_ptr<BuildTree>> open(llvm::StringRef Dir);

  /// The link inputs of the target \p Cmd's translation unit belongs to,
  /// absolute, in link order. An error when the build has no step for the
  /// TU's object or an input is not built yet. Thread-safe; one answer per
  /// object.
  llvm::Expected<std::vector<std::string>>
  linkInputsFor(const clang::tooling::CompileCommand &Cmd);

  const std::string &directory() const { return Dir; }

private:
  BuildTree(std::string Dir, std::string Ninja)
      : Dir(std::move(Dir)), Ninja(std::move(Ninja)) {}

  llvm::Expected<std::vector<std::string>> derive(llvm::StringRef Object,
                                                  llvm::StringRef Source);

  std::string Dir;   ///< Absolute.
  std::string Ninja; ///< The ninja executable.
  std::mutex M;
  llvm::StringMap<std::vector<std::string>> Derived;
};

} // namespace cta

#endif // CTA_TOOLS_CONFIRM_BUILDTREE_H
