//===- Values.cpp - How a harness makes the instance and the arguments ----===//
//
/// \file
/// Value synthesis for the generated driver: how to make an instance
/// (default constructor or CTA_FIXTURE), how to make the arguments (the same
/// values in every thread), and how to call the function, even a private
/// method (through the explicit-instantiation access rule).
//
//===----------------------------------------------------------------------===//

#include "Values.h"
#include "ContainerModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/QualTypeNames.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Regex.h"
#include <fmt/format.h>

using namespace clang;

namespace cta {
namespace {

/// The integer every synthesized integer argument is (valueFor); a fill
/// counts up from the next one, so that its values differ from the race's.
constexpr int SynthesizedInteger = 42;

/// An integer that is a count or an id: not a bool, a character or an enum.
bool isPlainInteger(QualType T) {
  return T->isIntegerType() && !T->isBooleanType() &&
         !T->isAnyCharacterType() && !T->isEnumeralType();
}

std::string typeText(QualType T, const ASTContext &Ctx) {
  PrintingPolicy P = Ctx.getPrintingPolicy();
  P.SuppressScope = false;
  P.FullyQualifiedName = true;
  P.SuppressInlineNamespace = true;
  return TypeName::getFullyQualifiedName(T, Ctx, P,
                                         /*WithGlobalNsPrefix=*/true);
}

bool publicDefaultConstructible(const CXXRecordDecl *RD) {
  if (!RD || !RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  if (RD->isAbstract())
    return false;
  if (RD->needsImplicitDefaultConstructor())
    return true;
  for (const CXXConstructorDecl *C : RD->ctors())
    if (C->isDefaultConstructor() && !C->isDeleted() &&
        C->getAccess() == AS_public)
      return true;
  return false;
}

bool isStringLike(QualType T) {
  std::string N = templateNameOf(T.getNonReferenceType().getUnqualifiedType());
  return N == "std::basic_string" || N == "std::basic_string_view" ||
         N == "std::string" || N == "std::string_view";
}

bool isCharPointer(QualType T) {
  return T->isPointerType() && T->getPointeeType()->isCharType();
}

} // namespace

std::optional<std::string> storeHandle(QualType T) {
  T = T.getNonReferenceType();
  if (!T->isPointerType())
    return std::nullopt;
  const auto *RD = T->getPointeeType()->getAsRecordDecl();
  if (!RD || !RD->getDeclContext()->getRedeclContext()->isTranslationUnit())
    return std::nullopt;
  llvm::StringRef Name = RD->getName();
  if (Name == "redisContext")
    return std::string("::cta_store::redis()");
  if (Name == "sqlite3")
    return std::string("::cta_store::sqlite()");
  if (Name == "pg_conn")
    return std::string("::cta_store::postgres()");
  return std::nullopt;
}

namespace {

/// \p Code as a reader wants it: `static_cast<int>(42)` reads `42`.
std::string withoutCasts(llvm::StringRef Code) {
  std::string Out;
  while (true) {
    size_t At = Code.find("static_cast<");
    if (At == llvm::StringRef::npos)
      break;
    size_t Open = Code.find(">(", At);
    if (Open == llvm::StringRef::npos)
      break;
    size_t Depth = 0, Close = Open + 1;
    for (; Close < Code.size(); ++Close)
      if (Code[Close] == '(')
        ++Depth;
      else if (Code[Close] == ')' && --Depth == 0)
        break;
    if (Close >= Code.size())
      break;
    Out += Code.substr(0, At).str() + Code.slice(Open + 2, Close).str();
    Code = Code.substr(Close + 1);
  }
  return Out + Code.str();
}

class DriverBuilder {
public:
  DriverBuilder(ASTContext &Ctx, bool Acts,
                llvm::ArrayRef<std::string> FixtureFiles)
      : Ctx(Ctx), Acts(Acts), FixtureFiles(FixtureFiles) {}

