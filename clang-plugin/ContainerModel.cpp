//===- ContainerModel.cpp - Tables of container semantics -----------------===//

#include "ContainerModel.h"
#include "Config.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/PrettyPrinter.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;

namespace cta {
namespace {

const ContainerInfo BuiltinContainers[] = {
    {"std::map", FamMap, true},
    {"std::unordered_map", FamMap, true},
    {"std::multimap", FamMultiMap, false},
    {"std::unordered_multimap", FamMultiMap, false},
    {"std::set", FamSet, false},
    {"std::unordered_set", FamSet, false},
    {"std::multiset", FamMultiSet, false},
    {"std::unordered_multiset", FamMultiSet, false},
    {"std::vector", FamSequence, false},
    {"std::deque", FamSequence, false},
    {"std::list", FamSequence, false},
    {"std::forward_list", FamSequence, false},
    {"absl::flat_hash_map", FamMap, true},
    {"absl::node_hash_map", FamMap, true},
    {"absl::btree_map", FamMap, true},
    {"absl::flat_hash_set", FamSet, false},
    {"absl::node_hash_set", FamSet, false},
    {"absl::btree_set", FamSet, false},
    {"absl::btree_multimap", FamMultiMap, false},
    {"absl::InlinedVector", FamSequence, false},
};

// Member APIs. A name may appear for several families with different keys.
const MethodInfo Methods[] = {
    // Checks.
    {FamAssoc, "find", Role::Check, ResultKind::Iterator, KeyFrom::Arg0, false},
    {FamAssoc, "count", Role::Check, ResultKind::Count, KeyFrom::Arg0, false},
    {FamAssoc, "contains", Role::Check, ResultKind::PresentBool, KeyFrom::Arg0, false},
    {FamAssoc, "equal_range", Role::Check, ResultKind::Other, KeyFrom::Arg0, false},
    {FamAssoc, "lower_bound", Role::Check, ResultKind::Other, KeyFrom::Arg0, false},
    {FamAssoc, "upper_bound", Role::Check, ResultKind::Other, KeyFrom::Arg0, false},
    {FamAll, "empty", Role::Check, ResultKind::AbsentBool, KeyFrom::None, false},
    {FamMap, "at", Role::Check, ResultKind::Value, KeyFrom::Arg0, false},
    // Adds on maps.
    {FamMap, "operator[]", Role::Add, ResultKind::Value, KeyFrom::Arg0, false},
    {FamAnyMap, "insert", Role::Add, ResultKind::Other, KeyFrom::ValueArg0, true},
    {FamAnyMap, "emplace", Role::Add, ResultKind::Other, KeyFrom::EmplaceMap, true},
    {FamAnyMap, "emplace_hint", Role::Add, ResultKind::Other, KeyFrom::Arg1, false},
    {FamMap, "try_emplace", Role::Add, ResultKind::Other, KeyFrom::Arg0, true},
    {FamMap, "insert_or_assign", Role::Add, ResultKind::Other, KeyFrom::Arg0, false},
    // Adds on sets.
    {FamAnySet, "insert", Role::Add, ResultKind::Other, KeyFrom::Arg0, true},
    {FamAnySet, "emplace", Role::Add, ResultKind::Other, KeyFrom::Arg0, true},
    {FamAnySet, "emplace_hint", Role::Add, ResultKind::Other, KeyFrom::Arg1, false},
    // Adds on sequences.
    {FamSequence, "push_back", Role::Add, ResultKind::Other, KeyFrom::Arg0, false},
    {FamSequence, "emplace_back", Role::Add, ResultKind::Other, KeyFrom::Unknown, false},
    {FamSequence, "push_front", Role::Add, ResultKind::Other, KeyFrom::Arg0, false},
    {FamSequence, "emplace_front", Role::Add, ResultKind::Other, KeyFrom::Unknown, false},
    {FamSequence, "insert", Role::Add, ResultKind::Other, KeyFrom::Arg1, false},
    {FamSequence, "emplace", Role::Add, ResultKind::Other, KeyFrom::Unknown, false},
    // Removals.
    {FamAssoc, "erase", Role::Remove, ResultKind::Other, KeyFrom::Arg0, false},
    {FamAssoc, "extract", Role::Remove, ResultKind::Other, KeyFrom::Arg0, false},
    {FamSequence, "erase", Role::Remove, ResultKind::Other, KeyFrom::Unknown, false},
};

// Search algorithms over a range. Classic forms take (first, last, ...);
// std::ranges:: forms take the range first.
const AlgorithmInfo Algorithms[] = {
    {"std::find", false, ResultKind::Iterator, KeyFrom::Arg2},
    {"std::find_if", false, ResultKind::Iterator, KeyFrom::Unknown},
    {"std::find_if_not", false, ResultKind::Iterator, KeyFrom::Unknown},
    {"std::any_of", false, ResultKind::PresentBool, KeyFrom::Unknown},
    {"std::none_of", false, ResultKind::AbsentBool, KeyFrom::Unknown},
    {"std::count", false, ResultKind::Count, KeyFrom::Arg2},
    {"std::count_if", false, ResultKind::Count, KeyFrom::Unknown},
    {"std::binary_search", false, ResultKind::PresentBool, KeyFrom::Arg2},
    {"std::ranges::find", true, ResultKind::Iterator, KeyFrom::Arg1},
    {"std::ranges::find_if", true, ResultKind::Iterator, KeyFrom::Unknown},
    {"std::ranges::find_if_not", true, ResultKind::Iterator, KeyFrom::Unknown},
    {"std::ranges::any_of", true, ResultKind::PresentBool, KeyFrom::Unknown},
    {"std::ranges::none_of", true, ResultKind::AbsentBool, KeyFrom::Unknown},
    {"std::ranges::count", true, ResultKind::Count, KeyFrom::Arg1},
    {"std::ranges::count_if", true, ResultKind::Count, KeyFrom::Unknown},
    {"std::ranges::contains", true, ResultKind::PresentBool, KeyFrom::Arg1},
    {"absl::c_find", true, ResultKind::Iterator, KeyFrom::Arg1},
    {"absl::c_find_if", true, ResultKind::Iterator, KeyFrom::Unknown},
    {"absl::c_any_of", true, ResultKind::PresentBool, KeyFrom::Unknown},
    {"absl::c_none_of", true, ResultKind::AbsentBool, KeyFrom::Unknown},
    {"absl::c_linear_search", true, ResultKind::PresentBool, KeyFrom::Arg1},
    {"absl::c_count", true, ResultKind::Count, KeyFrom::Arg1},
    {"absl::c_count_if", true, ResultKind::Count, KeyFrom::Unknown},
};

const llvm::StringRef ConcurrencyPrimitives[] = {
    "std::atomic",         "std::atomic_flag",      "std::thread",
    "std::jthread",        "std::condition_variable",
    "std::condition_variable_any", "std::once_flag", "absl::once_flag",
    "absl::CondVar",       "absl::Notification",    "std::counting_semaphore",
    "std::binary_semaphore", "std::latch",          "std::barrier",
    "tbb::concurrent_hash_map", "tbb::concurrent_unordered_map",
    "tbb::concurrent_unordered_set", "tbb::concurrent_vector",
    "tbb::concurrent_queue", "tbb::concurrent_bounded_queue",
    "folly::ConcurrentHashMap", "folly::AtomicHashMap",
    "folly::Synchronized",
};

PrintingPolicy stablePolicy() {
  LangOptions LO;
  PrintingPolicy P(LO);
  P.SuppressInlineNamespace = true;
  P.SuppressUnwrittenScope = true;
  P.AnonymousTagLocations = false;
  return P;
}

const NamedDecl *namedDeclOf(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType();
  // Look through sugar step by step so dependent template specializations
  // keep their template name.
  for (unsigned I = 0; I < 16 && !T.isNull(); ++I) {
    if (const auto *TST = T->getAs<TemplateSpecializationType>()) {
      if (TemplateDecl *TD = TST->getTemplateName().getAsTemplateDecl()) {
        if (const auto *Alias = dyn_cast<TypeAliasTemplateDecl>(TD)) {
          if (!TST->isTypeAlias())
            return Alias;
          T = TST->getAliasedType();
          continue;
        }
        return TD;
      }
      return nullptr;
    }
    if (const auto *ICN = T->getAs<InjectedClassNameType>())
      return ICN->getDecl();
    if (const auto *RT = T->getAs<RecordType>())
      return RT->getDecl();
    if (const auto *DN = T->getAs<DependentNameType>())
      (void)DN;
    return nullptr;
  }
  return nullptr;
}

} // namespace

std::string stableQualifiedName(const NamedDecl *D) {
  if (!D)
    return {};
  static const PrintingPolicy Policy = stablePolicy();
  std::string S;
  llvm::raw_string_ostream OS(S);
  D->printQualifiedName(OS, Policy);
  OS.flush();
  // oneTBB versions its implementation namespaces (tbb::detail::d2::X) and
  // re-exports the names as tbb::X.
  if (llvm::StringRef(S).starts_with("tbb::detail::d")) {
    size_t End = S.find("::", 13);
    if (End != std::string::npos)
      S = "tbb::" + S.substr(End + 2);
  }
  return S;
}

std::string templateNameOf(QualType T) {
  const NamedDecl *D = namedDeclOf(T);
  if (!D)
    return {};
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(D))
    D = Spec->getSpecializedTemplate();
  return stableQualifiedName(D);
}

