//===- ReportInput.cpp - The SARIF logs of lint and confirm, read back ----===//

#include "ReportModel.h"
#include "report/Report.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"

namespace cta {
namespace {

/// "src/a%20b.cpp" -> "a b.cpp".
std::string uriBaseName(llvm::StringRef Uri) {
  llvm::StringRef Name = Uri.contains('/') ? Uri.rsplit('/').second : Uri;
  std::string Out;
  for (size_t I = 0; I < Name.size(); ++I) {
    unsigned Byte = 0;
    if (Name[I] == '%' && I + 2 < Name.size() &&
        !Name.substr(I + 1, 2).getAsInteger(16, Byte)) {
      Out += char(Byte);
      I += 2;
      continue;
    }
    Out += Name[I];
  }
  return Out;
}

std::vector<ReportEvent> eventsOf(const llvm::json::Object &Result) {
  std::vector<ReportEvent> Out;
  const llvm::json::Array *Flows = Result.getArray("codeFlows");
  if (!Flows || Flows->empty())
    return Out;
  const llvm::json::Object *Flow = Flows->front().getAsObject();
  const llvm::json::Array *Threads =
      Flow ? Flow->getArray("threadFlows") : nullptr;
  if (!Threads)
    return Out;
  for (const llvm::json::Value &TV : *Threads) {
    const llvm::json::Object *T = TV.getAsObject();
    const llvm::json::Array *Locs = T ? T->getArray("locations") : nullptr;
    if (!Locs)
      continue;
    unsigned Thread = 0;
    if (auto Id = T->getString("id"))
      Id->drop_front(Id->starts_with("T") ? 1 : 0).getAsInteger(10, Thread);
    for (const llvm::json::Value &LV : *Locs) {
      const llvm::json::Object *L = LV.getAsObject();
      if (!L)
        continue;
      ReportEvent E;
      E.Thread = Thread;
      E.Order = unsigned(L->getInteger("executionOrder").value_or(0));
      if (const llvm::json::Object *P = L->getObject("properties")) {
        if (auto K = P->getString("ctaEvent"))
          E.Kind = K->str();
        E.SawAbsent = P->getBoolean("ctaSawAbsent").value_or(false);
      }
      if (E.Kind.empty())
        if (const llvm::json::Array *Kinds = L->getArray("kinds"))
          if (!Kinds->empty() && Kinds->front().getAsString())
            E.Kind = Kinds->front().getAsString()->str();
      if (const llvm::json::Object *Loc = L->getObject("location")) {
        if (const llvm::json::Object *M = Loc->getObject("message"))
          if (auto Text = M->getString("text"))
            E.Message = Text->str();
        if (const llvm::json::Object *Ph = Loc->getObject("physicalLocation")) {
          if (const llvm::json::Object *A = Ph->getObject("artifactLocation"))
            if (auto U = A->getString("uri"))
              E.File = uriBaseName(*U);
          if (const llvm::json::Object *R = Ph->getObject("region"))
            E.Line = unsigned(R->getInteger("startLine").value_or(0));
        }
      }
      Out.push_back(std::move(E));
    }
  }
  llvm::sort(Out, [](const ReportEvent &A, const ReportEvent &B) {
    return A.Order < B.Order;
  });
  return Out;
}

std::string siteKey(const Finding &F) {
  return F.fingerprint() + "|" + F.Check.File + ":" +
         std::to_string(F.Check.Line);
}

} // namespace

llvm::Expected<std::vector<ReportEntry>>
readReportInputs(llvm::StringRef LintSarif, llvm::StringRef ConfirmSarif) {
  std::vector<ReportEntry> Entries;
  llvm::StringMap<size_t> Index;
  auto Add = [&](Finding F) -> ReportEntry & {
    std::string Key = siteKey(F);
    auto [It, New] = Index.try_emplace(Key, Entries.size());
    if (New) {
      Entries.emplace_back();
      Entries.back().F = std::move(F);
    }
    return Entries[It->second];
  };
  if (!LintSarif.empty()) {
    llvm::Expected<std::vector<Finding>> Fs = findingsFromSarif(LintSarif);
    if (!Fs)
      return Fs.takeError();
    for (Finding &F : *Fs)
      Add(std::move(F));
  }
  if (!ConfirmSarif.empty()) {
    llvm::Expected<llvm::json::Value> Log = parseSarifLog(ConfirmSarif);
    if (!Log)
      return Log.takeError();
    for (const llvm::json::Value &Run : *Log->getAsObject()->getArray("runs")) {
      const llvm::json::Object *RO = Run.getAsObject();
      const llvm::json::Array *Results = RO ? RO->getArray("results") : nullptr;
      if (!Results)
        continue;
      for (const llvm::json::Value &RV : *Results) {
        const llvm::json::Object *R = RV.getAsObject();
        const llvm::json::Object *P = R ? R->getObject("properties") : nullptr;
        const llvm::json::Value *Cta = P ? P->get("cta") : nullptr;
        if (!Cta)
          continue; // A function named with --function, or another tool.
        llvm::Expected<Finding> F = findingFromJSON(*Cta);
        if (!F)
          return F.takeError();
        ReportEntry &E = Add(std::move(*F));
        auto Verdict = P->getString("ctaVerdict");
        if (!Verdict)
          continue;
        E.HasVerdict = true;
        E.Verdict = Verdict->str();
        E.Confirmed =
            P->getBoolean("ctaConfirmed")
                .value_or(llvm::StringRef(E.Verdict).starts_with("CONFIRMED"));
        if (auto Seed = P->getInteger("ctaSeed"))
          E.Seed = uint64_t(*Seed);
        if (auto Replay = P->getString("ctaReplay"))
          E.Replay = Replay->str();
        if (const llvm::json::Array *Os = P->getArray("ctaOracles"))
          for (const llvm::json::Value &O : *Os)
            if (auto S = O.getAsString())
              E.Oracles.push_back(S->str());
        E.Events = eventsOf(*R);
      }
    }
  }
  // Confirmed first, then by file and line; ties keep the logs' order.
  std::vector<size_t> Order(Entries.size());
  for (size_t I = 0; I < Order.size(); ++I)
    Order[I] = I;
  llvm::sort(Order, [&](size_t A, size_t B) {
    const ReportEntry &X = Entries[A], &Y = Entries[B];
    return std::make_tuple(!X.Confirmed, std::cref(X.F.Check.File),
                           X.F.Check.Line, A) <
           std::make_tuple(!Y.Confirmed, std::cref(Y.F.Check.File),
                           Y.F.Check.Line, B);
  });
  std::vector<ReportEntry> Sorted;
  for (size_t I : Order)
    Sorted.push_back(std::move(Entries[I]));
  return Sorted;
}

} // namespace cta