  /// `<int>` for an instantiation of a function template, else "".
  std::string templateArgs(const FunctionDecl *FD) const {
    const TemplateArgumentList *TA = FD->getTemplateSpecializationArgs();
    if (!TA)
      return "";
    std::string S;
    llvm::raw_string_ostream OS(S);
    PrintingPolicy P = Ctx.getPrintingPolicy();
    P.FullyQualifiedName = true;
    P.SuppressScope = false;
    printTemplateArgumentList(OS, TA->asArray(), P);
    return OS.str();
  }

  /// Arguments made by value for every parameter of \p FD (none a
  /// non-const reference or a pointer), or nullopt.
  std::optional<std::string> valueArgs(const FunctionDecl *FD) {
    std::string Args, Why;
    for (unsigned I = 0; I < FD->getNumParams(); ++I) {
      QualType T = FD->getParamDecl(I)->getType();
      if ((T->isLValueReferenceType() &&
           !T.getNonReferenceType().isConstQualified()) ||
          (T->isPointerType() && !isCharPointer(T)))
        return std::nullopt;
      std::optional<std::string> V = valueFor(T, Why);
      if (!V)
        return std::nullopt;
      Args += (I ? ", " : "") + *V;
    }
    return FD->isVariadic() ? std::nullopt : std::optional<std::string>(Args);
  }

