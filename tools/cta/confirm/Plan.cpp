//===- Plan.cpp - Instrument a flagged TU and generate its harness --------===//
//
/// \file
/// planHarness re-parses the finding's translation unit with its own flags,
/// finds the function, rebuilds its FunctionFacts with the same walker the
/// static analysis uses, and rewrites a copy of the TU so that every check
/// and act reports to the runtime. Rewrites are inline (no line is added or
/// removed) and the copy starts with `#line 1 "<original>"`, so compiler
/// diagnostics and ThreadSanitizer stacks point at the user's own lines.
///
/// The harness and the regression test share one generated *driver*: how to
/// make an instance (default constructor or CTA_FIXTURE), how to make the
/// arguments (the same values in every thread), and how to call the
/// function, even a private method (through the explicit-instantiation
/// access rule) or a function with internal linkage (the TU is included).
//
//===----------------------------------------------------------------------===//

#include "Plan.h"
#include "Frontend.h"
#include "Analyzer.h"
#include "ContainerModel.h"
#include "FunctionFacts.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/QualTypeNames.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Index/USRGeneration.h"
#include "clang/Lex/Lexer.h"
#include "clang/Rewrite/Core/Rewriter.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"
#include <fmt/format.h>


using namespace clang;

namespace cta {
namespace {

/// A C++ string literal for arbitrary bytes: names from the code under test
/// never reach generated code unescaped.
std::string cString(llvm::StringRef S) {
  std::string Out = "\"";
  for (unsigned char C : S) {
    if (C == '\\' || C == '"') {
      Out += '\\';
      Out += static_cast<char>(C);
    } else if (C >= 0x20 && C < 0x7f && C != '?') {
      Out += static_cast<char>(C);
    } else {
      Out += fmt::format("\\{:03o}", C);
    }
  }
  return Out + "\"";
}

/// A C++ identifier made of the letters and digits of \p S.
std::string identifier(llvm::StringRef S) {
  std::string Out;
  for (char C : S)
    Out += llvm::isAlnum(C) ? C : '_';
  if (Out.empty() || llvm::isDigit(Out[0]))
    Out = "F_" + Out;
  return Out;
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

/// The compile command's arguments without the compiler and the input
/// file; Build decides which of the rest a harness build keeps.
std::vector<std::string> reusableArgs(const tooling::CompileCommand &Cmd) {
  std::vector<std::string> Out;
  const std::vector<std::string> &A = Cmd.CommandLine;
  llvm::StringRef Input = llvm::sys::path::filename(Cmd.Filename);
  for (size_t I = 1; I < A.size(); ++I) {
    llvm::StringRef S = A[I];
    if (S == "--" || (!S.starts_with("-") &&
                      (S == Cmd.Filename ||
                       llvm::sys::path::filename(S) == Input)))
      continue;
    Out.push_back(S.str());
  }
  return Out;
}

/// Finds the target function among the definitions of the main file.
class TargetFinder : public RecursiveASTVisitor<TargetFinder> {
public:
  TargetFinder(const SourceManager &SM, const Finding &F) : SM(SM), F(F) {}
  bool shouldVisitTemplateInstantiations() const { return false; }
  bool TraverseStmt(Stmt *) { return true; }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (FD->isMain() && FD->hasBody())
      HasMain = true;
    if (Found || !FD->doesThisDeclarationHaveABody() ||
        !SM.isInMainFile(SM.getExpansionLoc(FD->getLocation())))
      return true;
    if (!F.Function.USR.empty()) {
      llvm::SmallString<128> USR;
      if (!index::generateUSRForDecl(FD, USR) && USR == F.Function.USR)
        Found = FD;
      return true;
    }
    llvm::StringRef Want = F.Function.QualifiedName;
    Want.consume_front("::");
    if (stableQualifiedName(FD) == Want || FD->getQualifiedNameAsString() == Want)
      Found = FD;
    return true;
  }

  FunctionDecl *Found = nullptr;
  bool HasMain = false;

private:
  const SourceManager &SM;
  const Finding &F;
};

/// Everything the generated driver needs, derived from the function.
struct DriverSpec {
  std::string Decls;       ///< Namespace-scope declarations (access).
  std::string Members;     ///< Driver data members (instance, shared args).
  std::string Init;        ///< Driver constructor body.
  std::string ThreadLocals;///< Per-call argument variables.
  std::string Call;        ///< The call expression.
  std::string ResultExpr;  ///< `const void *` of the result, or empty.
  bool FreshState = false; ///< Each Driver starts from a fresh instance.
  std::string SkipReason;
};

class Planner {
public:
  Planner(ASTContext &Ctx, const Finding &F, const PlanOptions &Opts,
          HarnessPlan &Plan)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), F(F), Opts(Opts), Plan(Plan) {}

