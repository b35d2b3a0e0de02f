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

#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace clang {
class NamedDecl;
class CXXRecordDecl;
} // namespace clang

namespace cta {

struct Config;

/// Container families, as bit flags so method rows can name several.
enum Family : unsigned {
  FamMap = 1u << 0,      ///< Unique-key maps: std::map, unordered_map, absl maps.
  FamMultiMap = 1u << 1, ///< std::multimap, unordered_multimap.
  FamSet = 1u << 2,      ///< Unique-key sets.
  FamMultiSet = 1u << 3, ///< std::multiset, unordered_multiset.
  FamSequence = 1u << 4, ///< vector, deque, list, forward_list.
  FamAssoc = FamMap | FamMultiMap | FamSet | FamMultiSet,
  FamAnyMap = FamMap | FamMultiMap,
  FamAnySet = FamSet | FamMultiSet,
  FamAll = FamAssoc | FamSequence,
};

/// What a call does to its container.
enum class Role : uint8_t {
  Check,  ///< Observes presence/absence.
  Add,    ///< Adds (or overwrites) an element.
  Remove, ///< Removes an element.
};

/// How the result of a check tells presence.
enum class ResultKind : uint8_t {
  Iterator,    ///< Compare with end(): `== end()` means absent.
  Count,       ///< Non-zero means present.
  PresentBool, ///< true means present (contains, any_of).
  AbsentBool,  ///< true means absent (empty, none_of).
  Value,       ///< The element itself (operator[], at): no presence info.
  Other,       ///< Unknown (equal_range, lower_bound...).
};

/// Where the key of a call is.
enum class KeyFrom : uint8_t {
  None,       ///< The call is about the whole container (empty()).
  Arg0,       ///< The first argument is the key.
  Arg1,       ///< The second argument is the key (emplace_hint, hinted insert).
  Arg2,       ///< The third argument (std::find(first, last, value)).
  ValueArg0,  ///< The first argument is a value_type: its first member is the key.
  EmplaceMap, ///< emplace(k, v...) or emplace(pair): the key is arg 0 or its first.
  Unknown,    ///< Some element; cannot tell which (find_if, a search loop).
};

struct ContainerInfo {
  llvm::StringRef Name; ///< Qualified template name, e.g. "std::unordered_map".
  Family Fam;
  bool HasTryEmplace;   ///< try_emplace / insert_or_assign exist (C++17 maps, absl).
};

struct MethodInfo {
  unsigned Families;    ///< Bitmask of Family.
  llvm::StringRef Name; ///< Member name, "operator[]" for subscripts.
  Role R;
  ResultKind Result;
  KeyFrom Key;
  /// The call returns whether it inserted (insert/emplace/try_emplace):
  /// code that uses the result handles the "already there" case itself.
  bool ReportsInsertion;
};

struct AlgorithmInfo {
  llvm::StringRef Name;  ///< "std::find_if".
  bool RangeFirstArg;    ///< std::ranges:: form: arg 0 is the range itself.
  ResultKind Result;
  KeyFrom Key;
};

/// The state behind a lazy initialization.
enum class StateKind : uint8_t {
  None,
  RawPointer,
  UniquePtr,
  SharedPtr,
  Optional,
  Bool,
  AtomicPointer,
  AtomicBool,
};

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

  /// Human advice for the atomic replacement on this family ("use ...").
  static std::string replacementAdvice(const ContainerInfo &C, Role ActRole);

  /// Returns true if \p T is (or wraps) a type the policy of DESIGN §4 treats
  /// as a concurrency primitive: std::atomic, std::thread, condition variables.
  static bool isConcurrencyPrimitiveName(llvm::StringRef QualifiedName);

private:
  const ContainerInfo *classifyRecord(const clang::CXXRecordDecl *RD,
                                      unsigned Depth) const;
  const ContainerInfo *byName(llvm::StringRef Name) const;

  std::vector<ContainerInfo> Containers; ///< Built-ins plus config rows.
  std::vector<std::string> ConfigNames;  ///< Storage for config row names.
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
