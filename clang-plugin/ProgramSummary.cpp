//===- ProgramSummary.cpp - Summaries of TUs, merged and asked ------------===//

#include "ProgramSummary.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include <set>

namespace cta {
namespace {

llvm::StringRef kindName(CallerKind K) {
  switch (K) {
  case CallerKind::Ordinary:
    return "ordinary";
  case CallerKind::Constructor:
    return "constructor";
  case CallerKind::Destructor:
    return "destructor";
  case CallerKind::Main:
    return "main";
  case CallerKind::InitOnly:
    return "init-only";
  }
  return "ordinary";
}

std::optional<CallerKind> parseKind(llvm::StringRef N) {
  for (CallerKind K :
       {CallerKind::Ordinary, CallerKind::Constructor, CallerKind::Destructor,
        CallerKind::Main, CallerKind::InitOnly})
    if (kindName(K) == N)
      return K;
  return std::nullopt;
}

llvm::json::Array stringArray(const std::vector<std::string> &V) {
  return llvm::json::Array(V);
}

bool stringsFrom(const llvm::json::Object &O, llvm::StringRef Key,
                 std::vector<std::string> &Out) {
  const llvm::json::Array *A = O.getArray(Key);
  if (!A)
    return false;
  for (const llvm::json::Value &E : *A) {
    std::optional<llvm::StringRef> S = E.getAsString();
    if (!S)
      return false;
    Out.push_back(S->str());
  }
  return true;
}

bool isStructor(CallerKind K) {
  return K == CallerKind::Constructor || K == CallerKind::Destructor ||
         K == CallerKind::InitOnly;
}

} // namespace

llvm::json::Value toJSON(const UnitSummary &U) {
  llvm::json::Array Fns;
  for (const FunctionSummary &F : U.Functions) {
    llvm::json::Array Calls;
    for (const CallSummary &C : F.Calls)
      Calls.push_back(llvm::json::Object{{"callee", C.Callee},
                                         {"locked", C.Locked},
                                         {"locks", stringArray(C.Locks)}});
    Fns.push_back(
        llvm::json::Object{{"usr", F.USR},
                           {"name", F.Name},
                           {"kind", kindName(F.Kind)},
                           {"internal", F.Internal},
                           {"callerHeld", F.CallerHeld},
                           {"calls", std::move(Calls)},
                           {"threadEntries", stringArray(F.ThreadEntries)}});
  }
  return llvm::json::Object{{"functions", std::move(Fns)}};
}

bool unitSummaryFromJSON(const llvm::json::Value &V, UnitSummary &Out) {
  const llvm::json::Object *O = V.getAsObject();
  const llvm::json::Array *Fns = O ? O->getArray("functions") : nullptr;
  if (!Fns)
    return false;
  for (const llvm::json::Value &FV : *Fns) {
    const llvm::json::Object *FO = FV.getAsObject();
    if (!FO)
      return false;
    FunctionSummary F;
    std::optional<llvm::StringRef> USR = FO->getString("usr");
    std::optional<llvm::StringRef> Name = FO->getString("name");
    std::optional<llvm::StringRef> Kind = FO->getString("kind");
    std::optional<CallerKind> K = Kind ? parseKind(*Kind) : std::nullopt;
    const llvm::json::Array *Calls = FO->getArray("calls");
    if (!USR || !Name || !K || !Calls ||
        !stringsFrom(*FO, "threadEntries", F.ThreadEntries))
      return false;
    F.USR = USR->str();
    F.Name = Name->str();
    F.Kind = *K;
    F.Internal = FO->getBoolean("internal").value_or(false);
    F.CallerHeld = FO->getBoolean("callerHeld").value_or(false);
    for (const llvm::json::Value &CV : *Calls) {
      const llvm::json::Object *CO = CV.getAsObject();
      CallSummary C;
      std::optional<llvm::StringRef> Callee =
          CO ? CO->getString("callee") : std::nullopt;
      if (!Callee || !stringsFrom(*CO, "locks", C.Locks))
        return false;
      C.Callee = Callee->str();
      C.Locked = CO->getBoolean("locked").value_or(false);
      F.Calls.push_back(std::move(C));
    }
    Out.Functions.push_back(std::move(F));
  }
  return true;
}

llvm::json::Value toJSON(const CallerQuestion &Q) {
  return llvm::json::Object{{"usr", Q.FunctionUSR},
                            {"locks", stringArray(Q.Locks)},
                            {"onThis", Q.OnThis}};
}

bool callerQuestionFromJSON(const llvm::json::Value &V, CallerQuestion &Out) {
  const llvm::json::Object *O = V.getAsObject();
  std::optional<llvm::StringRef> USR = O ? O->getString("usr") : std::nullopt;
  if (!USR || !stringsFrom(*O, "locks", Out.Locks))
    return false;
  Out.FunctionUSR = USR->str();
  Out.OnThis = O->getBoolean("onThis").value_or(false);
  return true;
}

void ProgramGraph::add(const UnitSummary &U, unsigned TU) {
  Units.push_back(std::make_unique<UnitSummary>(U));
  for (const FunctionSummary &F : Units.back()->Functions) {
    // An inline function a header defines is in every TU that includes
    // it, with the same calls: the first TU's copy stands for all.
    if (!Defined.try_emplace(F.USR, &F).second)
      continue;
    for (const CallSummary &C : F.Calls)
      CallersOf[C.Callee].push_back({&F, &C, TU});
    for (const std::string &E : F.ThreadEntries)
      Entries.insert(E);
  }
}

void ProgramGraph::finish() {
  for (const auto &[USR, F] : Defined) {
    if (F->CallerHeld)
      Held.insert(USR);
    if (F->Kind == CallerKind::InitOnly)
      Init.insert(USR);
  }
  // Fixed points, as in one TU (Summaries.cpp), over the whole graph.
  auto Grow = [&](llvm::StringSet<> &Set, auto SiteOk) {
    for (unsigned Round = 0; Round < 8; ++Round) {
      bool Changed = false;
      for (const auto &[Callee, Sites] : CallersOf) {
        if (Set.count(Callee) || Sites.empty() || !llvm::all_of(Sites, SiteOk))
          continue;
        Set.insert(Callee);
        Changed = true;
      }
      if (!Changed)
        break;
    }
  };
  Grow(Held, [&](const Site &S) {
    return S.Call->Locked || Held.count(S.Caller->USR);
  });
  Grow(Init, [&](const Site &S) {
    return isStructor(S.Caller->Kind) || Init.count(S.Caller->USR);
  });
  for (const auto &E : Entries)
    Init.erase(E.getKey());
}

bool ProgramGraph::covers(const Site &S,
                          const std::vector<std::string> &Locks) const {
  if (Held.count(S.Caller->USR))
    return true;
  if (Locks.empty())
    return S.Call->Locked;
  return llvm::any_of(S.Call->Locks, [&](const std::string &L) {
    return llvm::is_contained(Locks, L);
  });
}

bool ProgramGraph::resolve(Finding &F) const {
  if (!F.Pending)
    return true;
  const CallerQuestion &Q = *F.Pending;
  auto It = CallersOf.find(Q.FunctionUSR);
  std::vector<Site> None;
  const std::vector<Site> &Sites = It == CallersOf.end() ? None : It->second;
  unsigned Covered = 0;
  bool AllInit = !Sites.empty() && !Entries.count(Q.FunctionUSR);
  std::set<unsigned> TUs;
  for (const Site &S : Sites) {
    Covered += covers(S, Q.Locks);
    AllInit &= isStructor(S.Caller->Kind) || Init.count(S.Caller->USR);
    TUs.insert(S.TU);
  }
  if (!Sites.empty() && Covered == Sites.size())
    return false;
  // Reached only while the object is made or destroyed, or at start-up.
  // For a public method these are the callers this database has, not all
  // it will have (`stop()`, called by the destructor and by its users):
  // the finding stays, at low confidence.
  bool PublicAPI = false;
  if (Q.OnThis && AllInit) {
    auto D = Defined.find(Q.FunctionUSR);
    PublicAPI = D != Defined.end() && !D->second->Internal &&
                llvm::any_of(Sites, [](const Site &S) {
                  return S.Caller->Kind == CallerKind::Constructor ||
                         S.Caller->Kind == CallerKind::Destructor;
                });
    if (!PublicAPI)
      return false;
  }
  std::string Line;
  if (Sites.empty()) {
    Line = "callers: none in the compilation database";
  } else {
    std::string Lock =
        Q.Locks.empty() ? std::string("a lock") : llvm::join(Q.Locks, " or ");
    Line = "callers: " + std::to_string(Sites.size()) + " in " +
           std::to_string(TUs.size()) + " translation unit" +
           (TUs.size() == 1 ? "" : "s") + ", " +
           (Covered == 0 ? std::string("none") : std::to_string(Covered)) +
           (Covered <= 1 ? " holds " : " hold ") + Lock;
  }
  if (PublicAPI) {
    Line += "; only constructors, destructors or start-up call it, but it is "
            "public (low confidence)";
    F.Conf = Confidence::Low;
  }
  for (std::string &E : F.Evidence)
    if (llvm::StringRef(E).starts_with("callers:"))
      E = Line;
  return true;
}

} // namespace cta