  void run() {
    TargetFinder Finder(SM, F);
    Finder.TraverseDecl(Ctx.getTranslationUnitDecl());
    HasMain = Finder.HasMain;
    const FunctionDecl *FD = Finder.Found;
    if (!FD) {
      Plan.SkipReason = fmt::format("function '{}' is not defined in '{}'",
                                    F.Function.QualifiedName,
                                    Plan.OriginalFile);
      return;
    }
    Plan.TargetFound = true;
    Plan.TargetName = FD->getQualifiedNameAsString();
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD);
        MD && MD->getParent()->isLambda()) {
      Plan.SkipReason = "the function is a lambda; confirm the function that "
                        "calls it with --function";
      return;
    }
    if (FD->isDependentContext()) {
      Plan.SkipReason = fmt::format(
          "'{}' is a template; it cannot be driven without template "
          "arguments",
          Plan.TargetName);
      return;
    }
    Analyzer A(Ctx, Opts.Cfg);
    buildFacts(FD->getBody(), FD, nullptr, Ctx, A, Facts);
    instrument();
    DriverSpec D = driver(FD);
    if (!D.SkipReason.empty()) {
      Plan.SkipReason = D.SkipReason;
      return;
    }
    Plan.Inv = D.ResultExpr.empty() ? Invariant::NoDataRace
                                    : Invariant::SameObject;
    Plan.HarnessSource = harness(D);
    Plan.RegressionTestSource = regressionTest(D);
  }

