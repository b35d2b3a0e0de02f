//===- Instrument.cpp - Make a TU's checks and acts report to the runtime -===//
//
/// \file
/// The instrumentation step of `cta confirm`: a copy of the translation unit
/// in which every check and act of the function reports to the runtime
/// (docs/runtime.md). Rewrites are inline (no line is added or removed) and
/// the copy starts with `#line 1 "<original>"`, so compiler diagnostics and
/// ThreadSanitizer stacks point at the user's own lines. A function defined
/// in a header the TU includes is instrumented in a copy of that header,
/// which the build puts in the header's place.
//
//===----------------------------------------------------------------------===//

#include "Instrument.h"
#include "Harness.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/Stmt.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "clang/Rewrite/Core/Rewriter.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"
#include <fmt/format.h>

using namespace clang;

namespace cta {
namespace {

class Instrumenter {
public:
  Instrumenter(ASTContext &Ctx, const FunctionFacts &Facts,
               const Finding *Named, FileID Definition, HarnessPlan &Plan,
               SizeBound &Bound)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Facts(Facts), Named(Named),
        Definition(Definition), Plan(Plan), Bound(Bound) {}

  void run() {
    Rewrite.setSourceMgr(Ctx.getSourceManager(), Ctx.getLangOpts());
    selectSites();
    if (!Plan.SkipReason.empty())
      return;
    for (const CheckEvent *C : Checks)
      if (C->Key.K != KeyRef::Exact)
        OneBucket.insert(C->T.Obj.Id);
    for (const ActEvent *A : Acts)
      if (A->Key.K != KeyRef::Exact)
        OneBucket.insert(A->T.Obj.Id);
    // The bound is known before any act is rewritten: the acts on its
    // container report the size they leave.
    for (const CheckEvent *C : Checks) {
      if (C->Result != ResultKind::Size || C->S ||
          C->T.State != StateKind::None || !Bound.Object.empty())
        continue;
      if (const BinaryOperator *BO = boundComparison(*C)) {
        Bound.Object = C->T.Obj.Id;
        Bound.Where = where(C->E->getBeginLoc());
        Bound.Extra = boundFor(*C, BO, Bound.Bound);
      }
    }

    // Innermost expressions first, so nested wrappers nest correctly.
    struct Item {
      unsigned Size;
      const CheckEvent *C = nullptr;
      const ActEvent *A = nullptr;
      const Site *Named = nullptr; ///< A site only the Finding knows.
      const Expr *Work = nullptr;  ///< Work after A that its check guards.
      size_t Order = 0;
    };
    std::vector<Item> Items;
    auto SizeOf = [&](SourceRange R) {
      R = written(R);
      return SM.getFileOffset(R.getEnd()) - SM.getFileOffset(R.getBegin());
    };
    for (const CheckEvent *C : Checks)
      Items.push_back({SizeOf(rangeOf(*C)), C, nullptr, nullptr});
    for (const ActEvent *A : Acts) {
      Items.push_back({SizeOf(A->E->getSourceRange()), nullptr, A, nullptr});
      if (const Expr *W = guardedWork(*A))
        Items.push_back({SizeOf(W->getSourceRange()), nullptr, A, nullptr, W});
    }
    for (const Site *S : NamedOnly)
      Items.push_back({unsigned(S->Text.size()), nullptr, nullptr, S});
    for (size_t I = 0; I < Items.size(); ++I)
      Items[I].Order = I;
    llvm::sort(Items, [](const Item &X, const Item &Y) {
      return std::tie(X.Size, X.Order) < std::tie(Y.Size, Y.Order);
    });
    for (const Item &I : Items) {
      if (I.C)
        instrumentCheck(*I.C);
      else if (I.Work)
        instrumentWork(*I.A, I.Work);
      else if (I.A)
        instrumentAct(*I.A);
      else
        instrumentNamed(*I.Named);
    }
    Plan.InstrumentedSource = copyOf(SM.getMainFileID(), Plan.OriginalFile);
    if (Definition != SM.getMainFileID())
      Plan.InstrumentedHeader = copyOf(Definition, Plan.DefinitionFile);
  }

