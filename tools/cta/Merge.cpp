//===- Merge.cpp - `cta merge`: SARIF logs of several runs as one ---------===//
//
/// \file
/// CI splits a lint run (`cta lint --shard K/N`, or one plugin log per
/// object file) and code scanning wants one log. `cta merge` reads SARIF
/// 2.1.0 logs and writes one: one run per tool, each rule listed once, each
/// result once (the same partialFingerprints at the same location is the
/// same result), the invocations folded into one (successful only when all
/// were) with every notification kept. URIs relative to a %SRCROOT% that
/// differs between the logs are rewritten so that they still resolve
/// (docs/cli.md, "cta merge").
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "report/Report.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <fmt/format.h>
#include <map>

namespace cta {
namespace {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

struct MergeOptions {
  std::vector<std::string> Inputs;
  std::string Output; ///< Empty or "-": standard output.
};

void printHelp(llvm::raw_ostream &OS) {
  OS << "usage: cta merge <a.sarif> <b.sarif>... [-o <out.sarif>]\n"
        "\n"
        "Merges SARIF 2.1.0 logs (of 'cta lint' shards, of the plugin, of "
        "'cta confirm')\n"
        "into one: one run per tool, rules listed once, results deduplicated "
        "by\n"
        "partialFingerprints and location, invocations merged "
        "(executionSuccessful\n"
        "only when every run's was), notifications kept.\n"
        "\n"
        "options:\n"
        "  -o <file>   the log to write (default, or '-': standard output)\n"
        "  --help      print this help\n"
        "\n"
        "exit status: 0 written, 2 usage or input errors\n";
}

int error(const llvm::Twine &Msg) {
  llvm::errs() << "cta merge: error: " << Msg << "\n";
  return ExitError;
}

int error(llvm::Error E) { return error(llvm::toString(std::move(E))); }

std::optional<int> parseArgs(llvm::ArrayRef<const char *> Args,
                             MergeOptions &O) {
  bool OnlyFiles = false;
  for (size_t I = 0; I < Args.size(); ++I) {
    llvm::StringRef A = Args[I];
    if (OnlyFiles || A == "-" || !A.starts_with("-")) {
      O.Inputs.push_back(A.str());
      continue;
    }
    if (A == "--") {
      OnlyFiles = true;
      continue;
    }
    if (A == "--help" || A == "-h") {
      printHelp(llvm::outs());
      return ExitClean;
    }
    if (A == "-o") {
      if (I + 1 == Args.size())
        return error("option '-o' needs a value");
      O.Output = Args[++I];
      continue;
    }
    if (A.consume_front("-o")) {
      A.consume_front("=");
      O.Output = A.str();
      continue;
    }
    return error("unknown option '" + A + "' (see 'cta merge --help')");
  }
  if (O.Inputs.empty())
    return error("no SARIF logs to merge (usage: cta merge <a.sarif> "
                 "<b.sarif>... -o <out.sarif>)");
  return std::nullopt;
}

std::string serialize(const Value &V) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  OS << V;
  return S;
}

/// A run's originalUriBaseIds: base id to its absolute URI.
using Bases = std::map<std::string, std::string>;

Bases basesOf(const Object &Run) {
  Bases Out;
  if (const Object *B = Run.getObject("originalUriBaseIds"))
    for (const auto &KV : *B)
      if (const Object *Loc = KV.second.getAsObject())
        if (std::optional<llvm::StringRef> U = Loc->getString("uri"))
          Out[KV.first.str()] = U->str();
  return Out;
}

/// Rewrites every artifact location below \p V that is relative to a base
/// of \p From whose URI the merged run gives another meaning: to the merged
/// base when the file is below it, else to an absolute URI.
void rebase(Value &V, const Bases &From, const Bases &To) {
  if (Array *A = V.getAsArray()) {
    for (Value &E : *A)
      rebase(E, From, To);
    return;
  }
  Object *O = V.getAsObject();
  if (!O)
    return;
  std::optional<llvm::StringRef> Uri = O->getString("uri");
  std::optional<llvm::StringRef> Base = O->getString("uriBaseId");
  if (Uri && Base) {
    auto F = From.find(Base->str());
    auto T = To.find(Base->str());
    if (F != From.end() && (T == To.end() || T->second != F->second)) {
      std::string Abs = F->second + Uri->str();
      O->erase("uriBaseId");
      (*O)["uri"] = Abs;
      for (const auto &[Id, Root] : To)
        if (llvm::StringRef(Abs).starts_with(Root) &&
            Abs.size() > Root.size()) {
          (*O)["uri"] = Abs.substr(Root.size());
          (*O)["uriBaseId"] = Id;
          break;
        }
    }
    return;
  }
  for (auto &KV : *O)
    rebase(KV.second, From, To);
}

/// One tool's runs, merged.
struct MergedRun {
  Object Driver; ///< The first run's, rules replaced.
  Array Rules;
  llvm::StringMap<unsigned> RuleIndex;
  Array Results;
  llvm::StringSet<> SeenResults;
  bool HasInvocation = false;
  bool Successful = true;
  Array Notifications;
  Array ConfigNotifications;
  llvm::StringSet<> SeenNotifications;
  Bases RootBases;
  std::optional<Value> ColumnKind;
  size_t Duplicates = 0;