private:
  //--- Instrumentation ------------------------------------------------------

  bool rewritable(SourceRange R) const {
    return R.isValid() && R.getBegin().isFileID() && R.getEnd().isFileID() &&
           SM.isInMainFile(R.getBegin());
  }

  unsigned addSite(bool IsCheck, SourceRange R, bool Locked = false) {
    SiteInfo S;
    S.Id = Plan.Sites.size() + 1;
    S.IsCheck = IsCheck;
    S.Locked = Locked;
    S.File = Plan.OriginalFile;
    S.Line = SM.getPresumedLineNumber(R.getBegin());
    std::string Text = std::string(Lexer::getSourceText(
        CharSourceRange::getTokenRange(R), SM, Ctx.getLangOpts()));
    std::replace(Text.begin(), Text.end(), '\n', ' ');
    if (Text.size() > 80)
      Text = Text.substr(0, 77) + "...";
    S.Text = Text;
    Plan.Sites.push_back(S);
    return S.Id;
  }

  std::string addressOf(const ObjectRef &O) const {
    if (O.Spelling == "*this")
      return "static_cast<const void *>(this)";
    if (O.ViaPointer)
      return "static_cast<const void *>(" + O.Spelling + ")";
    return "::cta::instrument::addressOf(" + O.Spelling + ")";
  }

  /// Keys of one object must hash alike at every site, or the runtime cannot
  /// pair a check with its act: when any site's key is unknown, all of the
  /// object's sites use one bucket.
  std::string keyOf(const ObjectRef &O, const KeyRef &K) const {
    if (K.K != KeyRef::Exact || K.Id.find('(') != std::string::npos ||
        OneBucket.count(O.Id))
      return "0u";
    return "::cta::instrument::keyHash(" + K.Spelling + ")";
  }

  void wrap(SourceRange R, const std::string &Before, const std::string &After) {
    Rewrite.InsertTextBefore(R.getBegin(), Before);
    Rewrite.InsertTextAfterToken(R.getEnd(), After);
  }

  void instrument() {
    Rewrite.setSourceMgr(Ctx.getSourceManager(), Ctx.getLangOpts());
    for (const CheckEvent &C : Facts.Checks)
      if (C.Key.K != KeyRef::Exact)
        OneBucket.insert(C.T.Obj.Id);
    for (const ActEvent &A : Facts.Acts)
      if (A.Key.K != KeyRef::Exact)
        OneBucket.insert(A.T.Obj.Id);

    // Innermost expressions first, so nested wrappers nest correctly.
    struct Item {
      SourceRange R;
      unsigned Size;
      const CheckEvent *C;
      const ActEvent *A;
      size_t Order = 0;
    };
    std::vector<Item> Items;
    auto SizeOf = [&](SourceRange R) {
      return SM.getFileOffset(R.getEnd()) - SM.getFileOffset(R.getBegin());
    };
    for (const CheckEvent &C : Facts.Checks) {
      SourceRange R = C.S ? C.S->getSourceRange() : C.E->getSourceRange();
      if (rewritable(R) && C.T.Obj.known())
        Items.push_back({R, SizeOf(R), &C, nullptr});
    }
    for (const ActEvent &A : Facts.Acts)
      if (rewritable(A.E->getSourceRange()) && A.T.Obj.known())
        Items.push_back({A.E->getSourceRange(), SizeOf(A.E->getSourceRange()),
                         nullptr, &A});
    for (size_t I = 0; I < Items.size(); ++I)
      Items[I].Order = I;
    llvm::sort(Items, [](const Item &X, const Item &Y) {
      return std::tie(X.Size, X.Order) < std::tie(Y.Size, Y.Order);
    });
    for (const Item &I : Items) {
      if (I.C)
        instrumentCheck(*I.C);
      else
        instrumentAct(*I.A);
    }
    const RewriteBuffer *Buf = Rewrite.getRewriteBufferFor(SM.getMainFileID());
    std::string Body = Buf ? std::string(Buf->begin(), Buf->end())
                           : SM.getBufferData(SM.getMainFileID()).str();
    Plan.InstrumentedSource =
        "// Generated by cta confirm from " + Plan.OriginalFile +
        "; do not edit.\n#include <cta/instrument.hpp>\n#line 1 " +
        cString(Plan.OriginalFile) + "\n" + Body;
  }

  /// A check inside a critical section parks where the section ends, not
  /// inside it: parked there it would hold the lock its peer needs to reach
  /// the same check.
  bool parkAtWindow(const CheckEvent &C) {
    bool Any = false;
    for (const Section &S : C.Held) {
      if (S.CallerHeld)
        continue;
      auto It = Facts.SectionEnds.find(S.Id);
      if (It == Facts.SectionEnds.end())
        continue;
      const Stmt *End = It->second;
      SourceLocation After;
      if (const auto *CS = dyn_cast<CompoundStmt>(End)) {
        // Only a block that is itself a statement of a block can be
        // followed by one more statement.
        if (!Facts.Positions.count(CS))
          continue;
        After = CS->getRBracLoc();
      } else {
        std::optional<Token> Semi =
            Lexer::findNextToken(End->getEndLoc(), SM, Ctx.getLangOpts());
        if (!Semi || !Semi->is(tok::semi))
          continue;
        After = Semi->getLocation();
      }
      if (!After.isFileID() || !SM.isInMainFile(After))
        continue;
      Any = true;
      if (Windows.insert(After.getRawEncoding()).second)
        Rewrite.InsertTextAfterToken(After, " ::cta::instrument::window();");
    }
    return Any;
  }

  void instrumentCheck(const CheckEvent &C) {
    bool Locked = !C.S && parkAtWindow(C);
    unsigned Id = addSite(true, C.S ? C.S->getSourceRange() : C.Range, Locked);
    std::string Obj = addressOf(C.T.Obj);
    std::string Key = keyOf(C.T.Obj, C.Key);
    if (C.S) {
      // A search loop: it saw "absent" if control leaves it without a hit.
      std::string Absent = "true";
      unsigned CIdx = &C - Facts.Checks.data();
      for (const auto &[VD, Rs] : Facts.Results)
        for (const ResultVar &R : Rs)
          if (R.Check == CIdx && R.Kind == ResultKind::Other &&
              R.WhenTrue != Outcome::Unknown)
            Absent = (R.WhenTrue == Outcome::Present ? "!" : "") +
                     std::string("(") + VD->getNameAsString() + ")";
      SourceLocation End = C.S->getEndLoc();
      const Stmt *Body = nullptr;
      if (const auto *For = dyn_cast<ForStmt>(C.S))
        Body = For->getBody();
      else if (const auto *RF = dyn_cast<CXXForRangeStmt>(C.S))
        Body = RF->getBody();
      else if (const auto *W = dyn_cast<WhileStmt>(C.S))
        Body = W->getBody();
      if (Body && !isa<CompoundStmt>(Body)) {
        std::optional<Token> Semi =
            Lexer::findNextToken(Body->getEndLoc(), SM, Ctx.getLangOpts());
        if (!Semi || !Semi->is(tok::semi))
          return;
        End = Semi->getLocation();
      }
      Rewrite.InsertTextBefore(C.S->getBeginLoc(), "{ ");
      Rewrite.InsertTextAfterToken(
          End, fmt::format(" ::cta::instrument::checkLoop({}u, {}, {}); }}", Id,
                           Obj, Absent));
      return;
    }
    if (C.T.State != StateKind::None) {
      // The value is read before the thread parks, as the code under test
      // reads it: `Ready.load()` is wrapped whole, `inst_` is copied.
      const Expr *Tested = C.Tested ? C.Tested : C.E;
      wrap(Tested->getSourceRange(),
           fmt::format("::cta::instrument::checkState({}u, {}, ", Id,
                       addressOf(C.T.Obj)),
           ")");
      return;
    }
    std::string Fn;
    switch (C.Result) {
    case ResultKind::Iterator: {
      std::string End = C.T.Obj.ViaPointer ? "(" + C.T.Obj.Spelling + ")->end()"
                        : C.T.Obj.Spelling == "*this"
                            ? "this->end()"
                            : "(" + C.T.Obj.Spelling + ").end()";
      wrap(C.E->getSourceRange(),
           fmt::format("::cta::instrument::checkIterator({}u, {}, {}, ", Id,
                       Obj, Key),
           ", " + End + ")");
      return;
    }
    case ResultKind::Count:
      Fn = "checkCount";
      break;
    case ResultKind::PresentBool:
    case ResultKind::Value:
      Fn = "checkPresent";
      break;
    case ResultKind::AbsentBool:
      Fn = "checkAbsent";
      break;
    case ResultKind::Other:
      wrap(C.E->getSourceRange(),
           fmt::format("::cta::instrument::checkValue({}u, {}, {}, ", Id, Obj,
                       Key),
           ", true)");
      return;
    }
    wrap(C.E->getSourceRange(),
         fmt::format("::cta::instrument::{}({}u, {}, {}, ", Fn, Id, Obj, Key),
         ")");
  }

  void instrumentAct(const ActEvent &A) {
    unsigned Id = addSite(false, A.Range);
    wrap(A.E->getSourceRange(),
         fmt::format("(::cta::instrument::act({}u, {}, {}), ", Id,
                     addressOf(A.T.Obj), keyOf(A.T.Obj, A.Key)),
         ")");
  }

  //--- The driver -----------------------------------------------------------

  bool fixtureFor(llvm::StringRef ClassName) const {
    std::string Pattern = "CTA_FIXTURE[[:space:]]*\\([[:space:]]*(::)?" +
                          llvm::Regex::escape(ClassName) +
                          "[[:space:]]*\\)";
    llvm::Regex R(Pattern);
    for (const std::string &File : Opts.FixtureFiles) {
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

  DriverSpec driver(const FunctionDecl *FD) {
    DriverSpec D;
    const auto *MD = dyn_cast<CXXMethodDecl>(FD);
    bool Instance = MD && !MD->isStatic();
    std::string Class = MD ? typeText(Ctx.getRecordType(MD->getParent()), Ctx)
                           : std::string();
    std::string FnType = pointerType(FD, Instance ? Class : std::string());

    // Access: explicit instantiation may name private members.
    if (MD) {
      D.Decls = "template <class Tag, typename Tag::type M> struct Rob {\n"
                "  friend typename Tag::type get(Tag) { return M; }\n"
                "};\n"
                "struct TargetTag {\n"
                "  using type = " + FnType + ";\n"
                "  friend type get(TargetTag);\n"
                "};\n"
                "template struct Rob<TargetTag, &" + Class +
                "::" + FD->getNameAsString() + ">;\n"
                "inline TargetTag::type target() { return get(TargetTag{}); }\n";
    } else {
      std::string Name = stableQualifiedName(FD);
      D.Decls = "using TargetType = " + FnType + ";\n"
                "inline TargetType target() { return &::" + Name + "; }\n";
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
        D.SkipReason =
            "class '" + Plain +
            "' has no public default constructor; provide one with "
            "CTA_FIXTURE(" + Plain + ") in a file passed with --fixtures";
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
      bool SharedPtr = !Pointee.isNull() && !isCharPointer(T) &&
                       !Pointee.isConstQualified();
      if (SharedRef || SharedPtr) {
        QualType Obj = SharedRef ? T.getNonReferenceType().getUnqualifiedType()
                                 : Pointee.getUnqualifiedType();
        std::optional<std::string> V = valueFor(Obj, Why);
        if (!V) {
          D.SkipReason = "parameter '" + P->getNameAsString() + "': " + Why;
          return D;
        }
        D.Members += "  " + typeText(Obj, Ctx) + " Shared" + Name + " = " +
                     *V + ";\n";
        Args += std::string(I ? ", " : "") + (SharedPtr ? "&" : "") + "Shared" +
                Name;
        if (!Instance)
          D.FreshState = true;
        continue;
      }
      QualType ValueT = T.getNonReferenceType().getUnqualifiedType();
      if (!Pointee.isNull())
        ValueT = T; // const char *, const T *
      std::optional<std::string> V =
          !Pointee.isNull() && !isCharPointer(T)
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
      D.ThreadLocals += "    " + typeText(ValueT, Ctx) + " " + Name + " = " +
                        *V + ";\n";
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
    bool Acts = !Facts.Acts.empty();
    if (Acts && R->isPointerType() && !R->isFunctionPointerType())
      D.ResultExpr = "static_cast<const void *>(Result)";
    else if (Acts && R->isLValueReferenceType() &&
             !R.getNonReferenceType()->isFunctionType())
      D.ResultExpr = "static_cast<const void *>(std::addressof(Result))";
    else if (Acts && templateNameOf(R) == "std::shared_ptr")
      D.ResultExpr = "static_cast<const void *>(Result.get())";
    return D;
  }

  std::string driverCode(const DriverSpec &D) const {
    std::string S = "namespace cta_driver {\n" + D.Decls +
                    "struct Driver {\n" + D.Members +
                    "  static constexpr bool FreshState = " +
                    (D.FreshState ? "true" : "false") + ";\n"
                    "  Driver() {\n" + D.Init + "  }\n"
                    "  const void *call() {\n" + D.ThreadLocals;
    if (D.ResultExpr.empty())
      S += "    " + D.Call + ";\n    return nullptr;\n";
    else
      S += "    auto &&Result = " + D.Call + ";\n    return " + D.ResultExpr +
           ";\n";
    S += "  }\n};\n} // namespace cta_driver\n";
    return S;
  }

  std::string includeTU(const std::string &Path) const {
    std::string S;
    if (HasMain)
      S += "#define main cta_user_main\n";
    S += "#include " + cString(Path) + "\n";
    if (HasMain)
      S += "#undef main\n";
    for (const std::string &Fx : Opts.FixtureFiles)
      S += "#include " + cString(Fx) + "\n";
    return S;
  }

  std::string harness(const DriverSpec &D) const {
    std::string S =
        "// Generated by cta confirm: drives " + Plan.TargetName +
        " from several threads, one round per process.\n"
        "#include <cta/instrument.hpp>\n" +
        includeTU("cta_instrumented.cpp") +
        "#include <cta/rt.h>\n#include <cstdio>\n#include <cstdlib>\n"
        "#include <cstring>\n#include <memory>\n#include <thread>\n"
        "#include <vector>\n" +
        driverCode(D) +
        "\nint main(int argc, char **argv) {\n"
        "  unsigned long long Seed = 1;\n  unsigned Threads = 4, Flags = 3;\n"
        "  int ReportFd = 1;\n"
        "  for (int I = 1; I + 1 < argc; I += 2) {\n"
        "    if (!std::strcmp(argv[I], \"--seed\")) Seed = std::strtoull(argv[I + 1], nullptr, 10);\n"
        "    else if (!std::strcmp(argv[I], \"--threads\")) Threads = std::strtoul(argv[I + 1], nullptr, 10);\n"
        "    else if (!std::strcmp(argv[I], \"--flags\")) Flags = std::strtoul(argv[I + 1], nullptr, 10);\n"
        "    else if (!std::strcmp(argv[I], \"--report-fd\")) ReportFd = std::atoi(argv[I + 1]);\n"
        "  }\n"
        "  if (Threads < 2) Threads = 2;\n  if (Threads > 64) Threads = 64;\n";
    for (const SiteInfo &Site : Plan.Sites)
      S += fmt::format("  __cta_site({}u, {}, {}, {}u, {});\n", Site.Id,
                       Site.IsCheck ? (Site.Locked ? "CTA_KIND_CHECK | CTA_SITE_LOCKED"
                                                   : "CTA_KIND_CHECK")
                                    : "CTA_KIND_ACT",
                       cString(Site.File), Site.Line, cString(Site.Text));
    S += "  __cta_set_target(" + cString(Plan.TargetName) + ");\n"
         "  cta_driver::Driver D;\n"
         "  __cta_round_begin(Seed, Threads, Flags);\n"
         "  std::vector<std::thread> Pool;\n"
         "  for (unsigned T = 0; T < Threads; ++T)\n"
         "    Pool.emplace_back([&D, T] {\n"
         "      __cta_thread_enter(T + 1);\n"
         "      try {\n"
         "        const void *R = D.call();\n";
    if (!D.ResultExpr.empty())
      S += "        __cta_result(&D, 0, R);\n";
    else
      S += "        (void)R;\n";
    S += "      } catch (...) {\n      }\n"
         "      __cta_thread_exit();\n"
         "    });\n"
         "  for (std::thread &T : Pool) T.join();\n"
         "  __cta_round_end();\n"
         "  int Rc = __cta_write_report(ReportFd);\n"
         "  std::fflush(nullptr);\n"
         "  std::_Exit(Rc == 0 ? 0 : 3);\n"
         "}\n";
    return S;
  }

  std::string regressionTest(const DriverSpec &D) const {
    std::string Name = identifier(Plan.TargetName);
    std::string S =
        "// Generated by cta confirm: regression test for " + Plan.TargetName +
        " [" + ruleName(F.Rule).str() + "].\n"
        "// It drives the function from several threads at once, without "
        "cta's\n// instrumentation, and asserts the invariant the race broke.\n" +
        includeTU(Plan.OriginalFile) +
        "#include <gtest/gtest.h>\n#include <atomic>\n#include <memory>\n"
        "#include <thread>\n#include <vector>\n" +
        driverCode(D) +
        "\nTEST(CtaRace, " + Name + ") {\n"
        "  constexpr int Threads = 8;\n"
        "  const int Rounds = cta_driver::Driver::FreshState ? 200 : 1;\n"
        "  for (int Round = 0; Round < Rounds; ++Round) {\n"
        "    cta_driver::Driver D;\n"
        "    std::atomic<int> Ready{0};\n    std::atomic<bool> Go{false};\n"
        "    std::vector<const void *> Results(Threads);\n"
        "    std::vector<std::thread> Pool;\n"
        "    for (int T = 0; T < Threads; ++T)\n"
        "      Pool.emplace_back([&, T] {\n"
        "        ++Ready;\n"
        "        while (!Go.load()) std::this_thread::yield();\n"
        "        try { Results[T] = D.call(); } catch (...) {}\n"
        "      });\n"
        "    while (Ready.load() < Threads) std::this_thread::yield();\n"
        "    Go = true;\n"
        "    for (std::thread &T : Pool) T.join();\n";
    if (!D.ResultExpr.empty())
      S += "    for (int T = 1; T < Threads; ++T)\n"
           "      ASSERT_EQ(Results[T], Results[0])\n"
           "          << \"concurrent calls with equal arguments returned "
           "different objects (round \" << Round << \")\";\n";
    S += "  }\n}\n";
    return S;
  }

  ASTContext &Ctx;
  const SourceManager &SM;
  const Finding &F;
  const PlanOptions &Opts;
  HarnessPlan &Plan;
  FunctionFacts Facts;
  Rewriter Rewrite;
  llvm::StringSet<> OneBucket;
  llvm::DenseSet<unsigned> Windows;
  bool HasMain = false;
};

class PlanConsumer : public ASTConsumer {
public:
  PlanConsumer(CompilerInstance &CI, const Finding &F, const PlanOptions &Opts,
               HarnessPlan &Plan, bool &Ran)
      : CI(CI), F(F), Opts(Opts), Plan(Plan), Ran(Ran) {}
  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (CI.getDiagnostics().hasErrorOccurred())
      return;
    Ran = true;
    Planner(Ctx, F, Opts, Plan).run();
  }

private:
  CompilerInstance &CI;
  const Finding &F;
  const PlanOptions &Opts;
  HarnessPlan &Plan;
  bool &Ran;
};

class PlanAction : public ASTFrontendAction {
public:
  PlanAction(const Finding &F, const PlanOptions &Opts, HarnessPlan &Plan,
             bool &Ran)
      : F(F), Opts(Opts), Plan(Plan), Ran(Ran) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    return std::make_unique<PlanConsumer>(CI, F, Opts, Plan, Ran);
  }

private:
  const Finding &F;
  const PlanOptions &Opts;
  HarnessPlan &Plan;
  bool &Ran;
};

} // namespace

