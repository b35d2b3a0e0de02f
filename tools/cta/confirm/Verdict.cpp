//===- Verdict.cpp - What `cta confirm` concluded about a finding ---------===//

#include "Verdict.h"
#include "report/Report.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <fmt/format.h>
#include <map>

#ifndef CTA_VERSION
#define CTA_VERSION "0.0.0"
#endif

namespace cta {

namespace {

/// At most this much of a round's stderr is searched for TSan's report.
constexpr uint64_t MaxStderrRead = 8 << 20;
/// Text output shows at most this many timeline events.
constexpr size_t MaxTextEvents = 16;

const char TsanRule[] = "==================";

std::string baseName(llvm::StringRef Path) {
  return llvm::sys::path::filename(Path).str();
}

/// "file.cpp:12" for a site id, from the report's timeline events.
llvm::StringMap<std::string> siteNames(const llvm::json::Object &Report) {
  llvm::StringMap<std::string> Names;
  const llvm::json::Array *Events = Report.getArray("timeline");
  if (!Events)
    return Names;
  for (const llvm::json::Value &E : *Events) {
    const llvm::json::Object *O = E.getAsObject();
    if (!O)
      continue;
    std::optional<int64_t> Site = O->getInteger("site");
    std::optional<llvm::StringRef> File = O->getString("file");
    std::optional<int64_t> Line = O->getInteger("line");
    if (Site && File && Line)
      Names[std::to_string(*Site)] =
          fmt::format("{}:{}", baseName(*File), *Line);
  }
  return Names;
}

/// "T1, T2 and T4"; processes of a store round are "P1, P2 and P4".
std::string threadList(const llvm::json::Array *Threads,
                       llvm::StringRef Prefix = "T") {
  std::vector<std::string> Names;
  if (Threads)
    for (const llvm::json::Value &T : *Threads)
      if (std::optional<int64_t> N = T.getAsInteger())
        Names.push_back(Prefix.str() + std::to_string(*N));
  if (Names.empty())
    return Prefix == "T" ? "two threads" : "two processes";
  if (Names.size() == 1)
    return Names.front();
  std::string Out;
  for (size_t I = 0; I < Names.size(); ++I) {
    if (I)
      Out += I + 1 == Names.size() ? " and " : ", ";
    Out += Names[I];
  }
  return Out;
}

/// Which object each thread got from a get-or-create, from result events.
std::string objectOf(const llvm::json::Object &Report, int64_t Thread) {
  const llvm::json::Array *Events = Report.getArray("timeline");
  if (!Events)
    return "";
  for (const llvm::json::Value &E : *Events) {
    const llvm::json::Object *O = E.getAsObject();
    if (!O || O->getString("kind") != llvm::StringRef("result") ||
        O->getInteger("thread") != Thread)
      continue;
    std::optional<int64_t> N = O->getInteger("object");
    return N && *N ? "object #" + std::to_string(*N) : "null";
  }
  return "";
}

/// The sentences of a store round (include/cta/store.hpp): what the store
/// did with the concurrent calls against the same calls one at a time.
std::vector<std::string> storeOracles(const llvm::json::Object &St) {
  std::vector<std::string> Out;
  const llvm::json::Object *Seq = St.getObject("one_at_a_time");
  const llvm::json::Object *Con = St.getObject("concurrent");
  if (!Seq || !Con)
    return Out;
  auto Num = [](const llvm::json::Object *O, llvm::StringRef K) {
    return O->getInteger(K).value_or(0);
  };
  std::string Check = St.getString("check").value_or("").str();
  std::string Act = St.getString("act").value_or("").str();
  std::string Table = St.getString("table").value_or("").str();
  auto Times = [](int64_t N) {
    return N == 1 ? std::string("once") : fmt::format("{} times", N);
  };
  if (Num(Con, "changed") > Num(Seq, "changed")) {
    const llvm::json::Array *By = Con->getArray("changed_by");
    llvm::StringRef All = By && By->size() > 2 ? "all" : "both";
    std::string S = threadList(By, "P") + " " + All.str() +
                    (Check.empty() ? ""
                                   : " passed the check at " + Check + " and " +
                                         All.str()) +
                    " changed the store at " + Act +
                    "; the same calls one at a time change it " +
                    Times(Num(Seq, "changed"));
    if (auto Rows = Con->getInteger("rows"))
      S += fmt::format(" (table '{}' holds {} rows; one at a time {})", Table,
                       *Rows, Num(Seq, "rows"));
    Out.push_back(S);
  }
  if (Num(Con, "failed") > Num(Seq, "failed")) {
    const llvm::json::Array *By = Con->getArray("failed_by");
    std::string Why = Con->getString("first_failure").value_or("").str();
    Out.push_back(
        threadList(By, "P") + " failed at " + Act +
        (Why.empty() ? "" : " ('" + Why + "')") +
        (Check.empty() ? "" : " after passing the check at " + Check) +
        "; the same calls one at a time fail " + Times(Num(Seq, "failed")));
  }
  if (St.getBoolean("has_success").value_or(false) &&
      Num(Con, "succeeded") > Num(Seq, "succeeded"))
    Out.push_back(fmt::format("{} concurrent calls succeeded where calls one "
                              "at a time allow {}",
                              Num(Con, "succeeded"), Num(Seq, "succeeded")));
  return Out;
}

/// The oracle sentences of a report that proved a race.
std::vector<std::string> oraclesOf(const llvm::json::Object &Report, int Bits) {
  std::vector<std::string> Out;
  if (const llvm::json::Object *St = Report.getObject("store"))
    return storeOracles(*St);
  if (Bits & CTA_VERDICT_DATA_RACE) {
    std::string Type = "data race", Via;
    if (const llvm::json::Object *T = Report.getObject("tsan"))
      if (const llvm::json::Object *A = T->getObject("first_attributed")) {
        if (auto S = A->getString("type"))
          Type = S->str();
        if (auto S = A->getString("via"))
          Via = S->str();
      }
    std::replace(Type.begin(), Type.end(), '-', ' ');
    Out.push_back(
        "ThreadSanitizer reported a " + Type +
        (Via.empty() ? " in the target function" : " in " + frameSummary(Via)));
  }
  if (Bits & CTA_VERDICT_ATOMICITY) {
    std::string S = "two threads both saw 'absent' and both acted";
    if (const llvm::json::Object *A = Report.getObject("atomicity")) {
      llvm::StringMap<std::string> Sites = siteNames(Report);
      std::string Check, Act;
      if (auto Id = A->getInteger("check_site"))
        Check = Sites.lookup(std::to_string(*Id));
      if (auto Id = A->getInteger("act_site"))
        Act = Sites.lookup(std::to_string(*Id));
      const llvm::json::Array *Ts = A->getArray("threads");
      llvm::StringRef All = Ts && Ts->size() > 2 ? "all" : "both";
      S = threadList(Ts) + " " + All.str() + " saw 'absent'" +
          (Check.empty() ? "" : " at " + Check) + " and " + All.str() +
          " acted" + (Act.empty() ? "" : " at " + Act);
    }
    Out.push_back(S);
  }
  if (Bits & CTA_VERDICT_DIFFERENT_OBJECTS) {
    std::string S = "calls with equal arguments returned different objects";
    if (const llvm::json::Object *D = Report.getObject("different_objects"))
      if (const llvm::json::Array *Ts = D->getArray("threads");
          Ts && Ts->size() == 2) {
        std::optional<int64_t> A = (*Ts)[0].getAsInteger();
        std::optional<int64_t> B = (*Ts)[1].getAsInteger();
        if (A && B) {
          std::string OA = objectOf(Report, *A), OB = objectOf(Report, *B);
          if (!OA.empty() && !OB.empty())
            S += fmt::format(" (T{} got {}, T{} got {})", *A, OA, *B, OB);
        }
      }
    Out.push_back(S);
  }
  if (Bits & CTA_VERDICT_OVERSUCCEEDED) {
    std::string S = "more concurrent calls succeeded than calls one at a "
                    "time allow";
    if (const llvm::json::Object *O = Report.getObject("over_succeeded")) {
      const llvm::json::Array *Ts = O->getArray("threads");
      int64_t Allowed = O->getInteger("allowed").value_or(0);
      if (Ts)
        S = fmt::format("{} concurrent calls succeeded where calls one at a "
                        "time allow {} ({} {} succeeded)",
                        Ts->size(), Allowed, threadList(Ts),
                        Ts->size() > 2 ? "all" : "both");
    }
    Out.push_back(S);
  }
  if (Bits & CTA_VERDICT_OVER_BOUND) {
    std::string S = "the container grew past the size bound its check tests";
    if (const llvm::json::Object *O = Report.getObject("over_bound"))
      S = fmt::format("T{}'s act left {} elements where the size bound admits "
                      "{}: more threads saw room than there was",
                      O->getInteger("thread").value_or(0),
                      O->getInteger("size").value_or(0),
                      O->getInteger("limit").value_or(0));
    Out.push_back(S);
  }
  return Out;
}

/// A JSON object, or std::nullopt for "" or anything else.
std::optional<llvm::json::Value> parseObject(llvm::StringRef Text) {
  if (Text.empty())
    return std::nullopt;
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(Text);
  if (!V) {
    llvm::consumeError(V.takeError());
    return std::nullopt;
  }
  if (!V->getAsObject())
    return std::nullopt;
  return std::move(*V);
}

std::vector<TimelineEvent> timelineEvents(const llvm::json::Object &Report) {
  std::vector<TimelineEvent> Out;
  const llvm::json::Array *Events = Report.getArray("timeline");
  if (!Events)
    return Out;
  for (const llvm::json::Value &EV : *Events) {
    const llvm::json::Object *O = EV.getAsObject();
    if (!O)
      continue;
    TimelineEvent E;
    E.Seq = unsigned(O->getInteger("seq").value_or(0));
    E.Thread = unsigned(O->getInteger("thread").value_or(0));
    if (auto K = O->getString("kind"))
      E.Kind = K->str();
    E.SawAbsent = O->getBoolean("saw_absent").value_or(false);
    E.TimedOut = O->getBoolean("timed_out").value_or(false);
    if (auto F = O->getString("file"))
      E.File = F->str();
    E.Line = unsigned(O->getInteger("line").value_or(0));
    if (auto T = O->getString("text"))
      E.Text = T->str();
    E.Object = unsigned(O->getInteger("object").value_or(0));
    Out.push_back(std::move(E));
  }
  return Out;
}

/// What a step of a threadFlow says.
std::string stepMessage(const TimelineEvent &E) {
  std::string Where = E.Text.empty() ? "" : ": " + E.Text;
  if (E.Kind == "check")
    return std::string(E.SawAbsent ? "check saw absent" : "check saw present") +
           Where;
  if (E.Kind == "act")
    return "act" + Where;
  if (E.Kind == "park")
    return E.TimedOut ? "resumed: the park after the check timed out"
                      : "resumed: a peer passed the same check";
  if (E.Kind == "result")
    return E.Object ? "got object #" + std::to_string(E.Object) : "got null";
  return E.Kind;
}

/// The round's interleaving as one threadFlow per thread, by thread id.
std::vector<SarifThreadFlow> threadFlows(const std::vector<TimelineEvent> &Es) {
  std::map<unsigned, SarifThreadFlow> ByThread;
  for (const TimelineEvent &E : Es) {
    SarifThreadFlow &T = ByThread[E.Thread];
    T.Thread = "T" + std::to_string(E.Thread);
    SarifFlowStep S;
    S.Kind = E.Kind;
    S.File = E.File;
    S.Line = E.Line;
    S.Order = E.Seq + 1;
    S.Message = T.Thread + " " + stepMessage(E);
    S.SawAbsent = E.SawAbsent;
    T.Steps.push_back(std::move(S));
  }
  std::vector<SarifThreadFlow> Out;
  for (auto &[Id, T] : ByThread)
    Out.push_back(std::move(T));
  return Out;
}

std::string readPrefix(llvm::StringRef Path) {
  uint64_t Size = 0;
  if (llvm::sys::fs::file_size(Path, Size) || Size == 0)
    return "";
  // A slice no longer than the file: mapping past its end would fault.
  auto Buf = llvm::MemoryBuffer::getFileSlice(
      Path, std::min<uint64_t>(Size, MaxStderrRead), 0);
  if (!Buf)
    return "";
  return (*Buf)->getBuffer().str();
}

/// The timeline with at most MaxTextEvents events.
std::string shortTimeline(llvm::StringRef Timeline) {
  llvm::SmallVector<llvm::StringRef, 32> Events;
  Timeline.split(Events, " -> ");
  if (Events.size() <= MaxTextEvents)
    return Timeline.str();
  std::string Out;
  for (size_t I = 0; I < MaxTextEvents; ++I)
    Out += (I ? " -> " : "") + Events[I].str();
  return Out +
         fmt::format(" -> ... ({} more events)", Events.size() - MaxTextEvents);
}

std::string ruleOf(const FindingVerdict &V) {
  return V.IsFunctionTarget ? "" : ruleName(V.F.Rule).str();
}

} // namespace

std::string FindingVerdict::verdictString() const {
  switch (Kind) {
  case VerdictKind::DataRace:
    return "CONFIRMED data-race";
  case VerdictKind::Atomicity:
    return "CONFIRMED atomicity";
  case VerdictKind::NotReproduced:
    return fmt::format("NOT REPRODUCED ({} round{})", RoundsRun,
                       RoundsRun == 1 ? "" : "s");
  case VerdictKind::Verified:
    return fmt::format("VERIFIED clean ({} round{})", RoundsRun,
                       RoundsRun == 1 ? "" : "s");
  case VerdictKind::Hang:
    return "HANG";
  case VerdictKind::Crash:
    return "CRASH " + Detail;
  case VerdictKind::Skipped:
    return "SKIPPED " + Detail;
  case VerdictKind::Error:
    return "ERROR " + Detail;
  }
  llvm_unreachable("unknown verdict");
}

unsigned FindingVerdict::rank() const {
  if (confirmed())
    return 100;
  if (Kind == VerdictKind::NotReproduced || Kind == VerdictKind::Verified)
    return 50;
  return 0;
}

std::string displayPath(llvm::StringRef Path) {
  llvm::SmallString<256> Cwd;
  if (Path.empty() || llvm::sys::fs::current_path(Cwd))
    return Path.str();
  llvm::StringRef Rel = Path;
  if (Rel.consume_front(Cwd) && Rel.consume_front("/") && !Rel.empty())
    return Rel.str();
  return Path.str();
}

std::string displayLocation(const FindingVerdict &V) {
  const Site &S = V.F.Check.Line == 0 ? V.F.Function.Location : V.F.Check;
  std::string File = displayPath(S.File.empty() ? V.F.Check.File : S.File);
  return S.Line ? fmt::format("{}:{}", File, S.Line) : File;
}

std::string firstTsanReport(llvm::StringRef Text) {
  size_t Warn = Text.find("WARNING: ThreadSanitizer:");
  if (Warn == llvm::StringRef::npos)
    return "";
  size_t Begin = Text.rfind('\n', Warn);
  Begin = Begin == llvm::StringRef::npos ? 0 : Begin + 1;
  // Include the opening rule line when it directly precedes the warning.
  if (Begin > 1) {
    size_t PrevBegin = Text.rfind('\n', Begin - 2);
    PrevBegin = PrevBegin == llvm::StringRef::npos ? 0 : PrevBegin + 1;
    if (Text.slice(PrevBegin, Begin).trim() == TsanRule)
      Begin = PrevBegin;
  }
  size_t End = Text.find(TsanRule, Warn);
  if (End == llvm::StringRef::npos)
    End = Text.size();
  else
    End += strlen(TsanRule);
  return Text.slice(Begin, End).rtrim().str() + "\n";
}

void judgeRounds(FindingVerdict &V, const RunSummary &S, unsigned RoundLimit,
                 bool Verify) {
  const RoundResult &R = S.Deciding;
  V.Round = S.Round;
  V.RoundsRun = S.RoundsRun;
  V.RoundLimit = RoundLimit;
  V.Crashes = S.Crashes;
  V.StderrPath = R.StderrPath;
  V.Seed = R.Seed;
  std::string Stderr = readPrefix(R.StderrPath);
  V.TsanReport = firstTsanReport(Stderr);
  for (llvm::StringRef L : llvm::split(V.TsanReport, '\n'))
    if (L.trim().starts_with("SUMMARY: ThreadSanitizer:")) {
      V.TsanSummary = L.trim().str();
      break;
    }

  std::optional<llvm::json::Value> Report = parseObject(R.Report);
  const llvm::json::Object *RO = Report ? Report->getAsObject() : nullptr;
  if (RO) {
    if (auto T = RO->getString("timeline_text"))
      V.Timeline = T->str();
    V.Events = timelineEvents(*RO);
  }

  switch (R.Status) {
  case RoundStatus::Clean:
    V.Kind = Verify ? VerdictKind::Verified : VerdictKind::NotReproduced;
    V.Seed.reset();
    V.Timeline.clear();
    V.Events.clear();
    V.TsanReport.clear();
    V.TsanSummary.clear();
    return;
  case RoundStatus::Race:
    V.VerdictBits = R.VerdictBits;
    V.Kind = (R.VerdictBits & CTA_VERDICT_DATA_RACE) ? VerdictKind::DataRace
                                                     : VerdictKind::Atomicity;
    if (RO) {
      V.Oracles = oraclesOf(*RO, R.VerdictBits);
    } else if (std::optional<llvm::json::Value> Rec =
                   parseObject(R.TsanRecord)) {
      // The round died after ThreadSanitizer's report: the runtime's record
      // of it is the oracle.
      V.Oracles = oraclesOf(*Rec->getAsObject(), R.VerdictBits);
      V.Oracles.back() += " (the harness did not finish)";
    } else {
      V.Oracles = {"ThreadSanitizer reported a data race in " +
                   V.F.Function.QualifiedName +
                   " (read from the round's output: the harness did not "
                   "finish)"};
    }
    V.Note = R.Note;
    for (auto [Count, What] :
         {std::pair{S.Crashes, "crashed"}, std::pair{S.Hangs, "hung"}})
      if (Count)
        V.Note = fmt::format("{}{} earlier round{} {}",
                             V.Note.empty() ? "" : V.Note + "; ", Count,
                             Count == 1 ? "" : "s", What);
    return;
  case RoundStatus::Hang:
    V.Kind = VerdictKind::Hang;
    V.Detail = "";
    return;
  case RoundStatus::Crash:
    V.Kind = VerdictKind::Crash;
    V.Detail = R.Signal;
    V.Note = R.Note;
    return;
  case RoundStatus::NoReport:
    V.Kind = VerdictKind::Crash;
    V.Detail = fmt::format("no report (exit {})", R.ExitCode);
    V.Note = R.Note;
    return;
  case RoundStatus::LaunchFailed:
    V.Kind = VerdictKind::Error;
    V.Detail = "cannot run the harness: " + R.Error;
    return;
  }
}

void renderText(llvm::raw_ostream &OS, const FindingVerdict &V, bool Verbose) {
  std::string Rule = ruleOf(V);
  OS << fmt::format("{}  {}  {}{}\n", V.verdictString(),
                    V.F.Function.QualifiedName, displayLocation(V),
                    Rule.empty() ? "" : "  [" + Rule + "]");
  bool Decided = V.Seed.has_value();
  if (Decided) {
    std::string Where = V.RoundLimit > 1 ? fmt::format("round {} of {}, ",
                                                       V.Round, V.RoundLimit)
                                         : std::string();
    OS << fmt::format("  {}seed {}", Where, *V.Seed);
    if (!V.ReplayCommand.empty())
      OS << " (replay: " << V.ReplayCommand << ")";
    OS << "\n";
  }
  if (!V.Prepared.empty())
    OS << "  state: prepared by " << V.Prepared << " before the race\n";
  if (!V.Driven.empty())
    OS << "  driven: " << V.Driven << "\n";
  if (V.Kind == VerdictKind::Hang)
    OS << "  the round did not finish within the time limit; its process "
          "group was killed\n";
  for (const std::string &O : V.Oracles)
    OS << "  oracle: " << O << "\n";
  if (!V.Note.empty())
    OS << "  note: " << V.Note << "\n";
  if (!V.Timeline.empty())
    OS << "  timeline: " << (Verbose ? V.Timeline : shortTimeline(V.Timeline))
       << "\n";
  if (Verbose && !V.TsanReport.empty()) {
    OS << "  first ThreadSanitizer report:\n";
    for (llvm::StringRef L :
         llvm::split(llvm::StringRef(V.TsanReport).rtrim(), '\n'))
      OS << "    " << L << "\n";
  } else if (!V.TsanSummary.empty()) {
    OS << "  tsan: " << V.TsanSummary << "\n";
  }
  if ((V.Kind == VerdictKind::Crash || V.Kind == VerdictKind::Hang) &&
      !V.StderrPath.empty() && !V.WorkDir.empty())
    OS << "  output: " << V.StderrPath << "\n";
  if (Verbose && !V.WorkDir.empty())
    OS << "  work directory: " << V.WorkDir << "\n";
  if (Verbose && !V.BuildLog.empty())
    OS << "  build log: " << V.BuildLog << "\n";
}

llvm::json::Value renderJSON(const std::vector<FindingVerdict> &Vs) {
  llvm::json::Array A;
  for (const FindingVerdict &V : Vs) {
    llvm::json::Object O{
        {"fingerprint",
         V.IsFunctionTarget ? llvm::json::Value(nullptr) : V.F.fingerprint()},
        {"rule", V.IsFunctionTarget ? llvm::json::Value(nullptr)
                                    : ruleName(V.F.Rule).str()},
        {"function", V.F.Function.QualifiedName},
        {"location", displayLocation(V)},
        {"file",
         V.F.Check.File.empty() ? V.F.Function.Location.File : V.F.Check.File},
        {"line", V.F.Check.Line ? V.F.Check.Line : V.F.Function.Location.Line},
        {"verdict", V.verdictString()},
        {"confirmed", V.confirmed()},
        {"rounds", V.RoundsRun},
        {"round",
         V.Round ? llvm::json::Value(V.Round) : llvm::json::Value(nullptr)},
        {"roundLimit", V.RoundLimit},
        {"seed", V.Seed ? llvm::json::Value(int64_t(*V.Seed))
                        : llvm::json::Value(nullptr)},
        {"replay", V.ReplayCommand.empty()
                       ? llvm::json::Value(nullptr)
                       : llvm::json::Value(V.ReplayCommand)},
        {"oracles", llvm::json::Array(V.Oracles)},
        {"timeline", V.Timeline},
        {"tsanReport", V.TsanReport}};
    if (!V.Detail.empty())
      O["detail"] = V.Detail;
    if (!V.Note.empty())
      O["note"] = V.Note;
    if (!V.Prepared.empty())
      O["prepared"] = V.Prepared;
    if (!V.Driven.empty())
      O["driven"] = V.Driven;
    if (!V.WorkDir.empty())
      O["workDir"] = V.WorkDir;
    A.push_back(std::move(O));
  }
  return llvm::json::Value(std::move(A));
}

llvm::json::Value renderSarif(const std::vector<FindingVerdict> &Vs,
                              llvm::StringRef BuildDir) {
  SarifRunInfo Run;
  Run.ToolVersion = CTA_VERSION;
  Run.SourceRoot = gitRoot(BuildDir);
  // Confirmed first, then not reproduced, then the rest; stable otherwise.
  std::vector<const FindingVerdict *> Order;
  for (const FindingVerdict &V : Vs)
    Order.push_back(&V);
  // Pointers into Vs: ties keep the input order.
  llvm::sort(Order, [](const FindingVerdict *A, const FindingVerdict *B) {
    return A->rank() != B->rank() ? A->rank() > B->rank() : A < B;
  });
  std::vector<SarifResult> Results;
  for (const FindingVerdict *V : Order) {
    SarifResult R;
    R.F = V->F;
    R.Rank = V->rank();
    if (V->IsFunctionTarget) {
      // Not a finding of any rule: a function the user asked about.
      R.IsFinding = false;
      R.Message = "cta confirm: " + V->verdictString() + " for " +
                  V->F.Function.QualifiedName;
    }
    R.Level = V->confirmed() ? "error" : "warning";
    if (V->confirmed() && !V->Events.empty()) {
      R.ThreadFlows = threadFlows(V->Events);
      R.FlowMessage = fmt::format(
          "{} in round {}, seed {}: the interleaving, one thread flow per "
          "thread",
          V->verdictString(), V->Round, V->Seed ? *V->Seed : 0);
    }
    llvm::json::Object &P = R.Properties;
    P["ctaConfirmed"] = V->confirmed();
    P["ctaVerdict"] = V->verdictString();
    P["ctaSeed"] = V->Seed ? llvm::json::Value(int64_t(*V->Seed))
                           : llvm::json::Value(nullptr);
    P["ctaTimeline"] = V->Timeline;
    P["ctaRounds"] = V->RoundsRun;
    if (!V->Oracles.empty())
      P["ctaOracles"] = llvm::json::Array(V->Oracles);
    if (!V->ReplayCommand.empty())
      P["ctaReplay"] = V->ReplayCommand;
    Results.push_back(std::move(R));
  }
  return toSarifLog(Results, Run);
}

} // namespace cta
