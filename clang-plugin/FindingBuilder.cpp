//===- FindingBuilder.cpp -------------------------------------------------===//

#include "FindingBuilder.h"
#include "ContainerModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace cta {

Site FindingBuilder::site(SourceRange R) const {
  Site S;
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation B = SM.getExpansionLoc(R.getBegin());
  SourceLocation E = SM.getExpansionRange(R.getEnd()).getEnd();
  S.Loc = B;
  PresumedLoc PB = SM.getPresumedLoc(B);
  if (PB.isInvalid())
    return S;
  S.File = PB.getFilename();
  if (!S.File.empty() && !llvm::sys::path::is_absolute(S.File)) {
    llvm::SmallString<256> Abs(S.File);
    SM.getFileManager().makeAbsolutePath(Abs);
    if (llvm::sys::path::is_absolute(Abs))
      S.File = std::string(Abs.str());
  }
  S.Line = PB.getLine();
  S.Column = PB.getColumn();
  S.Offset = SM.getFileOffset(B);
  SourceLocation EndTok =
      Lexer::getLocForEndOfToken(E, 0, SM, Ctx.getLangOpts());
  PresumedLoc PE = SM.getPresumedLoc(EndTok.isValid() ? EndTok : E);
  if (PE.isValid()) {
    S.EndLine = PE.getLine();
    S.EndColumn = PE.getColumn();
  }
  S.Text = text(SourceRange(B, E));
  return S;
}

std::string FindingBuilder::text(SourceRange R) const {
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange CR = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(R), SM, Ctx.getLangOpts());
  if (CR.isInvalid())
    return {};
  bool Invalid = false;
  llvm::StringRef T = Lexer::getSourceText(CR, SM, Ctx.getLangOpts(), &Invalid);
  return Invalid ? std::string() : T.str();
}

SourceLocation FindingBuilder::afterSemi(SourceLocation End) const {
  const SourceManager &SM = Ctx.getSourceManager();
  std::optional<Token> Tok = Lexer::findNextToken(End, SM, Ctx.getLangOpts());
  if (!Tok || !Tok->is(tok::semi))
    return {};
  return Tok->getEndLoc();
}

FunctionIdentity FindingBuilder::function(const FunctionDecl *FD) const {
  FunctionIdentity Id;
  if (!FD)
    return Id;
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  if (MD && MD->getParent()->isLambda()) {
    Id.IsLambda = true;
    Id.QualifiedName = "lambda";
  } else {
    Id.QualifiedName = stableQualifiedName(FD);
  }
  llvm::SmallString<128> USR;
  if (!index::generateUSRForDecl(FD, USR))
    Id.USR = std::string(USR.str());
  PrintingPolicy PP = Ctx.getPrintingPolicy();
  PP.SuppressInlineNamespace = true;
  Id.Signature = FD->getType().getAsString(PP);
  if (MD && !Id.IsLambda) {
    Id.IsMethod = !MD->isStatic();
    Id.IsStaticMethod = MD->isStatic();
    Id.IsConstMethod = MD->isConst();
    Id.ClassName = stableQualifiedName(MD->getParent());
  }
  Id.Location = site(FD->getNameInfo().getSourceRange());
  return Id;
}

bool FindingBuilder::addFix(Finding &F, CharSourceRange R,
                            llvm::StringRef Text) const {
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange FR = Lexer::makeFileCharRange(R, SM, Ctx.getLangOpts());
  if (FR.isInvalid())
    return false;
  auto [FID, Begin] = SM.getDecomposedLoc(FR.getBegin());
  auto [FID2, End] = SM.getDecomposedLoc(FR.getEnd());
  if (FID != FID2 || End < Begin)
    return false;
  OptionalFileEntryRef FE = SM.getFileEntryRefForID(FID);
  if (!FE)
    return false;
  FixIt X;
  X.File = std::string(FE->getName());
  llvm::SmallString<256> Abs(X.File);
  SM.getFileManager().makeAbsolutePath(Abs);
  if (llvm::sys::path::is_absolute(Abs))
    X.File = std::string(Abs.str());
  X.Offset = Begin;
  X.Length = End - Begin;
  X.Replacement = Text.str();
  X.Begin = site(SourceRange(FR.getBegin(), FR.getBegin()));
  X.End = site(SourceRange(FR.getEnd(), FR.getEnd()));
  PresumedLoc PE = SM.getPresumedLoc(FR.getEnd());
  if (PE.isValid()) {
    X.End.Line = PE.getLine();
    X.End.Column = PE.getColumn();
  }
  X.Range = FR.getAsRange();
  F.Fixes.push_back(std::move(X));
  return true;
}

Finding FindingBuilder::makeSites(RuleId R, SourceRange Check, SourceRange Act,
                                  const FunctionDecl *FD, std::string Message,
                                  std::string Replacement) const {
  Finding F;
  F.Rule = R;
  F.Message = std::move(Message);
  F.Check = site(Check);
  F.Act = site(Act);
  F.Function = function(FD);
  F.Replacement = std::move(Replacement);
  return F;
}

Finding FindingBuilder::make(RuleId R, const CheckActPair &P,
                             const CheckEvent &Check, std::string Message,
                             std::string Replacement) {
  Finding F = makeSites(R, Check.Range, P.Act.Range, P.Function,
                        std::move(Message), std::move(Replacement));
  F.Object = P.Act.T.Obj.Spelling;
  PrintingPolicy PP = Ctx.getPrintingPolicy();
  PP.SuppressInlineNamespace = true;
  if (!P.Act.T.Obj.Type.isNull())
    F.ObjectType =
        P.Act.T.Obj.Type.getNonReferenceType().getUnqualifiedType().getAsString(
            PP);
  if (P.Act.T.Container)
    F.Family = P.Act.T.Container->Name.str();
  else
    F.Family = stateKindInfo(P.Act.T.State).Family.str();
  F.Key = P.Act.Key.Spelling.empty() ? Check.Key.Spelling : P.Act.Key.Spelling;
  F.CheckApi = Check.Api;
  F.ActApi = P.Act.Api;
  F.SharedBecause = P.SharedBecause;
  for (const Section &S : Check.Held) {
    F.Locks.AtCheck.push_back(S.MutexSpelling);
    F.Locks.CheckShared |= S.Mode == LockMode::Shared;
  }
  for (const Section &S : P.Act.Held) {
    F.Locks.AtAct.push_back(S.MutexSpelling);
    F.Locks.ActShared |= S.Mode == LockMode::Shared;
  }
  F.Locks.HasRecheck = P.AtomicWith != nullptr;
  return F;
}

} // namespace cta
