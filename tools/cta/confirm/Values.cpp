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
#include "clang/AST/QualTypeNames.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Regex.h"

using namespace clang;

namespace cta {
namespace {

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

class DriverBuilder {
public:
  DriverBuilder(ASTContext &Ctx, bool Acts,
                llvm::ArrayRef<std::string> FixtureFiles)
      : Ctx(Ctx), Acts(Acts), FixtureFiles(FixtureFiles) {}

  DriverSpec driver(const FunctionDecl *FD) {
    DriverSpec D;
    const auto *MD = dyn_cast<CXXMethodDecl>(FD);
    bool Instance = MD && !MD->isStatic();
    std::string Class =
        MD ? typeText(Ctx.getRecordType(MD->getParent()), Ctx) : std::string();
    std::string FnType = pointerType(FD, Instance ? Class : std::string());

    // Access: explicit instantiation may name private members.
    if (MD) {
      D.Decls =
          "template <class Tag, typename Tag::type M> struct Rob {\n"
          "  friend typename Tag::type get(Tag) { return M; }\n"
          "};\n"
          "struct TargetTag {\n"
          "  using type = " +
          FnType +
          ";\n"
          "  friend type get(TargetTag);\n"
          "};\n"
          "template struct Rob<TargetTag, &" +
          Class + "::" + FD->getNameAsString() +
          ">;\n"
          "inline TargetTag::type target() { return get(TargetTag{}); }\n";
    } else {
      std::string Name = stableQualifiedName(FD);
      D.Decls = "using TargetType = " + FnType +
                ";\n"
                "inline TargetType target() { return &::" +
                Name + "; }\n";
    }

    // The instance: fresh for every Driver.
    if (Instance) {
      const CXXRecordDecl *RD = MD->getParent();
      std::string Plain = stableQualifiedName(RD);
      if (fixtureFor(Plain))
        D.Init += "    Instance.reset(::cta::instrument::Fixture<" + Class +
                  ">::make());\n";
      else if (publicDefaultConstructible(RD))
        D.Init += "    Instance.reset(new " + Class + "());\n";
      else {
        D.SkipReason = "class '" + Plain +
                       "' has no public default constructor; provide one with "
                       "CTA_FIXTURE(" +
                       Plain + ") in a file passed with --fixtures";
        return D;
      }
      D.Members += "  std::unique_ptr<" + Class + "> Instance;\n";
      D.FreshState = true;
    }

    // Arguments: one value for all threads; a non-const reference or a
    // pointer to a class is shared state, one object for all threads.
    std::string Args;
    for (unsigned I = 0; I < FD->getNumParams(); ++I) {
      const ParmVarDecl *P = FD->getParamDecl(I);
      QualType T = P->getType();
      std::string Name = "A" + std::to_string(I);
      std::string Why;
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
    return D;
  }

private:
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
      return "static_cast<" + typeText(U, Ctx) + ">(42)";
    if (U->isFloatingType())
      return "static_cast<" + typeText(U, Ctx) + ">(1.5)";
    std::string TN = templateNameOf(U);
    if (TN == "std::shared_ptr" || TN == "std::unique_ptr") {
      const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
          U->getAsCXXRecordDecl());
      if (Spec && Spec->getTemplateArgs().size() >= 1) {
        QualType E = Spec->getTemplateArgs()[0].getAsType();
        if (publicDefaultConstructible(E->getAsCXXRecordDecl()))
          return std::string(TN == "std::shared_ptr" ? "::std::make_shared<"
                                                     : "::std::make_unique<") +
                 typeText(E, Ctx) + ">()";
      }
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
};

} // namespace

DriverSpec driverFor(ASTContext &Ctx, const FunctionDecl *FD, bool Acts,
                     llvm::ArrayRef<std::string> FixtureFiles) {
  return DriverBuilder(Ctx, Acts, FixtureFiles).driver(FD);
}

} // namespace cta
