//===- ContainerModel.h - What each container API means -------------------===//
//
/// \file
/// The ContainerModel answers, for a type and a call on it, whether the call
/// *checks* the state of the container (find, count, contains, a search
/// algorithm...) or *acts* on it (operator[], insert, push_back...), and where
/// its key is. It is table-driven: a new container family adds rows, not
/// code. User types join a family through the config file.
///
/// It also classifies the scalar state behind lazy initialization (pointers,
/// smart pointers, bool flags, optionals, atomics of those).
//
//===----------------------------------------------------------------------===//

#ifndef CTA_CONTAINERMODEL_H
#define CTA_CONTAINERMODEL_H

#include "ModelTables.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace clang {
class NamedDecl;
class CXXRecordDecl;
class CXXMethodDecl;
} // namespace clang

namespace cta {

struct Config;

class ContainerModel {
public:
  explicit ContainerModel(const Config *Cfg = nullptr);

  /// The container a type is (looking through references, typedefs, base
  /// classes and dependent template names), or null.
  const ContainerInfo *classify(clang::QualType T) const;

  /// The meaning of member \p Name on a container of family \p F, or null.
  const MethodInfo *method(Family F, llvm::StringRef Name) const;

  /// The meaning of a free search algorithm, by qualified name, or null.
  const AlgorithmInfo *algorithm(llvm::StringRef QualifiedName) const;

  /// True if \p Name is a built-in container ("std::map", "absl::flat_hash_set").
  bool isKnownFamilyName(llvm::StringRef Name) const { return byName(Name); }

  /// The lazy-initialization state kind of a type.
  StateKind stateKind(clang::QualType T) const;

  /// The row for member \p Name setting state of kind \p K, or null.
  const StateMethodInfo *stateMethod(StateKind K, llvm::StringRef Name) const;
  /// `get`, `has_value`, `load`, `operator bool`: reads state, changes none.
  static bool isStateObserver(llvm::StringRef Name);

  /// std::thread and friends: constructing one runs its arguments.
  bool isThreadType(llvm::StringRef QualifiedName) const;
  /// std::async, or a thread pool's submit named in the config.
  bool isThreadSpawner(llvm::StringRef QualifiedName) const;
  /// std::call_once, pthread_once and friends.
  bool isRunOnceFunction(llvm::StringRef QualifiedName) const;
  /// `assertInLoopThread()`, or one named in the config.
  bool isThreadAffinityAssert(llvm::StringRef Name) const;
  /// `EventLoop::runInLoop`, `Channel::setWriteCallback`, or one named in
  /// the config: \p FD runs its callable argument on one event loop.
  /// A free function counts by its qualified name (bthread's
  /// `execution_queue_start`, whose consumer runs one call at a time).
  bool isLoopRunFunction(const clang::FunctionDecl *FD) const;
  /// `EventLoop::loop`, or one named in the config's loop-entry-functions:
  /// \p FD runs an event loop on the calling thread until it quits.
  bool isLoopEntryFunction(const clang::FunctionDecl *FD) const;

  /// Human advice for the atomic replacement on this family ("use ...").
  static std::string replacementAdvice(const ContainerInfo &C, Role ActRole);

  /// Returns true if \p T is (or wraps) a type the sharing policy (docs/concepts.md) treats
  /// as a concurrency primitive: std::atomic, std::thread, condition variables.
  static bool isConcurrencyPrimitiveName(llvm::StringRef QualifiedName);

private:
  const ContainerInfo *classifyRecord(const clang::CXXRecordDecl *RD,
                                      unsigned Depth) const;
  const ContainerInfo *byName(llvm::StringRef Name) const;

  std::vector<ContainerInfo> Containers; ///< Built-ins plus config rows.
  std::vector<std::string> ConfigNames;  ///< Storage for config row names.
  const Config *Cfg = nullptr;
  mutable llvm::DenseMap<const clang::Type *, const ContainerInfo *> Cache;
};

/// The qualified name of a declaration with inline namespaces (std::__cxx11,
/// absl::lts_*) and anonymous namespaces left out: "std::list".
std::string stableQualifiedName(const clang::NamedDecl *D);

/// The qualified name of the template (or class) a type names, looking through
/// sugar and references: "std::map" for `const std::map<int, int> &`.
std::string templateNameOf(clang::QualType T);

} // namespace cta

#endif // CTA_CONTAINERMODEL_H