  DriverSpec driver(const FunctionDecl *FD, const FunctionDecl *Prep,
                    const ValueDecl *Holder, const FillSpec &Fill) {
    DriverSpec D;
    const auto *MD = dyn_cast<CXXMethodDecl>(FD);
    const auto *Field = dyn_cast_or_null<FieldDecl>(Holder);
    const auto *Var = dyn_cast_or_null<VarDecl>(Holder);
    // The class of the instance the call needs, or of the member named.
    const CXXRecordDecl *RD = nullptr;
    if (Field)
      RD = dyn_cast<CXXRecordDecl>(Field->getParent());
    else if (Var && Var->isStaticDataMember())
      RD = dyn_cast<CXXRecordDecl>(Var->getDeclContext());
    else if (!Holder && MD)
      RD = MD->getParent();
    bool Instance = Field || (!Holder && MD && !MD->isStatic());
    std::string Class =
        RD ? typeText(Ctx.getRecordType(RD), Ctx) : std::string();

    // Access: explicit instantiation may name private members.
    if (RD) {
      std::string Type, Member;
      if (Holder) {
        // A data member pointer, or a pointer to a static member (through
        // aliases: `std::function<F> ::C::*` would name a member of it).
        D.Decls = "using HolderType = " + typeText(Holder->getType(), Ctx) +
                  ";\nusing HolderClass = " + Class + ";\n";
        Type = Field ? "HolderType HolderClass::*" : "HolderType *";
        Member = Holder->getNameAsString();
      } else {
        Type = pointerType(FD, Instance ? Class : std::string());
        Member = FD->getNameAsString() + templateArgs(FD);
      }
      D.Decls += "template <class Tag, typename Tag::type M> struct Rob {\n"
                 "  friend typename Tag::type get(Tag) { return M; }\n"
                 "};\n"
                 "struct TargetTag {\n"
                 "  using type = " +
                 Type +
                 ";\n"
                 "  friend type get(TargetTag);\n"
                 "};\n"
                 "template struct Rob<TargetTag, &" +
                 Class + "::" + Member + ">;\n";
      D.Decls += Var ? "inline auto &target() { return *get(TargetTag{}); }\n"
                     : "inline TargetTag::type target() { return "
                       "get(TargetTag{}); }\n";
    } else if (Var) {
      D.Decls = "inline auto &target() { return ::" + stableQualifiedName(Var) +
                "; }\n";
    } else {
      std::string Name = stableQualifiedName(FD);
      D.Decls = "using TargetType = " + pointerType(FD, "") +
                ";\n"
                "inline TargetType target() { return &::" +
                Name + templateArgs(FD) + "; }\n";
    }

    // The instance: fresh for every Driver.
    if (Instance) {
      std::string Plain = stableQualifiedName(RD);
      Fixture = fixtureFor(Plain);
      if (Fixture)
        D.Init += "    Instance.reset(::cta::instrument::Fixture<" + Class +
                  ">::make());\n";
      else if (publicDefaultConstructible(RD))
        D.Init += "    Instance.reset(new " + Class + "());\n";
      else if (std::string Why; auto Args = constructorArgs(RD, D, Why))
        D.Init += "    Instance.reset(new " + Class + "(" + *Args + "));\n";
      else {
        D.SkipReason = "class '" + Plain +
                       "' has no public constructor the harness can call (" +
                       Why + "); provide one with CTA_FIXTURE(" + Plain +
                       ") in a file passed with --fixtures";
        return D;
      }
      D.Members += "  std::unique_ptr<" + Class + "> Instance;\n";
      D.FreshState = true;
      if (Prep && Fill.Bound) {
        if (!fill(D, RD, Prep, Fill))
          return D;
      } else if (Prep) {
        std::optional<std::string> Args = valueArgs(Prep);
        if (Args) {
          D.Init +=
              "    Instance->" + Prep->getNameAsString() + "(" + *Args + ");\n";
          D.Prepared =
              stableQualifiedName(Prep) + "(" + withoutCasts(*Args) + ")";
        }
      }
    }

    // Arguments: one value for all threads; a non-const reference or a
    // pointer to a class is shared state, one object for all threads.
    std::string Args;
    for (unsigned I = 0; I < FD->getNumParams(); ++I) {
      const ParmVarDecl *P = FD->getParamDecl(I);
      QualType T = P->getType();
      std::string Name = "A" + std::to_string(I);
      std::string Why;
      if (std::optional<std::string> H = storeHandle(T)) {
        D.Members += "  " + typeText(T.getNonReferenceType(), Ctx) + " Store" +
                     Name + " = " + *H + ";\n";
        Args += std::string(I ? ", " : "") + "Store" + Name;
        continue;
      }
      QualType Pointee = T->isPointerType() ? T->getPointeeType() : QualType();
      bool SharedRef = T->isLValueReferenceType() &&
                       !T.getNonReferenceType().isConstQualified() &&
                       !T.getNonReferenceType()->isArithmeticType();
      bool SharedPtr =
          !Pointee.isNull() && !isCharPointer(T) && !Pointee.isConstQualified();
      if (SharedRef || SharedPtr) {
        QualType Obj = SharedRef ? T.getNonReferenceType().getUnqualifiedType()
                                 : Pointee.getUnqualifiedType();
        std::optional<std::string> V = valueFor(Obj, Why);
        if (!V) {
          D.SkipReason = "parameter '" + P->getNameAsString() + "': " + Why;
          return D;
        }
        D.Members +=
            "  " + typeText(Obj, Ctx) + " Shared" + Name + " = " + *V + ";\n";
        Args += std::string(I ? ", " : "") + (SharedPtr ? "&" : "") + "Shared" +
                Name;
        if (!Instance)
          D.FreshState = true;
        continue;
      }
      QualType ValueT = T.getNonReferenceType().getUnqualifiedType();
      if (!Pointee.isNull())
        ValueT = T; // const char *, const T *
      std::optional<std::string> V = !Pointee.isNull() && !isCharPointer(T)
                                         ? std::optional<std::string>()
                                         : valueFor(ValueT, Why);
      if (!V && !Pointee.isNull() && !isCharPointer(T)) {
        // Pointer to const: point at a per-call value.
        std::optional<std::string> PV =
            valueFor(Pointee.getUnqualifiedType(), Why);
        if (!PV) {
          D.SkipReason = "parameter '" + P->getNameAsString() + "': " + Why;
          return D;
        }
        D.ThreadLocals += "    " + typeText(Pointee.getUnqualifiedType(), Ctx) +
                          " " + Name + " = " + *PV + ";\n";
        Args += std::string(I ? ", " : "") + "&" + Name;
        continue;
      }
      if (!V) {
        D.SkipReason = "parameter '" + P->getNameAsString() + "': " + Why;
        return D;
      }
      D.ThreadLocals +=
          "    " + typeText(ValueT, Ctx) + " " + Name + " = " + *V + ";\n";
      Args += std::string(I ? ", " : "") +
              (T->isRValueReferenceType() ? "std::move(" + Name + ")" : Name);
    }
    if (FD->isVariadic()) {
      D.SkipReason = "variadic functions cannot be driven";
      return D;
    }
    D.Call = Instance ? "(Instance.get()->*target())(" + Args + ")"
                      : "target()(" + Args + ")";

    // Get-or-create functions hand out an object: equal arguments must get
    // the same one (oracle c).
    QualType R = FD->getReturnType();
    if (Acts && R->isPointerType() && !R->isFunctionPointerType())
      D.ResultExpr = "static_cast<const void *>(Result)";
    else if (Acts && R->isLValueReferenceType() &&
             !R.getNonReferenceType()->isFunctionType())
      D.ResultExpr = "static_cast<const void *>(std::addressof(Result))";
    else if (Acts && templateNameOf(R) == "std::shared_ptr")
      D.ResultExpr = "static_cast<const void *>(Result.get())";
    D.SuccessExpr = successOf(R);
    return D;
  }

private:
  /// The most elements a container filled by single calls may hold this
  /// large: more would not be a race the rounds can show.
  static constexpr uint64_t MaxFill = 100000;

