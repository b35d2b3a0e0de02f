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

/// Bumped when a field is added: a cached summary of another format is
/// analyzed again (2: thread affinity; 3: helpers; 4: helpers on static
/// storage; 5: start-up calls).
constexpr int64_t UnitSummaryFormat = 5;

llvm::json::Value toJSON(const HelperSummary &H) {
  return llvm::json::Object{
      {"usr", H.USR},           {"kind", H.Kind},
      {"result", H.Result},     {"state", H.State},
      {"mode", H.Mode},         {"fields", llvm::json::Array(H.Fields)},
      {"global", H.Global},     {"container", H.Container},
      {"key", H.KeyParam},      {"keySuffix", H.KeySuffix},
      {"value", H.ValueParam},  {"reportsInsertion", H.ReportsInsertion},
      {"unlocked", H.Unlocked}, {"api", H.Api},
      {"mutex", H.MutexId},     {"mutexSpelling", H.MutexSpelling}};
}

bool helperFromJSON(const llvm::json::Value &V, HelperSummary &H) {
  const llvm::json::Object *O = V.getAsObject();
  if (!O)
    return false;
  auto Int = [&](llvm::StringRef Key, int &Out) {
    std::optional<int64_t> I = O->getInteger(Key);
    if (I)
      Out = static_cast<int>(*I);
    return I.has_value();
  };
  auto Str = [&](llvm::StringRef Key, std::string &Out) {
    std::optional<llvm::StringRef> S = O->getString(Key);
    if (S)
      Out = S->str();
    return S.has_value();
  };
  if (!Str("usr", H.USR) || !Int("kind", H.Kind) || !Int("result", H.Result) ||
      !Int("state", H.State) || !Int("mode", H.Mode) ||
      !Int("key", H.KeyParam) || !Int("value", H.ValueParam) ||
      !Str("keySuffix", H.KeySuffix) || !Str("api", H.Api) ||
      !Str("mutex", H.MutexId) || !Str("mutexSpelling", H.MutexSpelling) ||
      !Str("global", H.Global) || !stringsFrom(*O, "fields", H.Fields))
    return false;
  H.Container = O->getBoolean("container").value_or(false);
  H.ReportsInsertion = O->getBoolean("reportsInsertion").value_or(false);
  H.Unlocked = O->getBoolean("unlocked").value_or(false);
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
                                         {"locks", llvm::json::Array(C.Locks)},
                                         {"beforeThreads", C.BeforeThreads}});
    llvm::json::Array OnLoop;
    for (const auto &[Fn, How] : F.OnLoop)
      OnLoop.push_back(llvm::json::Object{{"usr", Fn}, {"how", How}});
    Fns.push_back(llvm::json::Object{
        {"usr", F.USR},
        {"name", F.Name},
        {"kind", kindName(F.Kind)},
        {"internal", F.Internal},
        {"callerHeld", F.CallerHeld},
        {"startsThreads", F.StartsThreads},
        {"entersLoop", F.EntersLoop},
        {"calls", std::move(Calls)},
        {"threadEntries", llvm::json::Array(F.ThreadEntries)},
        {"affinity", F.Affinity},
        {"onLoop", std::move(OnLoop)},
        {"lambdaCalls", llvm::json::Array(F.LambdaCalls)}});
  }
  llvm::json::Array Helpers;
  for (const HelperSummary &H : U.Helpers)
    Helpers.push_back(toJSON(H));
  return llvm::json::Object{{"format", UnitSummaryFormat},
                            {"functions", std::move(Fns)},
                            {"helpers", std::move(Helpers)}};
}

