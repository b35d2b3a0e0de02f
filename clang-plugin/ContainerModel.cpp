//===- ContainerModel.cpp - Tables of container semantics -----------------===//

#include "ContainerModel.h"
#include "Config.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/PrettyPrinter.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>

using namespace clang;

namespace cta {
namespace {

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
    : Containers(builtinContainers().begin(), builtinContainers().end()),
      Cfg(Cfg) {
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

const MethodInfo *ContainerModel::method(Family F, llvm::StringRef Name) const {
  for (const MethodInfo &M : containerMethods()) {
    if (!(M.Families & F) || M.Name != Name)
      continue;
    return &M;
  }
  return nullptr;
}

const AlgorithmInfo *
ContainerModel::algorithm(llvm::StringRef QualifiedName) const {
  for (const AlgorithmInfo &A : searchAlgorithms())
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
  if (T->isIntegerType() || T->isEnumeralType())
    return StateKind::Integer;
  std::string Name = templateNameOf(T);
  if (Name == "std::unique_ptr")
    return StateKind::UniquePtr;
  if (Name == "std::shared_ptr")
    return StateKind::SharedPtr;
  if (Name == "std::optional" || Name == "absl::optional")
    return StateKind::Optional;
  if (Name == "std::atomic") {
    // The argument decides: atomic<T*>, atomic<bool> or a counter.
    auto Of = [](const TemplateArgument &Arg) {
      if (Arg.getKind() != TemplateArgument::Type)
        return StateKind::None;
      QualType A = Arg.getAsType();
      if (A->isPointerType())
        return StateKind::AtomicPointer;
      if (A->isBooleanType())
        return StateKind::AtomicBool;
      if (A->isIntegerType() || A->isEnumeralType())
        return StateKind::AtomicInteger;
      return StateKind::None;
    };
    const NamedDecl *D = namedDeclOf(T);
    if (const auto *Spec =
            dyn_cast_or_null<ClassTemplateSpecializationDecl>(D)) {
      const TemplateArgumentList &Args = Spec->getTemplateArgs();
      if (Args.size() >= 1)
        return Of(Args[0]);
    }
    if (const auto *TST = T->getAs<TemplateSpecializationType>()) {
      auto Args = TST->template_arguments();
      if (!Args.empty())
        return Of(Args[0]);
    }
  }
  return StateKind::None;
}

bool ContainerModel::isConcurrencyPrimitiveName(llvm::StringRef Name) {
  return llvm::is_contained(concurrencyPrimitives(), Name);
}

const StateMethodInfo *ContainerModel::stateMethod(StateKind K,
                                                   llvm::StringRef Name) const {
  for (const StateMethodInfo &M : stateMethods())
    if ((M.Kinds & stateBit(K)) && M.Name == Name)
      return &M;
  return nullptr;
}

bool ContainerModel::isStateObserver(llvm::StringRef Name) {
  return llvm::is_contained(stateObservers(), Name);
}

bool ContainerModel::isThreadType(llvm::StringRef QualifiedName) const {
  return llvm::is_contained(threadTypes(), QualifiedName);
}

bool ContainerModel::isThreadSpawner(llvm::StringRef QualifiedName) const {
  return llvm::is_contained(threadSpawnerFunctions(), QualifiedName) ||
         (Cfg && llvm::is_contained(Cfg->ThreadSpawners, QualifiedName));
}

bool ContainerModel::isRunOnceFunction(llvm::StringRef QualifiedName) const {
  return llvm::is_contained(runOnceFunctions(), QualifiedName);
}

bool ContainerModel::isThreadAffinityAssert(llvm::StringRef Name) const {
  if (llvm::is_contained(threadAffinityAsserts(), Name))
    return true;
  if (!Cfg)
    return false;
  for (const std::string &S : Cfg->ThreadAffinityAsserts)
    if (Name == S || llvm::StringRef(S).ends_with("::" + Name.str()))
      return true;
  return false;
}

namespace {
/// \p FD is a row of \p Rows (a member by its class and name, a free
/// function by its qualified name) or named in \p Listed (qualified,
/// `Class::member`, or a qualified suffix).
bool isListedFunction(const FunctionDecl *FD, llvm::ArrayRef<LoopRunInfo> Rows,
                      const std::vector<std::string> *Listed) {
  if (!FD || !FD->getIdentifier())
    return false;
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  if (MD && !MD->getParent()->getIdentifier())
    return false;
  // Asked of every call the walker sees: names first, the qualified name
  // only for a row or entry that ends with this function's name.
  llvm::StringRef Class = MD ? MD->getParent()->getName() : "",
                  Name = FD->getName();
  std::optional<std::string> Qualified;
  auto Q = [&]() -> llvm::StringRef {
    if (!Qualified)
      Qualified = stableQualifiedName(FD);
    return *Qualified;
  };
  for (const LoopRunInfo &R : Rows)
    if (MD ? R.Class == Class && R.Method == Name
           : R.Class.empty() && R.Method.ends_with(Name) && R.Method == Q())
      return true;
  if (!Listed)
    return false;
  for (const std::string &S : *Listed)
    if (llvm::StringRef(S).ends_with(Name) &&
        (Q() == S || (MD && (Class.str() + "::" + Name.str()) == S) ||
         Q().ends_with("::" + S)))
      return true;
  return false;
}
} // namespace

bool ContainerModel::isLoopRunFunction(const FunctionDecl *FD) const {
  return isListedFunction(FD, loopRunFunctions(),
                          Cfg ? &Cfg->LoopRunFunctions : nullptr);
}

bool ContainerModel::isLoopEntryFunction(const FunctionDecl *FD) const {
  return isListedFunction(FD, loopEntryFunctions(),
                          Cfg ? &Cfg->LoopEntryFunctions : nullptr);
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
  case FamConcurrentHashMap:
    return "use 'insert(accessor, key)' alone and fill the element only when "
           "it returns true, or 'emplace' and use its result";
  case FamConcurrentMap:
    if (C.HasTryEmplace)
      return "use 'try_emplace' alone and use the returned '.second'";
    return "use 'emplace' alone (it inserts only if the key is absent) and "
           "use the returned '.second'";
  case FamConcurrentSet:
    return "use 'insert' alone and test the returned '.second'";
  default:
    break;
  }
  return "use one lock held across the check and the act";
}

} // namespace cta