  /// Fills the container of \p Fill to one below its bound with \p Prep,
  /// called with distinct values; false with D.SkipReason set when the
  /// bound's value is not known.
  bool fill(DriverSpec &D, const CXXRecordDecl *RD, const FunctionDecl *Prep,
            const FillSpec &Fill) {
    std::string Why;
    std::optional<uint64_t> V = boundValue(Fill.Bound, RD, Why);
    uint64_t Limit = V ? *V + Fill.Extra : 0;
    if (V && (Limit == 0 || Limit - 1 > MaxFill))
      Why = fmt::format("it admits {} elements, {}", Limit,
                        Limit ? "too many to fill one call at a time"
                              : "so no call can add one");
    std::optional<std::string> Args;
    if (Why.empty() && !(Args = fillArgs(Prep)))
      Why =
          "the arguments of '" + stableQualifiedName(Prep) + "' cannot be made";
    if (!Why.empty()) {
      D.SkipReason = fmt::format("the check at {} tests a size bound, '{}', "
                                 "whose value confirm cannot tell: {}",
                                 Fill.Where, sourceText(Fill.Bound), Why);
      return false;
    }
    D.Init += fmt::format("    for (unsigned long long CtaI = 0; CtaI < {}ull; "
                          "++CtaI)\n      Instance->{}({});\n",
                          Limit - 1, Prep->getNameAsString(), *Args);
    std::string Shown = withoutCasts(*Args);
    for (size_t At; (At = Shown.find("CtaI")) != std::string::npos;)
      Shown.replace(At, 4, "i");
    D.Prepared = fmt::format("{}({}) for i < {}, one below the {} elements "
                             "the bound at {} admits",
                             stableQualifiedName(Prep), Shown, Limit - 1, Limit,
                             Fill.Where);
    D.Bound = static_cast<long long>(Limit);
    return true;
  }

  std::string sourceText(const Expr *E) const {
    return Lexer::getSourceText(
               CharSourceRange::getTokenRange(E->getSourceRange()),
               Ctx.getSourceManager(), Ctx.getLangOpts())
        .str();
  }