  /// `pool_.submit([this] {...})` becomes
  /// `::cta::instrument::runHere([this] {...})`: the task runs in the
  /// calling thread. The lines the call spans stay as many.
  void runHere(const CallExpr *CE, const LambdaExpr *Task) {
    SourceRange Call = written(CE->getSourceRange());
    SourceRange Lambda = written(Task->getSourceRange());
    if (!rewritable(Call) || !rewritable(Lambda))
      return skip("the call that hands the lambda to the pool is not "
                  "written in '" +
                  Plan.DefinitionFile + "'");
    SourceLocation AfterLambda =
        Lexer::getLocForEndOfToken(Lambda.getEnd(), 0, SM, Ctx.getLangOpts());
    unsigned B = SM.getFileOffset(Call.getBegin());
    unsigned L = SM.getFileOffset(Lambda.getBegin());
    unsigned A = SM.getFileOffset(AfterLambda);
    unsigned E = SM.getFileOffset(Call.getEnd()) + 1; // The `)`.
    llvm::StringRef Text = SM.getBufferData(Definition);
    auto Lines = [&](unsigned From, unsigned To) {
      return std::string(Text.slice(From, To).count('\n'), '\n');
    };
    Rewrite.ReplaceText(Call.getBegin(), L - B,
                        "::cta::instrument::runHere(" + Lines(B, L));
    Rewrite.ReplaceText(AfterLambda, E - A, ")" + Lines(A, E));
    Plan.InstrumentedSource = copyOf(SM.getMainFileID(), Plan.OriginalFile);
    if (Definition != SM.getMainFileID())
      Plan.InstrumentedHeader = copyOf(Definition, Plan.DefinitionFile);
  }

private:
  /// The text of \p FID with the rewrites, under the prologue that makes it
  /// report and keeps its line numbers as \p Name's.
  std::string copyOf(FileID FID, llvm::StringRef Name) const {
    const RewriteBuffer *Buf = Rewrite.getRewriteBufferFor(FID);
    std::string Body = Buf ? std::string(Buf->begin(), Buf->end())
                           : SM.getBufferData(FID).str();
    return "// Generated by cta confirm from " + Name.str() +
           "; do not edit.\n#include <cta/instrument.hpp>\n#line 1 " +
           cString(Name) + "\n" + Body;
  }

  SourceRange rangeOf(const CheckEvent &C) const {
    return C.S ? C.S->getSourceRange() : C.E->getSourceRange();
  }

  bool instrumentable(SourceRange R, const ObjectRef &O) const {
    return rewritable(R) && O.known();
  }

  /// The sites of the plan. For a finding, the check and the act it names
  /// (docs/architecture.md): the walker's event at each, or when the models
  /// of this run do not see one there (a model of another config, a lock its
  /// callers hold), the site as the Finding describes it. For --function,
  /// every check and act the walker sees.
  void selectSites() {
    if (!Named) {
      for (const CheckEvent &C : Facts.Checks)
        if (instrumentable(rangeOf(C), C.T.Obj))
          Checks.push_back(&C);
      for (const ActEvent &A : Facts.Acts)
        if (instrumentable(A.E->getSourceRange(), A.T.Obj))
          Acts.push_back(&A);
      return;
    }
    SourceLocation CheckAt = locationOf(Named->Check);
    SourceLocation ActAt = locationOf(Named->Act);
    if (CheckAt.isInvalid() || ActAt.isInvalid())
      return skip("the finding's check or act is not in '" +
                  Plan.DefinitionFile + "' as the finding describes it");
    if (const CheckEvent *C =
            smallestAt(Facts.Checks, CheckAt, Named->Check.Text.size()))
      Checks.push_back(C);
    else
      NamedOnly.push_back(&Named->Check);
    if (const ActEvent *A =
            smallestAt(Facts.Acts, ActAt, Named->Act.Text.size()))
      Acts.push_back(A);
    else
      NamedOnly.push_back(&Named->Act);
    // A site the Finding alone describes has no key the walker resolved:
    // every site then shares one bucket, so checks still pair with acts.
    AllOneBucket = !NamedOnly.empty();
  }