bool unitSummaryFromJSON(const llvm::json::Value &V, UnitSummary &Out) {
  const llvm::json::Object *O = V.getAsObject();
  const llvm::json::Array *Fns = O ? O->getArray("functions") : nullptr;
  const llvm::json::Array *Helpers = O ? O->getArray("helpers") : nullptr;
  if (!Fns || !Helpers || O->getInteger("format") != UnitSummaryFormat)
    return false;
  for (const llvm::json::Value &HV : *Helpers) {
    HelperSummary H;
    if (!helperFromJSON(HV, H))
      return false;
    Out.Helpers.push_back(std::move(H));
  }
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
    const llvm::json::Array *OnLoop = FO->getArray("onLoop");
    std::optional<llvm::StringRef> Affinity = FO->getString("affinity");
    if (!USR || !Name || !K || !Calls || !OnLoop || !Affinity ||
        !stringsFrom(*FO, "threadEntries", F.ThreadEntries) ||
        !stringsFrom(*FO, "lambdaCalls", F.LambdaCalls))
      return false;
    F.Affinity = Affinity->str();
    for (const llvm::json::Value &LV : *OnLoop) {
      const llvm::json::Object *LO = LV.getAsObject();
      std::optional<llvm::StringRef> Fn =
          LO ? LO->getString("usr") : std::nullopt;
      std::optional<llvm::StringRef> How =
          LO ? LO->getString("how") : std::nullopt;
      if (!Fn || !How)
        return false;
      F.OnLoop.emplace_back(Fn->str(), How->str());
    }
    F.USR = USR->str();
    F.Name = Name->str();
    F.Kind = *K;
    F.Internal = FO->getBoolean("internal").value_or(false);
    F.CallerHeld = FO->getBoolean("callerHeld").value_or(false);
    F.StartsThreads = FO->getBoolean("startsThreads").value_or(false);
    F.EntersLoop = FO->getBoolean("entersLoop").value_or(false);
    for (const llvm::json::Value &CV : *Calls) {
      const llvm::json::Object *CO = CV.getAsObject();
      CallSummary C;
      std::optional<llvm::StringRef> Callee =
          CO ? CO->getString("callee") : std::nullopt;
      if (!Callee || !stringsFrom(*CO, "locks", C.Locks))
        return false;
      C.Callee = Callee->str();
      C.Locked = CO->getBoolean("locked").value_or(false);
      C.BeforeThreads = CO->getBoolean("beforeThreads").value_or(false);
      F.Calls.push_back(std::move(C));
    }
    Out.Functions.push_back(std::move(F));
  }
  return true;
}

