//===- HelperSummaries.cpp - What a TU's helpers check and change ---------===//

#include "HelperSummaries.h"
#include "Summaries.h"
#include "facts/Syntax.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace cta {

namespace {

/// The section the helper itself takes around an event: not one its
/// callers hold for it (an annotation), which the caller must then hold.
const Section *ownSection(const HeldSet &H) {
  for (auto It = H.rbegin(); It != H.rend(); ++It)
    if (!It->CallerHeld)
      return &*It;
  return nullptr;
}

/// Records in \p E the state \p O is, when a call's object can stand for
/// its root: a member chain of `this`, or a variable of static storage.
bool stateOf(const ObjectRef &O, HelperEffect &E) {
  if (!O.known() || O.ViaPointer || O.RootIsIndirect || O.RootIsStaticAccessor)
    return false;
  if (O.RootIsThis && !O.Fields.empty()) {
    E.Fields.assign(O.Fields.begin(), O.Fields.end());
    return true;
  }
  if (O.RootVar && O.Fields.empty() && O.RootVar->hasGlobalStorage() &&
      O.RootVar->getTLSKind() == VarDecl::TLS_None) {
    E.Global = O.RootVar;
    return true;
  }
  return false;
}

/// A key derived from a parameter by members and getters without
/// arguments: `.name`, `.GetName()`, `.first.id()`.
bool derivedKeySuffix(llvm::StringRef S) {
  if (S.empty())
    return false;
  while (!S.empty()) {
    if (!S.consume_front("."))
      return false;
    size_t N = S.find_first_not_of(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
    if (N == 0)
      return false;
    S = S.drop_front(std::min(N, S.size()));
    S.consume_front("()");
  }
  return true;
}

/// The parameter of \p FD that key \p K is, or is derived from (\p Suffix);
/// -1 for no key.
std::optional<int> keyParam(const KeyRef &K, const FunctionDecl *FD,
                            std::string &Suffix) {
  if (K.K == KeyRef::None)
    return -1;
  if (K.K != KeyRef::Exact)
    return std::nullopt;
  for (unsigned I = 0; I < FD->getNumParams(); ++I) {
    std::string P = declId(FD->getParamDecl(I));
    llvm::StringRef Id(K.Id);
    if (Id == P)
      return static_cast<int>(I);
    if (Id.consume_front(P) && derivedKeySuffix(Id)) {
      Suffix = Id.str();
      return static_cast<int>(I);
    }
  }
  return std::nullopt;
}

/// Records in \p E the helper's own lock around an event held as \p H; with
/// none (or only sections its callers hold for it), the event is Unlocked.
void setLock(const HeldSet &H, HelperEffect &E) {
  const Section *S = ownSection(H);
  if (!S) {
    E.Unlocked = true;
    return;
  }
  E.MutexId = S->MutexId;
  E.MutexSpelling = S->MutexSpelling;
  E.Mode = S->Mode;
}

/// Records in \p E the kind, state, key parameter, lock and API of one event
/// of \p FD's body; false when its key is not a parameter.
bool setEvent(HelperEffect::Kind K, const Target &T, const KeyRef &Key,
              const HeldSet &Held, llvm::StringRef Api, const FunctionDecl *FD,
              HelperEffect &E) {
  std::optional<int> Param = keyParam(Key, FD, E.KeySuffix);
  if (!Param)
    return false;
  setLock(Held, E);
  E.K = K;
  E.Container = T.Container;
  E.State = T.State;
  E.KeyParam = *Param;
  E.Api = Api.str();
  return true;
}

/// A returned null: `nullptr`, `NULL`, `{}`, `std::shared_ptr<T>(nullptr)`.
bool returnsNull(const Expr *V) {
  V = strip(V);
  if (isNullLiteral(V))
    return true;
  if (const auto *IL = dyn_cast<InitListExpr>(V))
    return IL->getNumInits() == 0;
  if (const auto *CE = dyn_cast<CXXConstructExpr>(V))
    return CE->getNumArgs() == 0 ||
           (CE->getNumArgs() == 1 && isNullLiteral(strip(CE->getArg(0))));
  return false;
}

/// The outcome of \p C that the guards \p Guards say holds.
Outcome guardedOutcome(const FunctionFacts &F, const CheckEvent &C,
                       llvm::ArrayRef<std::pair<unsigned, bool>> Guards) {
  for (const auto &[CondIdx, Taken] : Guards) {
    Outcome O = F.outcome(C, F.Conds[CondIdx], Taken);
    if (O != Outcome::Unknown)
      return O;
  }
  return Outcome::Unknown;
}

/// What a truthy return value of a bool or integer helper says of \p C:
/// every return must say the same.
Outcome truthyReturn(const FunctionFacts &F, const CheckEvent &C) {
  Outcome Agreed = Outcome::Unknown;
  for (const FunctionFacts::ReturnSite &R : F.Returns) {
    Condition Tmp;
    Tmp.E = R.Value;
    Outcome O = F.outcome(C, Tmp, true);
    if (O == Outcome::Unknown) {
      // `return false;` where the guards say the check found nothing.
      std::optional<int64_t> Lit = intLiteral(R.Value);
      Outcome G = guardedOutcome(F, C, R.Guards);
      if (!Lit || G == Outcome::Unknown)
        return Outcome::Unknown;
      O = *Lit ? G : flipOutcome(G);
    }
    if (Agreed != Outcome::Unknown && O != Agreed)
      return Outcome::Unknown;
    Agreed = O;
  }
  return Agreed;
}

/// A helper that returns a pointer, null when the check found nothing:
/// every null it returns is returned when the check said absent.
bool nullWhenAbsent(const FunctionFacts &F, const CheckEvent &C) {
  bool SawNull = false;
  for (const FunctionFacts::ReturnSite &R : F.Returns) {
    const Expr *V = strip(R.Value);
    if (const auto *CO = dyn_cast<AbstractConditionalOperator>(V)) {
      // `return it == m.end() ? nullptr : it->second;`
      bool TrueNull = returnsNull(CO->getTrueExpr());
      if (TrueNull == returnsNull(CO->getFalseExpr()))
        return false;
      Condition Tmp;
      Tmp.E = CO->getCond();
      if (F.outcome(C, Tmp, TrueNull) != Outcome::Absent)
        return false;
      SawNull = true;
      continue;
    }
    if (returnsNull(V)) {
      if (guardedOutcome(F, C, R.Guards) != Outcome::Absent)
        return false;
      SawNull = true;
    }
  }
  return SawNull;
}

bool pointerLike(StateKind SK) {
  return SK == StateKind::RawPointer || SK == StateKind::SharedPtr ||
         SK == StateKind::UniquePtr || SK == StateKind::Optional;
}

} // namespace

void HelperSummaries::addCandidate(const FunctionDecl *FD) {
  Candidates.insert(FD);
}

void HelperSummaries::noteFacts(const FunctionDecl *FD,
                                const FunctionFacts &F) {
  const FunctionDecl *Key = FD->getCanonicalDecl();
  if (Effects.count(Key))
    return;
  std::optional<HelperEffect> E = summarize(FD, F);
  Effects[Key] = E ? std::make_unique<HelperEffect>(std::move(*E)) : nullptr;
}

const HelperEffect *HelperSummaries::effectOf(const FunctionDecl *Callee) {
  const FunctionDecl *Def = Callee ? Callee->getDefinition() : nullptr;
  if (!Def && Callee)
    return externalEffect(Callee);
  if (!Def || !Candidates.count(Def))
    return nullptr;
  const FunctionDecl *Key = Def->getCanonicalDecl();
  if (auto It = Effects.find(Key); It != Effects.end())
    return It->second.get();
  // A helper that calls its caller back (a cycle) is summarized after this
  // walk; one nested too deep, when the Analyzer reaches it.
  if (InProgress.size() >= MaxDepth || !InProgress.insert(Key).second)
    return nullptr;
  auto F = std::make_unique<FunctionFacts>();
  Build(Def, *F);
  InProgress.erase(Key);
  noteFacts(Def, *F);
  Built[Def] = std::move(F);
  return Effects[Key].get();
}

std::unique_ptr<FunctionFacts> HelperSummaries::take(const FunctionDecl *FD) {
  auto It = Built.find(FD);
  if (It == Built.end())
    return nullptr;
  std::unique_ptr<FunctionFacts> F = std::move(It->second);
  Built.erase(It);
  return F;
}

namespace {
const NamedDecl *
memberNamedIn(const CXXRecordDecl *RD, llvm::StringRef Name,
              llvm::function_ref<bool(const NamedDecl &)> Accept,
              unsigned Depth) {
  RD = RD ? RD->getDefinition() : nullptr;
  if (!RD || Depth > 8)
    return nullptr;
  for (const Decl *D : RD->decls())
    if (const auto *ND = dyn_cast<NamedDecl>(D))
      if (ND->getIdentifier() && ND->getName() == Name && Accept(*ND))
        return ND;
  for (const CXXBaseSpecifier &B : RD->bases())
    if (const NamedDecl *ND = memberNamedIn(B.getType()->getAsCXXRecordDecl(),
                                            Name, Accept, Depth + 1))
      return ND;
  return nullptr;
}
} // namespace

const NamedDecl *
memberNamed(const CXXRecordDecl *RD, llvm::StringRef Name,
            llvm::function_ref<bool(const NamedDecl &)> Accept) {
  return memberNamedIn(RD, Name, Accept, 0);
}

std::vector<HelperSummary> HelperSummaries::exported() const {
  std::vector<HelperSummary> Out;
  for (const auto &[FD, E] : Effects) {
    // A helper of this file alone has no callers elsewhere; one on a
    // variable of this file alone has state no other TU can name.
    if (!E || !FD->isExternallyVisible() ||
        (E->Fields.empty() && !(E->Global && E->Global->isExternallyVisible())))
      continue;
    HelperSummary H;
    H.USR = usrOf(FD);
    if (H.USR.empty())
      continue;
    if (E->Fields.empty())
      H.Global = E->Global->getQualifiedNameAsString();
    H.Kind = E->K;
    H.Result = static_cast<int>(E->Result);
    H.State = static_cast<int>(E->State);
    H.Mode = static_cast<int>(E->Mode);
    for (const FieldDecl *F : E->Fields)
      H.Fields.push_back(F->getNameAsString());
    H.Container = E->Container != nullptr;
    H.KeyParam = E->KeyParam;
    H.KeySuffix = E->KeySuffix;
    H.ValueParam = E->ValueParam;
    H.ReportsInsertion = E->ReportsInsertion;
    H.Unlocked = E->Unlocked;
    H.Api = E->Api;
    H.MutexId = E->MutexId;
    H.MutexSpelling = E->MutexSpelling;
    Out.push_back(std::move(H));
  }
  llvm::sort(Out, [](const HelperSummary &A, const HelperSummary &B) {
    return A.USR < B.USR;
  });
  return Out;
}

namespace {

/// The variable of static storage named \p Qualified that code of \p FD can
/// name: declared in its class or a namespace around it (`extern
/// std::map<...> g_items;` in the header, a class's static member).
const VarDecl *globalNamed(const FunctionDecl *FD, llvm::StringRef Qualified) {
  llvm::StringRef Name = Qualified.rsplit("::").second;
  if (Name.empty())
    Name = Qualified;
  IdentifierInfo &II = FD->getASTContext().Idents.get(Name);
  for (const DeclContext *DC = FD->getDeclContext(); DC; DC = DC->getParent()) {
    DC = DC->getRedeclContext();
    for (const NamedDecl *ND : DC->lookup(&II))
      if (const auto *VD = dyn_cast<VarDecl>(ND))
        if (VD->hasGlobalStorage() && VD->getTLSKind() == VarDecl::TLS_None &&
            VD->getQualifiedNameAsString() == Qualified)
          return VD;
    if (DC->isTranslationUnit())
      break;
  }
  return nullptr;
}

} // namespace

const HelperEffect *
HelperSummaries::externalEffect(const FunctionDecl *Callee) {
  const FunctionDecl *Key = Callee->getCanonicalDecl();
  if (auto It = Effects.find(Key); It != Effects.end())
    return It->second.get();
  std::unique_ptr<HelperEffect> &Slot = Effects[Key];
  if (!External)
    return nullptr;
  auto It = External->find(usrOf(Callee));
  if (It == External->end())
    return nullptr;
  const HelperSummary &H = It->second;
  const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
  if (H.KeyParam >= static_cast<int>(Callee->getNumParams()) ||
      H.ValueParam >= static_cast<int>(Callee->getNumParams()) ||
      H.Fields.empty() == H.Global.empty() ||
      (!H.Fields.empty() && (!MD || MD->isStatic())))
    return nullptr;
  auto E = std::make_unique<HelperEffect>();
  QualType T;
  if (!H.Global.empty()) {
    // Static storage: the variable as this TU declares it.
    if (!(E->Global = globalNamed(Callee, H.Global)))
      return nullptr;
    T = E->Global->getType();
  } else {
    // The member chain, named in this TU by the class the declaration
    // shows.
    const CXXRecordDecl *RD = MD->getParent();
    for (const std::string &Name : H.Fields) {
      const FieldDecl *F = fieldNamed(RD, Name);
      if (!F)
        return nullptr;
      E->Fields.push_back(F);
      RD = F->getType()->getAsCXXRecordDecl();
    }
    T = E->Fields.back()->getType();
  }
  if (H.Container && !(E->Container = Models.classify(T)))
    return nullptr;
  E->K = static_cast<HelperEffect::Kind>(H.Kind);
  E->Result = static_cast<ResultKind>(H.Result);
  E->State = static_cast<StateKind>(H.State);
  E->Mode = static_cast<LockMode>(H.Mode);
  E->KeyParam = H.KeyParam;
  E->KeySuffix = H.KeySuffix;
  E->ValueParam = H.ValueParam;
  E->ReportsInsertion = H.ReportsInsertion;
  E->Unlocked = H.Unlocked;
  E->Api = H.Api;
  E->MutexId = H.MutexId;
  E->MutexSpelling = H.MutexSpelling;
  Slot = std::move(E);
  return Slot.get();
}

void HelperSummaries::clear() {
  Candidates.clear();
  Effects.clear();
  Built.clear();
}

std::optional<HelperEffect>
HelperSummaries::summarize(const FunctionDecl *FD,
                           const FunctionFacts &F) const {
  // Constructors, destructors and operators are not helpers a caller
  // tests. A virtual method that overrides none is a default other classes
  // replace; an override is the implementation a call to it names.
  if (isa<CXXConstructorDecl>(FD) || isa<CXXDestructorDecl>(FD) ||
      FD->isOverloadedOperator() || FD->isDependentContext())
    return std::nullopt;
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  if (MD && MD->isVirtual() && MD->size_overridden_methods() == 0)
    return std::nullopt;
  bool Member = MD && !MD->isStatic();
  QualType RT = FD->getReturnType();
  HelperEffect E;
  auto Finish = [&](const ObjectRef &O) -> std::optional<HelperEffect> {
    if (!stateOf(O, E) || (!E.Fields.empty() && !Member))
      return std::nullopt;
    if (E.State != StateKind::None && stateKindInfo(E.State).Atomic)
      return std::nullopt;
    // A container is summarized for one key a parameter gives.
    if (E.Container && E.KeyParam < 0)
      return std::nullopt;
    return std::move(E);
  };

  // A check whose answer the helper returns.
  if (F.Checks.size() == 1 && F.Acts.empty() && !F.Returns.empty() &&
      !RT->isReferenceType()) {
    const CheckEvent &C = F.Checks.front();
    if (!C.E ||
        !setEvent(HelperEffect::Check, C.T, C.Key, C.Held, C.Api, FD, E))
      return std::nullopt;
    if (C.Result == ResultKind::Value && F.Returns.size() == 1 &&
        stripValue(F.Returns.front().Value) == stripValue(C.E)) {
      // A wrapper that returns a helper's value as it is: its answer.
      E.Result = C.Result;
    } else if (RT->isBooleanType() || RT->isIntegerType()) {
      Outcome O = truthyReturn(F, C);
      if (O == Outcome::Unknown)
        return std::nullopt;
      E.Result = O == Outcome::Present ? ResultKind::PresentBool
                                       : ResultKind::AbsentBool;
    } else if (RT->isPointerType() || pointerLike(Models.stateKind(RT))) {
      if (!nullWhenAbsent(F, C))
        return std::nullopt;
      E.Result = ResultKind::Value;
    } else {
      return std::nullopt;
    }
    return Finish(C.T.Obj);
  }

  // A getter: a copy of pointer, optional or flag state, which the caller
  // then tests.
  if (F.Checks.empty() && F.Acts.empty() && F.Returns.size() == 1 &&
      !RT->isReferenceType()) {
    const FunctionFacts::ReturnSite &R = F.Returns.front();
    const Expr *V = stripValue(R.Value);
    if (!V || (!isa<MemberExpr>(V) && !isa<DeclRefExpr>(V)))
      return std::nullopt;
    StateKind SK = Models.stateKind(V->getType());
    if (!(pointerLike(SK) || SK == StateKind::Bool) ||
        SK == StateKind::UniquePtr)
      return std::nullopt;
    setLock(R.Held, E);
    E.K = HelperEffect::Read;
    E.State = SK;
    E.Result = ResultKind::Value;
    E.Api = "read";
    return Finish(describeObject(V, FD->getASTContext()));
  }

  // One act, not re-checked inside (that would be insert-if-absent under
  // the helper's lock). A check in another section (`assert(!has(k));`
  // before the locked insert) re-checks nothing.
  if (F.Acts.size() == 1) {
    const ActEvent &A = F.Acts.front();
    if (A.R != Role::Add || llvm::any_of(F.Checks, [&](const CheckEvent &C) {
          return C.T.Obj.Id == A.T.Obj.Id &&
                 (A.Held.empty() || shareSection(C.Held, A.Held));
        }))
      return std::nullopt;
    if (!setEvent(HelperEffect::Act, A.T, A.Key, A.Held, A.Api, FD, E))
      return std::nullopt;
    E.ReportsInsertion = A.ReportsInsertion && A.ResultUsed;
    if (A.Value) {
      E.ActValue = A.Value;
      if (const auto *DRE = dyn_cast<DeclRefExpr>(stripValue(A.Value)))
        for (unsigned I = 0; I < FD->getNumParams(); ++I)
          if (DRE->getDecl() == FD->getParamDecl(I))
            E.ValueParam = static_cast<int>(I);
    }
    return Finish(A.T.Obj);
  }
  return std::nullopt;
}

} // namespace cta