  void skip(const std::string &Why) { Plan.SkipReason = Why; }

  /// "cache.cpp:12" for \p Loc.
  std::string where(SourceLocation Loc) const {
    PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(Loc));
    return fmt::format("{}:{}",
                       P.isValid()
                           ? llvm::sys::path::filename(P.getFilename()).str()
                           : std::string("?"),
                       P.isValid() ? P.getLine() : 0u);
  }

  /// The comparison `q.size() >= cap` (either way round) that a size check
  /// is an operand of, or null.
  const BinaryOperator *boundComparison(const CheckEvent &C) const {
    const Expr *E = C.E;
    for (int Depth = 0; Depth < 4; ++Depth) {
      DynTypedNodeList Parents = Ctx.getParents(*E);
      if (Parents.size() != 1)
        return nullptr;
      if (const auto *BO = Parents[0].get<BinaryOperator>())
        return BO->isComparisonOp() && rewritable(BO->getSourceRange())
                   ? BO
                   : nullptr;
      const auto *P = Parents[0].get<Expr>();
      if (!P || !(isa<ImplicitCastExpr>(P) || isa<ParenExpr>(P)))
        return nullptr;
      E = P;
    }
    return nullptr;
  }

  /// The bound of \p BO (its operand other than the size) into \p B; how
  /// many elements beyond it the bound admits.
  static unsigned boundFor(const CheckEvent &C, const BinaryOperator *BO,
                           const Expr *&B) {
    bool SizeLeft = BO->getLHS()->IgnoreParenImpCasts() == C.E->IgnoreParens();
    B = SizeLeft ? BO->getRHS() : BO->getLHS();
    BinaryOperatorKind Op = BO->getOpcode();
    if (!SizeLeft)
      Op = BinaryOperator::reverseComparisonOp(Op);
    return Op == BO_GT || Op == BO_LE ? 1 : 0;
  }

  /// Does \p BO, `size OP bound`, hold when there is room?
  static bool roomWhenTrue(const CheckEvent &C, const BinaryOperator *BO) {
    bool SizeLeft = BO->getLHS()->IgnoreParenImpCasts() == C.E->IgnoreParens();
    BinaryOperatorKind Op = BO->getOpcode();
    if (!SizeLeft)
      Op = BinaryOperator::reverseComparisonOp(Op);
    return Op == BO_LT || Op == BO_LE || Op == BO_NE;
  }

  /// Where \p S starts in the definition's file, when the text there is still
  /// the text the finding recorded.
  SourceLocation locationOf(const Site &S) const {
    if (!S.Line || !S.Column ||
        llvm::sys::path::filename(S.File) !=
            llvm::sys::path::filename(Plan.DefinitionFile))
      return SourceLocation();
    SourceLocation B = SM.translateLineCol(Definition, S.Line, S.Column);
    if (B.isInvalid() || S.Text.empty())
      return B;
    llvm::StringRef Buffer = SM.getBufferData(Definition);
    unsigned Off = SM.getFileOffset(B);
    if (Buffer.substr(Off, S.Text.size()) != S.Text)
      return SourceLocation();
    return B;
  }

  /// The smallest instrumentable event whose range holds \p Loc, or lies
  /// within the \p Size characters from it (the condition of a site the
  /// finding spells as its macro, `assert(p == nullptr)`).
  template <class Event>
  const Event *smallestAt(const std::vector<Event> &Events, SourceLocation Loc,
                          unsigned Size) const {
    const Event *Best = nullptr;
    unsigned BestSize = ~0u;
    unsigned At = SM.getFileOffset(Loc);
    for (const Event &E : Events) {
      SourceRange R = rangeOfEvent(E);
      if (!instrumentable(R, E.T.Obj))
        continue;
      R = written(R);
      unsigned B = SM.getFileOffset(R.getBegin());
      unsigned End = SM.getFileOffset(R.getEnd());
      bool Holds = B <= At && At <= End, Within = At <= B && End < At + Size;
      if ((Holds || Within) && End - B < BestSize) {
        Best = &E;
        BestSize = End - B;
      }
    }
    return Best;
  }
  SourceRange rangeOfEvent(const CheckEvent &C) const { return rangeOf(C); }
  SourceRange rangeOfEvent(const ActEvent &A) const {
    return A.E->getSourceRange();
  }