ContainerModel::ContainerModel(const Config *Cfg)
    : Containers(std::begin(BuiltinContainers), std::end(BuiltinContainers)) {
  if (!Cfg)
    return;
  // Names must outlive the rows; reserve so StringRefs stay valid.
  ConfigNames.reserve(Cfg->Containers.size());
  for (const ContainerAlias &A : Cfg->Containers) {
    const ContainerInfo *Like = byName(A.Like);
    if (!Like)
      continue;
    ConfigNames.push_back(A.Type);
  }
  size_t NameIdx = 0;
  for (const ContainerAlias &A : Cfg->Containers) {
    const ContainerInfo *Like = byName(A.Like);
    if (!Like)
      continue;
    ContainerInfo Row = *Like;
    Row.Name = ConfigNames[NameIdx++];
    Containers.push_back(Row);
  }
}

const ContainerInfo *ContainerModel::byName(llvm::StringRef Name) const {
  for (const ContainerInfo &C : Containers)
    if (C.Name == Name)
      return &C;
  return nullptr;
}

const ContainerInfo *ContainerModel::classifyRecord(const CXXRecordDecl *RD,
                                                    unsigned Depth) const {
  if (!RD || Depth > 8)
    return nullptr;
  const NamedDecl *Named = RD;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    Named = Spec->getSpecializedTemplate();
  else if (const ClassTemplateDecl *TD = RD->getDescribedClassTemplate())
    Named = TD;
  if (const ContainerInfo *C = byName(stableQualifiedName(Named)))
    return C;
  // A user class deriving publicly from a container behaves like it.
  if (!RD->hasDefinition())
    return nullptr;
  for (const CXXBaseSpecifier &B : RD->getDefinition()->bases()) {
    if (B.getAccessSpecifier() != AS_public)
      continue;
    QualType BT = B.getType();
    if (const NamedDecl *BD = namedDeclOf(BT)) {
      if (const ContainerInfo *C = byName(stableQualifiedName(BD)))
        return C;
      if (const auto *BRD = dyn_cast<CXXRecordDecl>(BD))
        if (const ContainerInfo *C = classifyRecord(BRD, Depth + 1))
          return C;
    }
  }
  return nullptr;
}

