//===- AcrossTUs.cpp - What the whole compile database decides ------------===//
//
/// \file
/// See AcrossTUs.h.
//
//===----------------------------------------------------------------------===//

#include "lint/AcrossTUs.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include <string>

namespace cta {
namespace {

/// A rendered finding names its confidence in its first note.
void replaceConfidence(std::string &Text, Confidence Was, Confidence Now) {
  std::string From = ("(" + confidenceName(Was) + " confidence)").str();
  std::string To = ("(" + confidenceName(Now) + " confidence)").str();
  size_t At = Text.find(From);
  if (At != std::string::npos)
    Text.replace(At, From.size(), To);
}

} // namespace

llvm::StringMap<HelperSummary>
helpersOfRun(const std::vector<TUResult> &Results) {
  llvm::StringMap<HelperSummary> All;
  for (const TUResult &R : Results)
    for (const HelperSummary &H : R.Summary.Helpers)
      All.try_emplace(H.USR, H);
  return All;
}

std::vector<size_t>
needHelpersOfOthers(const std::vector<TUResult> &Results,
                    const llvm::StringMap<HelperSummary> &All) {
  std::vector<size_t> Out;
  for (size_t I = 0; I < Results.size(); ++I) {
    const TUResult &R = Results[I];
    if (R.Status != TUResult::Analyzed && R.Status != TUResult::Cached)
      continue;
    llvm::StringSet<> Defined;
    for (const FunctionSummary &F : R.Summary.Functions)
      Defined.insert(F.USR);
    auto Needs = [&](const FunctionSummary &F) {
      llvm::StringSet<> Helpers;
      bool Elsewhere = false;
      for (const CallSummary &C : F.Calls)
        if (All.count(C.Callee)) {
          Helpers.insert(C.Callee);
          Elsewhere |= !Defined.count(C.Callee);
        }
      return Elsewhere && Helpers.size() >= 2;
    };
    if (llvm::any_of(R.Summary.Functions, Needs))
      Out.push_back(I);
  }
  return Out;
}

void resolveAcrossTUs(std::vector<TUResult> &Results) {
  ProgramGraph G;
  for (size_t I = 0; I < Results.size(); ++I)
    G.add(Results[I].Summary, I);
  G.finish();
  for (TUResult &R : Results) {
    size_t Kept = 0;
    for (size_t I = 0; I < R.Findings.size(); ++I) {
      Confidence Was = R.Findings[I].Conf;
      if (!G.resolve(R.Findings[I]))
        continue;
      if (Confidence Now = R.Findings[I].Conf; Now != Was) {
        if (static_cast<unsigned>(Now) < static_cast<unsigned>(R.MinConfidence))
          continue;
        if (I < R.Rendered.size())
          replaceConfidence(R.Rendered[I], Was, Now);
      }
      if (Kept != I) {
        R.Findings[Kept] = std::move(R.Findings[I]);
        if (I < R.Rendered.size())
          R.Rendered[Kept] = std::move(R.Rendered[I]);
      }
      ++Kept;
    }
    R.Findings.resize(Kept);
    if (R.Rendered.size() > Kept)
      R.Rendered.resize(Kept);
  }
}

} // namespace cta