  /// Instruments a check or act only the Finding describes: its object and
  /// key as spelled at the act, its meaning from the API the Finding names.
  void instrumentNamed(const Site &S) {
    bool IsCheck = &S == &Named->Check;
    SourceLocation B = locationOf(S);
    SourceLocation E =
        S.Text.empty() ? SourceLocation() : B.getLocWithOffset(S.Text.size());
    if (B.isInvalid() || E.isInvalid() || Named->Object.empty())
      return skip(fmt::format("the {} at {}:{} cannot be instrumented without "
                              "the model that found it; pass the --config "
                              "the finding was made with",
                              IsCheck ? "check" : "act",
                              llvm::sys::path::filename(S.File).str(), S.Line));
    std::string Obj = "::cta::instrument::addressOf(" + Named->Object + ")";
    std::string Before, After = ")";
    unsigned Id = addSite(IsCheck, SourceRange(B, E.getLocWithOffset(-1)),
                          IsCheck && parkAfterSectionAround(B));
    if (!IsCheck) {
      Before = fmt::format("(::cta::instrument::act({}u, {}, 0u), ", Id, Obj);
    } else {
      llvm::StringRef Api = Named->CheckApi;
      if (Api == "size")
        return skip(fmt::format(
            "the check at {} tests a size bound the models of this run do "
            "not see; pass the --config the finding was made with",
            where(B)));
      if (Api == "find")
        After = ", (" + Named->Object + ").end())";
      const char *Fn = Api == "find"       ? "checkIterator"
                       : Api == "count"    ? "checkCount"
                       : Api == "contains" ? "checkPresent"
                                           : nullptr;
      if (!Fn)
        return skip(fmt::format("the check at {}:{} ({}) cannot be "
                                "instrumented without the model that found "
                                "it; pass the --config the finding was made "
                                "with",
                                llvm::sys::path::filename(S.File).str(), S.Line,
                                Named->CheckApi));
      Before = fmt::format("::cta::instrument::{}({}u, {}, 0u, ", Fn, Id, Obj);
    }
    Rewrite.InsertTextBefore(B, Before);
    Rewrite.InsertText(E, After, /*InsertAfter=*/true);
  }

  /// A check only the Finding describes, inside a block that is one of the
  /// function's critical sections: park where the innermost such block ends.
  bool parkAfterSectionAround(SourceLocation Loc) {
    if (Named->Locks.AtCheck.empty())
      return false;
    const CompoundStmt *Best = nullptr;
    unsigned At = SM.getFileOffset(Loc), BestSize = ~0u;
    for (const auto &[Id, End] : Facts.SectionEnds) {
      const auto *CS = dyn_cast<CompoundStmt>(End);
      if (!CS || !rewritable(CS->getSourceRange()))
        continue;
      unsigned B = SM.getFileOffset(CS->getBeginLoc());
      unsigned E = SM.getFileOffset(CS->getEndLoc());
      if (B <= At && At <= E && E - B < BestSize) {
        Best = CS;
        BestSize = E - B;
      }
    }
    return Best && windowAfter(Best);
  }

  /// Where \p L is written: a macro argument (`assert(p == nullptr)`) is
  /// rewritten where the user wrote it.
  SourceLocation written(SourceLocation L) const {
    return L.isMacroID() && SM.isMacroArgExpansion(L) ? SM.getSpellingLoc(L)
                                                      : L;
  }
  SourceRange written(SourceRange R) const {
    return SourceRange(written(R.getBegin()), written(R.getEnd()));
  }

  bool rewritable(SourceRange R) const {
    R = written(R);
    return R.isValid() && R.getBegin().isFileID() && R.getEnd().isFileID() &&
           SM.getFileID(R.getEnd()) == Definition &&
           SM.getFileOffset(R.getBegin()) <= SM.getFileOffset(R.getEnd()) &&
           SM.getFileID(R.getBegin()) == Definition;
  }