  /// The key of a result: its rule, fingerprints and primary location.
  static std::string resultKey(const Object &R) {
    const Value *FP = R.get("partialFingerprints");
    const Array *Locs = R.getArray("locations");
    const Object *Loc0 =
        Locs && !Locs->empty() ? (*Locs)[0].getAsObject() : nullptr;
    const Value *Phys = Loc0 ? Loc0->get("physicalLocation") : nullptr;
    if (!FP && !Phys)
      return serialize(Value(Object(R)));
    return (R.getString("ruleId").value_or("") + "\n" +
            (FP ? serialize(*FP) : "") + "\n" + (Phys ? serialize(*Phys) : ""))
        .str();
  }

  void addNotes(const Array *From, Array &To) {
    if (!From)
      return;
    for (const Value &N : *From)
      if (SeenNotifications.insert(serialize(N)).second)
        To.push_back(N);
  }

  void add(Object &Run) {
    Bases Own = basesOf(Run);
    if (Driver.empty()) {
      if (const Object *Tool = Run.getObject("tool"))
        if (const Object *D = Tool->getObject("driver"))
          Driver = *D;
      RootBases = Own;
      if (const Value *C = Run.get("columnKind"))
        ColumnKind = *C;
    }
    for (const auto &[Id, Uri] : Own)
      RootBases.try_emplace(Id, Uri); // A base the first run did not use.
    // The run's rules, by index, as merged indices.
    std::vector<std::optional<unsigned>> IndexOf;
    const Object *Tool = Run.getObject("tool");
    const Object *D = Tool ? Tool->getObject("driver") : nullptr;
    if (const Array *Rs = D ? D->getArray("rules") : nullptr)
      for (const Value &Rule : *Rs) {
        const Object *RO = Rule.getAsObject();
        std::optional<llvm::StringRef> Id =
            RO ? RO->getString("id") : std::nullopt;
        if (!Id) {
          IndexOf.push_back(std::nullopt);
          continue;
        }
        auto [It, New] = RuleIndex.try_emplace(*Id, Rules.size());
        if (New)
          Rules.push_back(Rule);
        IndexOf.push_back(It->second);
      }
    if (Array *Rs = Run.getArray("results"))
      for (Value &R : *Rs) {
        rebase(R, Own, RootBases);
        Object *RO = R.getAsObject();
        if (!RO)
          continue;
        std::optional<unsigned> Merged;
        if (std::optional<int64_t> I = RO->getInteger("ruleIndex"))
          if (*I >= 0 && size_t(*I) < IndexOf.size())
            Merged = IndexOf[*I];
        if (std::optional<llvm::StringRef> Id = RO->getString("ruleId"))
          if (auto It = RuleIndex.find(*Id); It != RuleIndex.end())
            Merged = It->second;
        if (Merged)
          (*RO)["ruleIndex"] = *Merged;
        else
          RO->erase("ruleIndex");
        if (!SeenResults.insert(resultKey(*RO)).second) {
          ++Duplicates;
          continue;
        }
        Results.push_back(std::move(R));
      }
    if (Array *Invs = Run.getArray("invocations"))
      for (Value &Inv : *Invs) {
        rebase(Inv, Own, RootBases);
        Object *IO = Inv.getAsObject();
        if (!IO)
          continue;
        HasInvocation = true;
        Successful &= IO->getBoolean("executionSuccessful").value_or(true);
        addNotes(IO->getArray("toolExecutionNotifications"), Notifications);
        addNotes(IO->getArray("toolConfigurationNotifications"),
                 ConfigNotifications);
      }
  }