  /// The value of a size bound: a constant, or a member of \p RD that the
  /// constructor the driver calls sets from a constant or from an argument
  /// the driver makes (an integer is SynthesizedInteger).
  std::optional<uint64_t> boundValue(const Expr *B, const CXXRecordDecl *RD,
                                     std::string &Why) {
    B = B->IgnoreParenImpCasts();
    if (std::optional<uint64_t> C = constant(B))
      return C;
    const auto *ME = dyn_cast<MemberExpr>(B);
    const auto *Field = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
    if (!Field || !isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts())) {
      Why = "it is neither a constant nor a member of the class";
      return std::nullopt;
    }
    if (Fixture) {
      Why = "the CTA_FIXTURE that makes the instance sets it";
      return std::nullopt;
    }
    const CXXConstructorDecl *Ctor = Chosen;
    if (!Ctor && RD->hasDefinition())
      for (const CXXConstructorDecl *C : RD->getDefinition()->ctors())
        if (C->isDefaultConstructor() && !C->isDeleted())
          Ctor = C;
    const FunctionDecl *Def = nullptr;
    if (Ctor && Ctor->hasBody(Def))
      Ctor = cast<CXXConstructorDecl>(Def);
    if (Ctor)
      for (const CXXCtorInitializer *I : Ctor->inits()) {
        if (I->getMember() != Field || !I->isWritten())
          continue;
        const Expr *Init = I->getInit()->IgnoreImplicit();
        if (const auto *CE = dyn_cast<CXXConstructExpr>(Init);
            CE && CE->getNumArgs() == 1)
          Init = CE->getArg(0)->IgnoreImplicit();
        if (const auto *PL = dyn_cast<ParenListExpr>(Init);
            PL && PL->getNumExprs() == 1)
          Init = PL->getExpr(0)->IgnoreImplicit();
        if (std::optional<uint64_t> C = constant(Init))
          return C;
        const auto *DRE = dyn_cast<DeclRefExpr>(Init->IgnoreParenImpCasts());
        const auto *P = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
        QualType T = P ? P->getType().getNonReferenceType() : QualType();
        if (P && isPlainInteger(T))
          return SynthesizedInteger;
        Why = "the constructor '" + signature(Ctor) + "' sets '" +
              Field->getNameAsString() +
              "' from neither a constant nor an integer argument";
        return std::nullopt;
      }
    if (const Expr *In = Field->getInClassInitializer())
      if (std::optional<uint64_t> C = constant(In->IgnoreImplicit()))
        return C;
    Why = "no constructor the harness calls sets '" + Field->getNameAsString() +
          "' from a constant or an argument";
    return std::nullopt;
  }

  std::optional<uint64_t> constant(const Expr *E) const {
    Expr::EvalResult R;
    if (E->isValueDependent() || !E->EvaluateAsInt(R, Ctx) ||
        R.Val.getInt().isNegative() || R.Val.getInt().getActiveBits() > 63)
      return std::nullopt;
    return R.Val.getInt().getZExtValue();
  }

  /// The arguments of \p Prep for call `CtaI` of the fill: integers and
  /// strings differ from call to call (a set's size grows only by new
  /// elements) and from the race's own values; other types are made as
  /// usual.
  std::optional<std::string> fillArgs(const FunctionDecl *Prep) {
    if (!valueArgs(Prep))
      return std::nullopt;
    std::string Args, Why;
    for (unsigned I = 0; I < Prep->getNumParams(); ++I) {
      QualType T = Prep->getParamDecl(I)->getType();
      QualType U = T.getNonReferenceType().getUnqualifiedType();
      std::string V;
      if (isPlainInteger(U))
        V = fmt::format("static_cast<{}>({} + CtaI)", typeText(U, Ctx),
                        SynthesizedInteger + 1);
      else if (templateNameOf(U) == "std::basic_string" ||
               templateNameOf(U) == "std::string")
        V = "::std::string(\"cta-fill-\") + ::std::to_string(CtaI)";
      else
        V = *valueFor(T, Why);
      Args += (I ? ", " : "") + V;
    }
    return Args;
  }

