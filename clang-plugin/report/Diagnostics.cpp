//===- Diagnostics.cpp - Findings as clang diagnostics --------------------===//

#include "Report.h"
#include "clang/Basic/Diagnostic.h"

using namespace clang;

namespace cta {

namespace {

/// What the check note says after "shared because ...".
std::string confidencePhrase(Confidence C) {
  return ("(" + confidenceName(C) + " confidence)").str();
}

constexpr llvm::StringLiteral SharedBecause = "here; shared because ";

} // namespace

void emitDiagnostics(const std::vector<Finding> &Findings,
                     DiagnosticsEngine &Diags, bool AsErrors) {
  if (Findings.empty())
    return;
  unsigned Main = Diags.getCustomDiagID(
      AsErrors ? DiagnosticsEngine::Error : DiagnosticsEngine::Warning,
      "%0 [%1]");
  unsigned CheckNote =
      Diags.getCustomDiagID(DiagnosticsEngine::Note, "check of '%0' here");
  // The check note also says, in one phrase, why the object is shared and
  // how confident the finding is (docs/concepts.md, "Confidence").
  unsigned CheckWhyNote = Diags.getCustomDiagID(
      DiagnosticsEngine::Note,
      "check of '%0' here; shared because %1 %2");
  unsigned ActNote =
      Diags.getCustomDiagID(DiagnosticsEngine::Note, "act on '%0' here");
  unsigned AdviceNote = Diags.getCustomDiagID(DiagnosticsEngine::Note, "%0");
  for (const Finding &F : Findings) {
    {
      DiagnosticBuilder DB = Diags.Report(F.Check.Loc, Main);
      DB << F.Message << ruleName(F.Rule);
      for (const FixIt &X : F.Fixes)
        if (X.Range.isValid())
          DB << FixItHint::CreateReplacement(
              CharSourceRange::getCharRange(X.Range), X.Replacement);
    }
    if (F.SharedBecause.empty())
      Diags.Report(F.Check.Loc, CheckNote) << F.Object;
    else
      Diags.Report(F.Check.Loc, CheckWhyNote)
          << F.Object << F.SharedBecause << confidencePhrase(F.Conf);
    Diags.Report(F.Act.Loc, ActNote) << F.Object;
    Diags.Report(F.Act.Loc, AdviceNote) << F.Replacement;
  }
}

void restateConfidence(std::string &Rendered, Confidence Was,
                       Confidence Now) {
  // The phrase ends the check note's line; the reason before it may hold the
  // same words.
  size_t Note = Rendered.find(SharedBecause);
  if (Note == std::string::npos)
    return;
  llvm::StringRef Line =
      llvm::StringRef(Rendered).slice(Note, Rendered.find('\n', Note));
  std::string From = confidencePhrase(Was);
  size_t At = Line.rfind(From);
  if (At == llvm::StringRef::npos)
    return;
  Rendered.replace(Note + At, From.size(), confidencePhrase(Now));
}

} // namespace cta