  Object take() {
    Driver["rules"] = std::move(Rules);
    Object Run{{"tool", Object{{"driver", std::move(Driver)}}},
               {"results", std::move(Results)}};
    if (HasInvocation) {
      Object Inv{{"executionSuccessful", Successful},
                 {"toolExecutionNotifications", std::move(Notifications)}};
      if (!ConfigNotifications.empty())
        Inv["toolConfigurationNotifications"] = std::move(ConfigNotifications);
      Run["invocations"] = Array{std::move(Inv)};
    }
    if (ColumnKind)
      Run["columnKind"] = std::move(*ColumnKind);
    if (!RootBases.empty()) {
      Object B;
      for (auto &[Id, Uri] : RootBases)
        B[Id] = Object{{"uri", Uri}};
      Run["originalUriBaseIds"] = std::move(B);
    }
    return Run;
  }
};

llvm::Expected<Value> readLog(llvm::StringRef Path) {
  auto Buf = llvm::MemoryBuffer::getFileOrSTDIN(Path, /*IsText=*/true);
  if (!Buf) {
    std::string Why = Buf.getError().message();
    Why[0] = llvm::toLower(Why[0]);
    return llvm::createStringError("cannot read '" + Path + "': " + Why);
  }
  llvm::Expected<Value> V = parseSarifLog((*Buf)->getBuffer());
  if (!V)
    return llvm::createStringError("'" + Path +
                                   "': " + llvm::toString(V.takeError()));
  std::optional<llvm::StringRef> Version =
      V->getAsObject()->getString("version");
  if (Version != "2.1.0")
    return llvm::createStringError("'" + Path +
                                   "' is not a SARIF 2.1.0 log (version '" +
                                   Version.value_or("") + "')");
  return V;
}

} // namespace

int runMerge(const char *Argv0, llvm::ArrayRef<const char *> Args) {
  (void)Argv0;
  MergeOptions Opts;
  if (std::optional<int> Exit = parseArgs(Args, Opts))
    return *Exit;

  // One merged run per tool, in the order the tools first appear.
  std::vector<std::string> Tools;
  std::map<std::string, MergedRun> ByTool;
  std::optional<Value> Schema;
  size_t Read = 0;
  for (const std::string &Path : Opts.Inputs) {
    llvm::Expected<Value> Log = readLog(Path);
    if (!Log)
      return error(Log.takeError());
    ++Read;
    Object &Top = *Log->getAsObject();
    if (!Schema)
      if (const Value *S = Top.get("$schema"))
        Schema = *S;
    for (Value &R : *Top.getArray("runs")) {
      Object *Run = R.getAsObject();
      if (!Run)
        return error("'" + Path + "': a run is not an object");
      const Object *Tool = Run->getObject("tool");
      const Object *Driver = Tool ? Tool->getObject("driver") : nullptr;
      std::optional<llvm::StringRef> Name =
          Driver ? Driver->getString("name") : std::nullopt;
      if (!Name)
        return error("'" + Path + "': a run has no tool.driver.name");
      auto [It, New] = ByTool.try_emplace(Name->str());
      if (New)
        Tools.push_back(Name->str());
      It->second.add(*Run);
    }
  }

  Array Runs;
  size_t Results = 0, Duplicates = 0;
  for (const std::string &T : Tools) {
    MergedRun &M = ByTool[T];
    Results += M.Results.size();
    Duplicates += M.Duplicates;
    Runs.push_back(M.take());
  }
  Value Out =
      Object{{"$schema",
              Schema ? *Schema
                     : Value("https://json.schemastore.org/sarif-2.1.0.json")},
             {"version", "2.1.0"},
             {"runs", std::move(Runs)}};
  std::string Text = llvm::formatv("{0:2}\n", Out).str();
  if (Opts.Output.empty() || Opts.Output == "-") {
    llvm::outs() << Text;
    llvm::outs().flush();
  } else if (llvm::Error E = writeFileAtomically(Opts.Output, Text)) {
    return error(std::move(E));
  }
  llvm::errs() << fmt::format(
      "cta merge: {} result{} from {} log{} ({} duplicate{} dropped)\n",
      Results, Results == 1 ? "" : "s", Read, Read == 1 ? "" : "s", Duplicates,
      Duplicates == 1 ? "" : "s");
  return ExitClean;
}

} // namespace cta
