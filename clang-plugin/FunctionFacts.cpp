//===- FunctionFacts.cpp - Printing the facts of a function ---------------===//
//
/// \file
/// The facts are built by the walker (facts/Walker.h) and read by the
/// Analyzer and the rules; this file prints them for CTA_DEBUG_FACTS=1.
//
//===----------------------------------------------------------------------===//

#include "FunctionFacts.h"

namespace cta {

void FunctionFacts::dump(llvm::raw_ostream &OS) const {
  auto Held = [&](const HeldSet &H) {
    std::string S;
    for (const Section &X : H)
      S += " #" + std::to_string(X.Id) + ":" + X.MutexSpelling +
           (X.Mode == LockMode::Shared ? "(shared)" : "");
    return S.empty() ? std::string(" -") : S;
  };
  for (unsigned I = 0; I < Checks.size(); ++I) {
    const CheckEvent &C = Checks[I];
    OS << "  check[" << I << "] @" << C.Index << " " << C.Api << " on '"
       << C.T.Obj.Spelling << "' id=" << C.T.Obj.Id << " key="
       << (C.Key.K == KeyRef::Exact ? C.Key.Spelling
                                    : C.Key.K == KeyRef::None ? "none" : "?")
       << " held:" << Held(C.Held) << "\n";
  }
  for (const ActEvent &A : Acts) {
    OS << "  act @" << A.Index << " " << A.Api << " on '" << A.T.Obj.Spelling
       << "' id=" << A.T.Obj.Id << " held:" << Held(A.Held) << " guards:";
    for (const auto &[C, T] : A.Guards)
      OS << " " << C << (T ? "T" : "F");
    OS << "\n";
  }
  for (const ReadEvent &R : Reads)
    OS << "  read @" << R.Index << " " << R.Api << " on '" << R.T.Obj.Spelling
       << "' held:" << Held(R.Held) << "\n";
  for (unsigned I = 0; I < Conds.size(); ++I) {
    OS << "  cond[" << I << "] checks:";
    for (unsigned C : Conds[I].Checks)
      OS << " " << C;
    OS << " vars:" << Conds[I].Vars.size() << "\n";
  }
  static const char *OutcomeNames[] = {"absent", "present", "unknown"};
  for (const auto &[VD, Vars] : Results)
    for (const ResultVar &R : Vars)
      OS << "  result '" << VD->getName() << "' check[" << R.Check
         << "] when true: " << OutcomeNames[unsigned(R.WhenTrue)] << "\n";
}

} // namespace cta