  /// Whether a call returning \p R succeeded: a one-shot `start()` that
  /// says true, an `admit()` under a cap, a `take()` that got the element.
  static std::string successOf(QualType R) {
    if (R->isBooleanType())
      return "static_cast<bool>(Result)";
    std::string TN = templateNameOf(R.getNonReferenceType());
    if (TN == "std::optional")
      return "Result.has_value()";
    if ((R->isPointerType() && !R->isFunctionPointerType()) ||
        TN == "std::shared_ptr" || TN == "std::unique_ptr")
      return "Result != nullptr";
    return "";
  }

  bool fixtureFor(llvm::StringRef ClassName) const {
    std::string Pattern = "CTA_FIXTURE[[:space:]]*\\([[:space:]]*(::)?" +
                          llvm::Regex::escape(ClassName) + "[[:space:]]*\\)";
    llvm::Regex R(Pattern);
    for (const std::string &File : FixtureFiles) {
      auto Buf = llvm::MemoryBuffer::getFile(File);
      if (Buf && R.match((*Buf)->getBuffer()))
        return true;
    }
    return false;
  }

  /// `R (::ns::C::*)(P...) const` or `R (*)(P...)`.
  std::string pointerType(const FunctionDecl *FD, const std::string &Class) {
    const auto *FPT = FD->getType()->getAs<FunctionProtoType>();
    std::string S = typeText(FD->getReturnType(), Ctx) + " (" +
                    (Class.empty() ? "" : Class + "::") + "*)(";
    for (unsigned I = 0; I < FD->getNumParams(); ++I)
      S += (I ? ", " : "") + typeText(FD->getParamDecl(I)->getType(), Ctx);
    if (FD->isVariadic())
      S += FD->getNumParams() ? ", ..." : "...";
    S += ")";
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD); MD && !MD->isStatic()) {
      if (MD->isConst())
        S += " const";
      if (MD->isVolatile())
        S += " volatile";
      if (MD->getRefQualifier() == RQ_LValue)
        S += " &";
      else if (MD->getRefQualifier() == RQ_RValue)
        S += " &&";
    }
    if (FPT && FPT->isNothrow())
      S += " noexcept";
    return S;
  }

  /// The arguments of the first public constructor of \p RD whose
  /// parameters can all be made (docs/confirm.md, construction); objects a
  /// reference or pointer parameter needs become Driver members. Why names
  /// the constructor and the parameter that stopped the last one tried.
  std::optional<std::string> constructorArgs(const CXXRecordDecl *RD,
                                             DriverSpec &D, std::string &Why) {
    Why = "it declares no public constructor";
    for (const CXXConstructorDecl *C : RD->getDefinition()->ctors()) {
      if (C->isDeleted() || C->getAccess() != AS_public ||
          C->isCopyOrMoveConstructor() || C->isVariadic())
        continue;
      std::string Args, Members = D.Members, Decls = D.Decls;
      bool Ok = true;
      for (unsigned I = 0; Ok && I < C->getNumParams(); ++I) {
        const ParmVarDecl *P = C->getParamDecl(I);
        std::string Err;
        std::optional<std::string> V =
            ctorArg(P->getType(), Members, Decls, NumCtorObjects, Err);
        if (!V) {
          Why = "constructor '" + signature(C) + "', parameter '" +
                P->getNameAsString() + "': " + Err;
          Ok = false;
          break;
        }
        Args += (I ? ", " : "") + *V;
      }
      if (!Ok)
        continue;
      D.Members = Members;
      D.Decls = Decls;
      Chosen = C;
      return Args;
    }
    return std::nullopt;
  }

