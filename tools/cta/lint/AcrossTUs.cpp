//===- AcrossTUs.cpp - What the whole compile database decides ------------===//
//
/// \file
/// See AcrossTUs.h.
//
//===----------------------------------------------------------------------===//

#include "lint/AcrossTUs.h"
#include "lint/Filters.h"
#include "report/Report.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include <string>

namespace cta {

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
  for (TUResult &R : Results)
    keepFindings(R.Findings, R.Rendered, [&](size_t I) {
      Finding &F = R.Findings[I];
      Confidence Was = F.Conf;
      if (!G.resolve(F))
        return false;
      if (F.Conf == Was)
        return true;
      if (static_cast<unsigned>(F.Conf) <
          static_cast<unsigned>(R.MinConfidence))
        return false;
      if (I < R.Rendered.size())
        restateConfidence(R.Rendered[I], Was, F.Conf);
      return true;
    });
}

} // namespace cta