  std::string sourceText(SourceRange R) const {
    return std::string(Lexer::getSourceText(
        CharSourceRange::getTokenRange(written(R)), SM, Ctx.getLangOpts()));
  }

  unsigned addSite(bool IsCheck, SourceRange R, bool Locked = false) {
    SiteInfo S;
    S.Id = Plan.Sites.size() + 1;
    S.IsCheck = IsCheck;
    S.Locked = Locked;
    S.File = Plan.DefinitionFile;
    S.Line = SM.getPresumedLineNumber(R.getBegin());
    std::string Text = sourceText(R);
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
    if (AllOneBucket || K.K != KeyRef::Exact ||
        K.Id.find('(') != std::string::npos || OneBucket.count(O.Id))
      return "0u";
    return "::cta::instrument::keyHash(" + K.Spelling + ")";
  }

  void wrap(SourceRange R, const std::string &Before,
            const std::string &After) {
    R = written(R);
    Rewrite.InsertTextBefore(R.getBegin(), Before);
    Rewrite.InsertTextAfterToken(R.getEnd(), After);
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
      if (It != Facts.SectionEnds.end() && windowAfter(It->second))
        Any = true;
    }
    return Any;
  }

  /// Makes the thread take its deferred park right after \p End, the end
  /// of a critical section; false when no statement can follow it there.
  bool windowAfter(const Stmt *End) {
    SourceLocation After;
    if (const auto *CS = dyn_cast<CompoundStmt>(End)) {
      // Only a block that is itself a statement of a block can be
      // followed by one more statement.
      if (!Facts.Positions.count(CS))
        return false;
      After = CS->getRBracLoc();
    } else {
      std::optional<Token> Semi =
          Lexer::findNextToken(End->getEndLoc(), SM, Ctx.getLangOpts());
      if (!Semi || !Semi->is(tok::semi))
        return false;
      After = Semi->getLocation();
    }
    if (!After.isFileID() || SM.getFileID(After) != Definition)
      return false;
    if (Windows.insert(After.getRawEncoding()).second)
      Rewrite.InsertTextAfterToken(After, " ::cta::instrument::window();");
    return true;
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
    // A check before a removal lets the act follow when the key is there:
    // the `take::` hooks say "absent" for "present" (docs/runtime.md).
    std::string Ns = guardsRemoval(C) ? "take::" : "";
    if (C.T.State != StateKind::None) {
      // The value is read before the thread parks, as the code under test
      // reads it: `Ready.load()` is wrapped whole, `inst_` is copied.
      const Expr *Tested = C.Tested ? C.Tested : C.E;
      wrap(Tested->getSourceRange(),
           fmt::format("::cta::instrument::{}checkState({}u, {}, ", Ns, Id,
                       addressOf(C.T.Obj)),
           ")");
      return;
    }
    std::string Fn;
    if (C.Result == ResultKind::Size) {
      // Room under the bound is "absent": the act may follow.
      const BinaryOperator *BO = boundComparison(C);
      if (!BO)
        return skip(fmt::format("the size at {} is not compared with a bound "
                                "in one comparison; confirm cannot tell when "
                                "the container is full",
                                where(C.E->getBeginLoc())));
      return wrap(
          BO->getSourceRange(),
          fmt::format("::cta::instrument::{}({}u, {}, {}, ",
                      roomWhenTrue(C, BO) ? "checkAbsent" : "checkPresent", Id,
                      Obj, Key),
          ")");
    }
    switch (C.Result) {
    case ResultKind::Iterator: {
      std::string End = C.T.Obj.ViaPointer ? "(" + C.T.Obj.Spelling + ")->end()"
                        : C.T.Obj.Spelling == "*this"
                            ? "this->end()"
                            : "(" + C.T.Obj.Spelling + ").end()";
      wrap(C.E->getSourceRange(),
           fmt::format("::cta::instrument::{}checkIterator({}u, {}, {}, ", Ns,
                       Id, Obj, Key),
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
    case ResultKind::Size: // Skipped above.
    case ResultKind::Other:
      wrap(C.E->getSourceRange(),
           fmt::format("::cta::instrument::checkValue({}u, {}, {}, ", Id, Obj,
                       Key),
           ", true)");
      return;
    }
    wrap(C.E->getSourceRange(),
         fmt::format("::cta::instrument::{}{}({}u, {}, {}, ", Ns, Fn, Id, Obj,
                     Key),
         ")");
  }

  /// Are the acts on the check's object removals or decrements, and only
  /// those?
  bool guardsRemoval(const CheckEvent &C) const {
    bool Any = false;
    for (const ActEvent *A : Acts) {
      if (A->T.Obj.Id != C.T.Obj.Id)
        continue;
      if (!removes(*A))
        return false;
      Any = true;
    }
    return Any;
  }

  /// The object an act changes, as an lvalue expression.
  static std::string objectOf(const ObjectRef &O) {
    if (O.Spelling == "*this")
      return "(*this)";
    if (O.ViaPointer)
      return "(*(" + O.Spelling + "))";
    return "(" + O.Spelling + ")";
  }

  /// An act counts only when it changed the state (docs/runtime.md). A
  /// store (`inst_ = new T`, `flag.store(true)`, `m[k] = v`) always
  /// overwrites, as does a slot modified in place (`++m[k]`, `m[k] += n`); an
  /// insert, erase, exchange or increment reports only when its result or the
  /// object's fingerprint says it did something.
  void instrumentAct(const ActEvent &A) {
    unsigned Id = addSite(false, A.Range);
    if ((A.Value && !A.ReportsInsertion) || A.ModifiesSlot)
      return reportAct(Id, A.E, A);
    std::string Effect = fmt::format(
        "::cta::instrument::Effect({}u, {}, {}, {})", Id, addressOf(A.T.Obj),
        keyOf(A.T.Obj, A.Key), objectOf(A.T.Obj));
    if (!Bound.Object.empty() && A.T.Obj.Id == Bound.Object)
      Effect += ".bounded()";
    QualType R = A.E->getType();
    if (R->isVoidType())
      return wrap(A.E->getSourceRange(), "(" + Effect + ", ", ")");
    // The fingerprint is read before the act, so a peer's act between the
    // two reads would pass for this one's: atomics decide by their result.
    llvm::StringRef Api = A.Api;
    if (A.T.State != StateKind::None) {
      if (Api == "exchange" && A.Value && !A.Value->HasSideEffects(Ctx))
        return wrap(A.E->getSourceRange(), Effect + ".doneExchange(",
                    ", " + sourceText(A.Value->getSourceRange()) + ")");
      if (Api.starts_with("fetch_add") || Api.starts_with("fetch_sub") ||
          Api == "operator++" || Api == "operator--" || Api == "operator+=" ||
          Api == "operator-=")
        return wrap(A.E->getSourceRange(), Effect + ".doneChanging(", ")");
    }
    bool BoolSaysEffect = A.T.State == StateKind::None && R->isBooleanType();
    wrap(A.E->getSourceRange(),
         Effect + (BoolSaysEffect ? ".doneBool(" : ".done("), ")");
  }

  /// An act that may change nothing (an insert of a key already there) is
  /// the insert of an insert-once: the work after it, which its check was
  /// meant to run once per key, is then what counts (cta-set-insert-once).
  /// It is the first statement after the act, in its block or in the blocks
  /// around it, that is a call or a change of anything but a plain local;
  /// a `return` or any other statement ends the search.
  const Expr *guardedWork(const ActEvent &A) const {
    if (!A.WholeStmt || (A.Value && !A.ReportsInsertion) ||
        A.T.State != StateKind::None)
      return nullptr;
    const Stmt *S = A.WholeStmt;
    for (auto It = Facts.Positions.find(S); It != Facts.Positions.end();
         It = Facts.Positions.find(S)) {
      const CompoundStmt *Block = It->second.Parent;
      for (unsigned I = It->second.Index + 1; I < Block->size(); ++I) {
        const Stmt *Next = Block->body_begin()[I];
        if (isa<DeclStmt>(Next) || isa<NullStmt>(Next))
          continue;
        const auto *E = dyn_cast<Expr>(Next);
        return E && isWork(E, A.T.Obj) && rewritable(E->getSourceRange())
                   ? E
                   : nullptr;
      }
      S = Block;
    }
    return nullptr;
  }

  bool isWork(const Expr *E, const ObjectRef &Obj) const {
    E = E->IgnoreParenImpCasts();
    if (const auto *EWC = dyn_cast<ExprWithCleanups>(E))
      E = EWC->getSubExpr()->IgnoreParenImpCasts();
    auto PlainLocal = [](const Expr *X) {
      const auto *DRE = dyn_cast<DeclRefExpr>(X->IgnoreParenImpCasts());
      const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
      return VD && VD->hasLocalStorage() && !VD->getType()->isReferenceType();
    };
    if (const auto *UO = dyn_cast<UnaryOperator>(E))
      return UO->isIncrementDecrementOp() && !PlainLocal(UO->getSubExpr());
    if (const auto *BO = dyn_cast<BinaryOperator>(E))
      return BO->isAssignmentOp() && !PlainLocal(BO->getLHS());
    const auto *CE = dyn_cast<CallExpr>(E);
    if (!CE)
      return false;
    if (const FunctionDecl *FD = CE->getDirectCallee()) {
      if (FD->isConstexpr())
        return false;
      llvm::StringRef Name =
          FD->getDeclName().isIdentifier() ? FD->getName() : "";
      if (Name == "lock" || Name == "unlock")
        return false;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE)) {
      const Expr *Base = MC->getImplicitObjectArgument();
      return sourceText(Base->getSourceRange()) != Obj.Spelling;
    }
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE)) {
      OverloadedOperatorKind K = OC->getOperator();
      if (K != OO_PlusPlus && K != OO_MinusMinus && K != OO_PlusEqual &&
          K != OO_MinusEqual && K != OO_Equal && K != OO_LessLess &&
          K != OO_Call)
        return false;
      return !PlainLocal(OC->getArg(0));
    }
    return true;
  }

  /// The work an insert-once guards reports as an act of the insert's
  /// object and key: two threads that saw "absent" and both did the work.
  void instrumentWork(const ActEvent &A, const Expr *Work) {
    reportAct(addSite(false, Work->getSourceRange()), Work, A);
  }

  /// `(act(...), E)`: \p E reports as an act of \p A's object and key.
  void reportAct(unsigned Id, const Expr *E, const ActEvent &A) {
    wrap(E->getSourceRange(),
         fmt::format("(::cta::instrument::act({}u, {}, {}), ", Id,
                     addressOf(A.T.Obj), keyOf(A.T.Obj, A.Key)),
         ")");
  }

  ASTContext &Ctx;
  const SourceManager &SM;
  const FunctionFacts &Facts;
  const Finding *Named; ///< The finding whose sites these are, or null.
  FileID Definition;    ///< The file the function is defined in.
  HarnessPlan &Plan;
  SizeBound &Bound;
  std::vector<const CheckEvent *> Checks;
  std::vector<const ActEvent *> Acts;
  std::vector<const Site *> NamedOnly; ///< Sites no event of Facts is at.
  bool AllOneBucket = false;
  Rewriter Rewrite;
  llvm::StringSet<> OneBucket;
  llvm::DenseSet<unsigned> Windows;
};

} // namespace

bool removes(const ActEvent &A) {
  llvm::StringRef Api = A.Api;
  if (A.T.State == StateKind::None)
    return A.R == Role::Remove;
  return Api == "fetch_sub" || Api == "operator--" || Api == "operator-=";
}

void instrumentFunction(ASTContext &Ctx, const FunctionFacts &Facts,
                        const Finding *Named, FileID Definition,
                        HarnessPlan &Plan, SizeBound &Bound,
                        const CallExpr *HandOff, const LambdaExpr *Task) {
  Instrumenter I(Ctx, Facts, Named, Definition, Plan, Bound);
  I.run();
  if (HandOff && Task && Plan.SkipReason.empty())
    I.runHere(HandOff, Task);
}

} // namespace cta