  std::string signature(const FunctionDecl *FD) const {
    std::string S = stableQualifiedName(FD) + "(";
    for (unsigned I = 0; I < FD->getNumParams(); ++I)
      S += (I ? ", " : "") +
           FD->getParamDecl(I)->getType().getAsString(Ctx.getPrintingPolicy());
    return S + ")";
  }

  /// A constructor argument: a value, or for a non-const reference or a
  /// pointer a fresh object that the Driver owns (a generated subclass for
  /// an abstract class); smart pointers to abstract classes point at one.
  std::optional<std::string> ctorArg(QualType T, std::string &Members,
                                     std::string &Decls, unsigned &N,
                                     std::string &Why) {
    if (std::optional<std::string> H = storeHandle(T))
      return H;
    QualType Pointee = T->isPointerType() && !isCharPointer(T)
                           ? T->getPointeeType()
                       : T->isReferenceType() ? T.getNonReferenceType()
                                              : QualType();
    if (!Pointee.isNull() && !Pointee->isFunctionType() &&
        !Pointee->isVoidType() &&
        (T->isPointerType() || !Pointee.isConstQualified() ||
         isAbstract(Pointee))) {
      QualType Obj = Pointee.getUnqualifiedType();
      std::optional<std::string> Type = concreteType(Obj, Decls, Why);
      if (!Type)
        return std::nullopt;
      std::string Init = "{}";
      if (!isAbstract(Obj)) {
        std::optional<std::string> V = valueFor(Obj, Why);
        if (!V)
          return std::nullopt;
        Init = " = " + *V;
      }
      std::string Name = "CtorObject" + std::to_string(N++);
      Members += "  " + *Type + " " + Name + Init + ";\n";
      return (T->isPointerType() ? "&" : "") + Name;
    }
    std::string TN = templateNameOf(T.getNonReferenceType());
    if (TN == "std::shared_ptr" || TN == "std::unique_ptr")
      if (QualType E = firstTemplateArg(T.getNonReferenceType());
          !E.isNull() && isAbstract(E)) {
        std::optional<std::string> Type = concreteType(E, Decls, Why);
        if (!Type)
          return std::nullopt;
        return std::string(TN == "std::shared_ptr" ? "::std::make_shared<"
                                                   : "::std::make_unique<") +
               *Type + ">()";
      }
    return valueFor(T, Why);
  }

  static QualType firstTemplateArg(QualType T) {
    const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
        T->getAsCXXRecordDecl());
    if (!Spec || Spec->getTemplateArgs().size() < 1 ||
        Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
      return QualType();
    return Spec->getTemplateArgs()[0].getAsType();
  }

  static bool isAbstract(QualType T) {
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
    return RD && RD->hasDefinition() && RD->getDefinition()->isAbstract();
  }

  /// \p T itself, or for an abstract class a generated subclass whose pure
  /// virtual methods return made values.
  std::optional<std::string> concreteType(QualType T, std::string &Decls,
                                          std::string &Why) {
    if (!isAbstract(T))
      return typeText(T, Ctx);
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl()->getDefinition();
    std::string Name = "CtaImpl" + std::to_string(NumImpls++);
    std::string S = "struct " + Name + " final : " + typeText(T, Ctx) + " {\n";
    llvm::SmallVector<const CXXRecordDecl *, 4> Classes = {RD};
    RD->forallBases([&](const CXXRecordDecl *B) {
      Classes.push_back(B);
      return true;
    });
    for (const CXXRecordDecl *C : Classes)
      for (const CXXMethodDecl *M : C->methods()) {
        if (!M->isPureVirtual())
          continue;
        std::optional<std::string> Body = overrideBody(M, Why);
        if (!Body)
          return std::nullopt;
        S += "  " + typeText(M->getReturnType(), Ctx) + " " +
             M->getNameAsString() + "(";
        for (unsigned I = 0; I < M->getNumParams(); ++I)
          S += (I ? ", " : "") + typeText(M->getParamDecl(I)->getType(), Ctx);
        S += std::string(")") + (M->isConst() ? " const" : "") +
             " override { " + *Body + " }\n";
      }
    Decls += S + "};\n";
    return Name;
  }