const ContainerInfo *ContainerModel::classify(QualType T) const {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType();
  const Type *Key = T.getTypePtr();
  auto It = Cache.find(Key);
  if (It != Cache.end())
    return It->second;
  const ContainerInfo *Result = nullptr;
  if (const NamedDecl *D = namedDeclOf(T)) {
    if (const auto *RD = dyn_cast<CXXRecordDecl>(D))
      Result = classifyRecord(RD, 0);
    else if (const auto *TD = dyn_cast<ClassTemplateDecl>(D))
      Result = byName(stableQualifiedName(TD));
    else
      Result = byName(stableQualifiedName(D));
  }
  Cache[Key] = Result;
  return Result;
}

const MethodInfo *ContainerModel::method(Family F,
                                         llvm::StringRef Name) const {
  for (const MethodInfo &M : Methods) {
    if (!(M.Families & F) || M.Name != Name)
      continue;
    return &M;
  }
  return nullptr;
}

const AlgorithmInfo *
ContainerModel::algorithm(llvm::StringRef QualifiedName) const {
  for (const AlgorithmInfo &A : Algorithms)
    if (A.Name == QualifiedName)
      return &A;
  return nullptr;
}

StateKind ContainerModel::stateKind(QualType T) const {
  if (T.isNull())
    return StateKind::None;
  T = T.getNonReferenceType();
  if (T->isPointerType())
    return StateKind::RawPointer;
  if (T->isBooleanType())
    return StateKind::Bool;
  std::string Name = templateNameOf(T);
  if (Name == "std::unique_ptr")
    return StateKind::UniquePtr;
  if (Name == "std::shared_ptr")
    return StateKind::SharedPtr;
  if (Name == "std::optional" || Name == "absl::optional")
    return StateKind::Optional;
  if (Name == "std::atomic") {
    // The argument decides: atomic<T*> or atomic<bool>.
    const NamedDecl *D = namedDeclOf(T);
    if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(D)) {
      const TemplateArgumentList &Args = Spec->getTemplateArgs();
      if (Args.size() >= 1 && Args[0].getKind() == TemplateArgument::Type) {
        QualType A = Args[0].getAsType();
        if (A->isPointerType())
          return StateKind::AtomicPointer;
        if (A->isBooleanType())
          return StateKind::AtomicBool;
      }
    }
    if (const auto *TST = T->getAs<TemplateSpecializationType>()) {
      auto Args = TST->template_arguments();
      if (!Args.empty() && Args[0].getKind() == TemplateArgument::Type) {
        QualType A = Args[0].getAsType();
        if (A->isPointerType())
          return StateKind::AtomicPointer;
        if (A->isBooleanType())
          return StateKind::AtomicBool;
      }
    }
  }
  return StateKind::None;
}

bool ContainerModel::isConcurrencyPrimitiveName(llvm::StringRef Name) {
  for (llvm::StringRef P : ConcurrencyPrimitives)
    if (Name == P)
      return true;
  return false;
}

std::string ContainerModel::replacementAdvice(const ContainerInfo &C,
                                              Role ActRole) {
  (void)ActRole;
  switch (C.Fam) {
  case FamMap:
    if (C.HasTryEmplace)
      return "use 'try_emplace' under one lock, or 'emplace' and use the "
             "returned iterator";
    return "use 'emplace' under one lock and use the returned iterator";
  case FamSet:
    return "use 'insert' under one lock and test the returned '.second'";
  case FamMultiMap:
  case FamMultiSet:
    return "use one lock held across the lookup and the insert";
  case FamSequence:
    return "use a keyed map with 'try_emplace' under one lock, or hold one "
           "lock across the search and the add";
  default:
    break;
  }
  return "use one lock held across the check and the act";
}

} // namespace cta