llvm::json::Value toJSON(const CallerQuestion &Q) {
  return llvm::json::Object{{"usr", Q.FunctionUSR},
                            {"locks", llvm::json::Array(Q.Locks)},
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
    for (const auto &[Fn, How] : F.OnLoop)
      Posted.try_emplace(Fn, How);
    for (const std::string &Fn : F.LambdaCalls)
      LambdaCalled.insert(Fn);
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
  growAffinity();
  growStartUp();
}

bool ProgramGraph::beforeThreads(const Site &S) const {
  if (!S.Call->BeforeThreads)
    return false;
  for (const CallSummary &C : S.Caller->Calls) {
    if (&C == S.Call)
      return true;
    if (Starts.count(C.Callee))
      return false;
  }
  return false;
}

void ProgramGraph::growStartUp() {
  // What starts threads, itself or through what it calls.
  std::vector<llvm::StringRef> Work;
  for (const auto &[USR, F] : Defined)
    if (F->StartsThreads && Starts.insert(USR).second)
      Work.push_back(F->USR);
  while (!Work.empty()) {
    auto It = CallersOf.find(Work.back());
    Work.pop_back();
    if (It != CallersOf.end())
      for (const Site &S : It->second)
        if (Starts.insert(S.Caller->USR).second)
          Work.push_back(S.Caller->USR);
  }
  // The roots: main, and a function that runs an event loop on its thread
  // that nothing in the database calls, hands to a thread or to a loop (a
  // framework's `run()`, called from the user's main).
  auto Unknown = [&](llvm::StringRef USR) {
    return Entries.count(USR) || Posted.count(USR) || LambdaCalled.count(USR);
  };
  for (const auto &[USR, F] : Defined) {
    if (F->Kind == CallerKind::Main)
      StartUp[USR] = {F->Name, F->Name, true};
    else if (F->EntersLoop && !CallersOf.count(USR) && !Unknown(USR))
      StartUp[USR] = {F->Name, F->Name, false};
  }
  // Called only by start-up code, before it starts a thread.
  for (unsigned Round = 0; Round < 8; ++Round) {
    bool Changed = false;
    for (const auto &[USR, F] : Defined) {
      if (StartUp.count(USR) || isStructor(F->Kind) || Unknown(USR))
        continue;
      auto SI = CallersOf.find(USR);
      if (SI == CallersOf.end() || SI->second.empty())
        continue;
      const StartUpCode *From = nullptr;
      bool Proven = true, AllOk = true;
      for (const Site &S : SI->second) {
        auto C = StartUp.find(S.Caller->USR);
        if (C == StartUp.end() || !beforeThreads(S)) {
          AllOk = false;
          break;
        }
        From = From ? From : &C->second;
        Proven &= C->second.Proven;
      }
      if (!AllOk)
        continue;
      StartUp[USR] = {SI->second.front().Caller->Name, From->Root, Proven};
      Changed = true;
    }
    if (!Changed)
      break;
  }
}

void ProgramGraph::growAffinity() {
  // As in one TU (TUSummary::computeAffinity), for every function: one
  // handed to a loop, or called only from code that runs on one thread.
  for (const auto &[USR, F] : Defined)
    if (!F->Affinity.empty())
      Affine.try_emplace(USR, F->Affinity);
  static const std::vector<Site> None;
  for (unsigned Round = 0; Round < 8; ++Round) {
    bool Changed = false;
    for (const auto &[USR, F] : Defined) {
      if (Affine.count(USR) || isStructor(F->Kind) ||
          F->Kind == CallerKind::Main || Entries.count(USR) ||
          LambdaCalled.count(USR))
        continue;
      auto SI = CallersOf.find(USR);
      const std::vector<Site> &Sites =
          SI == CallersOf.end() ? None : SI->second;
      auto P = Posted.find(USR);
      const FunctionSummary *From = nullptr;
      bool AllOk = true;
      for (const Site &S : Sites) {
        if (Affine.count(S.Caller->USR))
          From = From ? From : S.Caller;
        else if (!isStructor(S.Caller->Kind))
          AllOk = false;
      }
      if (!AllOk || (P == Posted.end() && !From))
        continue;
      Affine.try_emplace(USR,
                         P != Posted.end()
                             ? P->second + ", which runs it on its event loop"
                             : "called only from '" + From->Name +
                                   "', which runs on one thread");
      Changed = true;
    }
    if (!Changed)
      break;
  }
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
  // One gate held at every call site (`if (!busy_.exchange(true))`) admits
  // one caller at a time: the function runs as if under one lock.
  std::optional<std::set<std::string>> Gates;
  for (const Site &S : Sites) {
    std::set<std::string> Here;
    for (const std::string &L : S.Call->Locks)
      if (llvm::StringRef(L).starts_with("gate:"))
        Here.insert(L);
    if (Gates)
      for (auto G = Gates->begin(); G != Gates->end();)
        G = Here.count(*G) ? std::next(G) : Gates->erase(G);
    else
      Gates = std::move(Here);
  }
  if (Gates && !Gates->empty())
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
  // Start-up code: dropped when main is where it starts and no other file
  // can call it; otherwise evidence, at low confidence.
  const StartUpCode *StartedBy = nullptr;
  if (auto SU = StartUp.find(Q.FunctionUSR);
      Q.OnThis && !Sites.empty() && SU != StartUp.end()) {
    auto D = Defined.find(Q.FunctionUSR);
    if (SU->second.Proven && D != Defined.end() && D->second->Internal)
      return false;
    StartedBy = &SU->second;
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
  if (StartedBy) {
    std::string Why = "start-up code: called only from '" + StartedBy->From +
                      "' before it starts a thread or enters its event loop";
    if (!StartedBy->Proven)
      Why += ", and nothing in the compilation database calls '" +
             StartedBy->Root + "', which runs an event loop";
    else
      Why += ", but it is public";
    F.Evidence.push_back(Why + " (low confidence)");
    F.Conf = Confidence::Low;
  }
  // Members of an object whose code runs on one thread (docs/concepts.md,
  // "Thread affinity"): low confidence, with the reason.
  if (auto A = Affine.find(Q.FunctionUSR);
      Q.OnThis && A != Affine.end() &&
      !llvm::any_of(F.Evidence, [](const std::string &E) {
        return llvm::StringRef(E).starts_with("runs on one thread:");
      })) {
    F.Evidence.push_back("runs on one thread: " + A->second);
    F.Conf = Confidence::Low;
  }
  return true;
}

} // namespace cta