Finding functionTarget(llvm::StringRef QualifiedName, llvm::StringRef File) {
  Finding F;
  F.Function.QualifiedName = QualifiedName.str();
  llvm::SmallString<256> Abs(File);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  F.Function.Location.File = std::string(Abs.str());
  F.Check.File = F.Function.Location.File;
  return F;
}

llvm::Expected<HarnessPlan> planHarness(const tooling::CompilationDatabase &DB,
                                        const Finding &F,
                                        const PlanOptions &Opts) {
  HarnessPlan Plan;
  std::string File = F.Function.Location.File.empty()
                         ? F.Check.File
                         : F.Function.Location.File;
  Plan.OriginalFile = File;
  Plan.TargetName = F.Function.QualifiedName;
  std::vector<tooling::CompileCommand> Cmds = DB.getCompileCommands(File);
  if (Cmds.empty()) {
    Plan.SkipReason = fmt::format(
        "'{}' is not a translation unit of the compilation database "
        "(functions defined in headers are not instrumented)",
        File);
    return Plan;
  }
  Plan.Directory = Cmds.front().Directory;
  Plan.CompileArgs = reusableArgs(Cmds.front());

  if (llvm::Error E = checkCompileCommands(DB, File))
    return std::move(E);
  std::string Diags;
  llvm::raw_string_ostream DiagOS(Diags);
  bool Ran = false;
  bool Parsed = parseTranslationUnit(
      DB, File,
      [&]() -> std::unique_ptr<FrontendAction> {
        return std::make_unique<PlanAction>(F, Opts, Plan, Ran);
      },
      DiagOS, /*Color=*/false);
  DiagOS.flush();
  if (!Parsed || !Ran) {
    llvm::StringRef First = llvm::StringRef(Diags).split('\n').first;
    return llvm::createStringError(
        std::errc::invalid_argument, "'%s' does not compile%s%s", File.c_str(),
        First.empty() ? "" : ": ", First.str().c_str());
  }
  // A function named on the command line that is not there is a usage
  // error; a finding whose function moved since the SARIF was written is a
  // skip.
  if (!Plan.TargetFound && F.Function.USR.empty())
    return llvm::createStringError(std::errc::invalid_argument, "%s",
                                   Plan.SkipReason.c_str());
  return Plan;
}

} // namespace cta