  std::optional<std::string> overrideBody(const CXXMethodDecl *M,
                                          std::string &Why) {
    QualType R = M->getReturnType();
    if (R->isVoidType())
      return std::string();
    QualType V = R.getNonReferenceType().getUnqualifiedType();
    std::optional<std::string> Value = valueFor(V, Why);
    if (!Value) {
      Why = "pure virtual '" + M->getNameAsString() + "': " + Why;
      return std::nullopt;
    }
    if (R->isReferenceType())
      return "static " + typeText(V, Ctx) + " Made = " + *Value +
             "; return Made;";
    return "return " + *Value + ";";
  }

  /// A value for a parameter: the same in every thread.
  std::optional<std::string> valueFor(QualType T, std::string &Why) {
    QualType U = T.getNonReferenceType().getUnqualifiedType();
    if (isStringLike(U) || isCharPointer(U))
      return std::string("\"cta-key\"");
    if (U->isBooleanType())
      return std::string("true");
    if (U->isAnyCharacterType())
      return "static_cast<" + typeText(U, Ctx) + ">('k')";
    if (const auto *ET = U->getAs<EnumType>()) {
      const EnumDecl *ED = ET->getDecl();
      auto It = ED->enumerator_begin();
      if (It == ED->enumerator_end())
        return "static_cast<" + typeText(U, Ctx) + ">(0)";
      return "static_cast<" + typeText(U, Ctx) + ">(" +
             llvm::toString(It->getInitVal(), 10) + ")";
    }
    if (U->isIntegerType())
      return fmt::format("static_cast<{}>({})", typeText(U, Ctx),
                         SynthesizedInteger);
    if (U->isFloatingType())
      return "static_cast<" + typeText(U, Ctx) + ">(1.5)";
    std::string TN = templateNameOf(U);
    // A positive duration: a timeout or period the function can wait out.
    if (TN == "std::chrono::duration")
      return typeText(U, Ctx) + "(100)";
    if (TN == "std::shared_ptr" || TN == "std::unique_ptr") {
      QualType E = firstTemplateArg(U);
      if (!E.isNull() && publicDefaultConstructible(E->getAsCXXRecordDecl()))
        return std::string(TN == "std::shared_ptr" ? "::std::make_shared<"
                                                   : "::std::make_unique<") +
               typeText(E, Ctx) + ">()";
    }
    if (const CXXRecordDecl *RD = U->getAsCXXRecordDecl())
      if (publicDefaultConstructible(RD))
        return typeText(U, Ctx) + "{}";
    Why = "type '" + U.getAsString() + "' cannot be made by the harness";
    return std::nullopt;
  }

  ASTContext &Ctx;
  bool Acts;
  llvm::ArrayRef<std::string> FixtureFiles;
  unsigned NumCtorObjects = 0, NumImpls = 0;
  /// The constructor the driver calls with made arguments, or null.
  const CXXConstructorDecl *Chosen = nullptr;
  bool Fixture = false; ///< A CTA_FIXTURE makes the instance.
};

} // namespace

DriverSpec driverFor(ASTContext &Ctx, const FunctionDecl *FD, bool Acts,
                     llvm::ArrayRef<std::string> FixtureFiles,
                     const FunctionDecl *Prep, const ValueDecl *Holder,
                     const FillSpec &Fill) {
  return DriverBuilder(Ctx, Acts, FixtureFiles).driver(FD, Prep, Holder, Fill);
}

bool preparable(ASTContext &Ctx, const FunctionDecl *FD) {
  return DriverBuilder(Ctx, false, {}).valueArgs(FD).has_value();
}

} // namespace cta
