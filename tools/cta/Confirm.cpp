//===- Confirm.cpp - `cta confirm`: run flagged functions to prove them ---===//
//
/// \file
/// The driver of dynamic confirmation (docs/architecture.md). For each finding it
/// plans a harness (confirm/Plan), builds it with ThreadSanitizer
/// (confirm/Build), runs it one process per round (confirm/Runner) and
/// reports a verdict (confirm/Verdict) as text, JSON or SARIF. With
/// --emit-tests it writes a GoogleTest per confirmed finding; with --verify
/// it passes only when every round of every finding is clean.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "Database.h"
#include "Options.h"
#include "Support.h"
#include "confirm/Build.h"
#include "confirm/BuildTree.h"
#include "confirm/Plan.h"
#include "confirm/RegressionTests.h"
#include "confirm/StoreServer.h"
#include "confirm/Runner.h"
#include "confirm/Verdict.h"
#include "report/Report.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/raw_ostream.h"
#include <atomic>
#include <chrono>
#include <fmt/format.h>
#include <mutex>
#include <optional>

#ifndef CTA_VERSION
#define CTA_VERSION "0.0.0"
#endif

namespace cta {
namespace {

constexpr unsigned DefaultRounds = 200;
constexpr unsigned DefaultThreads = 4;
constexpr unsigned DefaultTimeout = 10;
constexpr unsigned DefaultVerifyRounds = 50;
/// The runtime's limit (rt.h: at most 64 threads).
constexpr unsigned MaxThreads = 64;

struct ConfirmOptions : CommonOptions {
  std::string FindingsFile;
  std::string FunctionName;
  std::string FunctionFile;
  std::vector<std::string> OnlyFingerprints; ///< --finding
  unsigned Rounds = DefaultRounds;
  unsigned Threads = DefaultThreads;
  std::optional<uint64_t> Seed;
  std::optional<uint64_t> Replay;
  unsigned Timeout = DefaultTimeout;
  std::vector<std::string> Fixtures;
  std::vector<std::string> Links;
  std::string LinkFrom;
  StoreOptions Store;
  std::string EmitTests;
  std::optional<unsigned> Verify;
  bool KeepWork = false;
  std::string WorkDir;
  std::string Runtime;
  bool Naive = false;
  bool Verbose = false;
};

void printHelp(llvm::raw_ostream &OS) {
  OS << "usage: cta confirm -p <build-dir> --findings <file.sarif> [options]\n"
        "       cta confirm -p <build-dir> --function <qualified-name> <file> "
        "[options]\n"
        "\n"
        "Runs each flagged function from several threads under "
        "ThreadSanitizer,\n"
        "steering the schedule into the check-then-act window, and reports "
        "per\n"
        "finding CONFIRMED data-race, CONFIRMED atomicity, NOT REPRODUCED,\n"
        "SKIPPED, HANG or CRASH.\n";
  printOptions(OS, Command::Confirm);
  OS << "\nexit status: 0 nothing confirmed, 1 a race confirmed (with "
        "--verify:\na round was not clean), 2 usage or input errors\n";
}

int error(const llvm::Twine &Msg) {
  llvm::errs() << "cta confirm: error: " << Msg << "\n";
  return ExitError;
}

int error(llvm::Error E) { return error(llvm::toString(std::move(E))); }

/// Parses the command line; returns an exit status when done or on error.
std::optional<int> parseArgs(llvm::ArrayRef<const char *> Argv,
                             ConfirmOptions &O) {
  llvm::Expected<llvm::opt::InputArgList> Args =
      parseCommandLine(Command::Confirm, Argv, O);
  if (!Args)
    return error(Args.takeError());
  if (O.Help) {
    printHelp(llvm::outs());
    return ExitClean;
  }
  if (!O.Jobs)
    O.Jobs = 1;
  // Seeds are printed and replayed as JSON numbers: keep them exact.
  constexpr uint64_t MaxSeed = (uint64_t(1) << 53) - 1;
  std::optional<int> Err;
  auto Number = [&](const llvm::opt::Arg &A, uint64_t Min,
                    uint64_t Max) -> uint64_t {
    llvm::Expected<uint64_t> N = numberValue(A, Min, Max);
    if (N)
      return *N;
    Err = error(N.takeError());
    return 0;
  };
  auto VerifyCount = [&](llvm::StringRef K) {
    unsigned N = DefaultVerifyRounds;
    if (!K.empty() && (K.getAsInteger(10, N) || N == 0 || N > 1000000))
      Err = error("option '--verify' needs a number from 1 to 1000000, got '" +
                  K + "'");
    O.Verify = N;
  };
  // In order: the first bad value is the one reported.
  const llvm::opt::Arg *Verify = nullptr;
  for (const llvm::opt::Arg *A : *Args) {
    switch (A->getOption().getID()) {
    case opts::OPT_INPUT: {
      // `--verify K`: the count is the argument right after it.
      llvm::StringRef V = A->getValue();
      if (Verify && Verify->getIndex() + 1 == A->getIndex() && !V.empty() &&
          llvm::all_of(V, llvm::isDigit)) {
        VerifyCount(V);
        break;
      }
      return error("unexpected argument '" + V +
                   "' (name the function with --function <name> <file>)");
    }
    case opts::OPT_findings:
      O.FindingsFile = A->getValue();
      break;
    case opts::OPT_finding:
      O.OnlyFingerprints.push_back(A->getValue());
      break;
    case opts::OPT_function:
      O.FunctionName = A->getValue(0);
      O.FunctionFile = A->getValue(1);
      break;
    case opts::OPT_rounds:
      O.Rounds = unsigned(Number(*A, 1, 1000000));
      break;
    case opts::OPT_threads:
      O.Threads = unsigned(Number(*A, 2, MaxThreads));
      break;
    case opts::OPT_seed:
      O.Seed = Number(*A, 0, MaxSeed);
      break;
    case opts::OPT_replay:
      O.Replay = Number(*A, 0, MaxSeed);
      break;
    case opts::OPT_timeout:
      O.Timeout = unsigned(Number(*A, 1, 86400));
      break;
    case opts::OPT_verify:
      Verify = A;
      O.Verify = DefaultVerifyRounds;
      break;
    case opts::OPT_verify_eq:
      VerifyCount(A->getValue());
      break;
    case opts::OPT_fixtures:
      O.Fixtures.push_back(A->getValue());
      break;
    case opts::OPT_link:
      O.Links.push_back(A->getValue());
      break;
    case opts::OPT_link_from:
      O.LinkFrom = A->getValue();
      break;
    case opts::OPT_redis_url:
      O.Store.RedisUrl = A->getValue();
      break;
    case opts::OPT_redis_server:
      O.Store.RedisServer = A->getValue();
      break;
    case opts::OPT_pg_dsn:
      O.Store.PgDsn = A->getValue();
      break;
    case opts::OPT_pg_bin:
      O.Store.PgBin = A->getValue();
      break;
    case opts::OPT_emit_tests:
      O.EmitTests = A->getValue();
      break;
    case opts::OPT_work_dir:
      O.WorkDir = A->getValue();
      break;
    case opts::OPT_runtime:
      O.Runtime = A->getValue();
      break;
    case opts::OPT_keep_work:
      O.KeepWork = true;
      break;
    case opts::OPT_naive:
      O.Naive = true;
      break;
    case opts::OPT_verbose:
      O.Verbose = true;
      break;
    }
    if (Err)
      return Err;
  }
  if (O.BuildDir.empty())
    return error("no compilation database: pass -p <build-dir>");
  if (O.FindingsFile.empty() == O.FunctionName.empty())
    return error(O.FindingsFile.empty()
                     ? "nothing to confirm: pass --findings <file.sarif> or "
                       "--function <qualified-name> <file>"
                     : "--findings and --function cannot be combined");
  if (O.Replay && O.Verify)
    return error("--replay and --verify cannot be combined");
  return std::nullopt;
}

/// One finding on its way through plan, build, run and judge.
struct Job {
  FindingVerdict V;
  std::optional<HarnessPlan> Plan;
  std::string InputError;
};

class Confirmer {
public:
  Confirmer(const ConfirmOptions &O,
            const clang::tooling::CompilationDatabase &DB, const Toolchain &TC,
            std::shared_ptr<ConfigResolver> Configs, std::string WorkRoot,
            BuildTree *Tree)
      : O(O), DB(DB), TC(TC), WorkRoot(std::move(WorkRoot)), Tree(Tree),
        Servers(O.Store, this->WorkRoot) {
    Env = harnessEnvironment(TC.Symbolizer);
    PlanOpts.Configs = std::move(Configs);
    for (const std::string &F : O.Fixtures)
      PlanOpts.FixtureFiles.push_back(absolutePath(F));
    PlanOpts.RuntimeInclude = TC.RuntimeInclude;
    for (const std::string &L : O.Links)
      Links.push_back(absolutePath(L));
  }

  uint64_t BaseSeed = 0;
  /// A build failed and its log was printed: keep the work directory.
  std::atomic<bool> BuildFailed{false};

  void run(Job &J, unsigned Index) {
    FindingVerdict &V = J.V;
    std::string Name = V.F.Function.QualifiedName;
    if (O.Verbose)
      progress(fmt::format("planning {}", Name));
    llvm::Expected<HarnessPlan> P = planHarness(DB, V.F, PlanOpts);
    if (!P) {
      J.InputError = llvm::toString(P.takeError());
      V.Kind = VerdictKind::Error;
      V.Detail = J.InputError;
      return;
    }
    J.Plan = std::move(*P);
    const HarnessPlan &Plan = *J.Plan;
    if (V.IsFunctionTarget) {
      // Point at the function's first check, as a finding would, and at
      // its definition when it has none (an atomic twin).
      if (!V.F.Function.Location.Line && Plan.DefinitionLine) {
        V.F.Function.Location.File = Plan.DefinitionFile;
        V.F.Function.Location.Line = Plan.DefinitionLine;
      }
      for (const SiteInfo &S : Plan.Sites)
        if (S.IsCheck && S.Line &&
            (V.F.Check.Line == 0 || S.Line < V.F.Check.Line)) {
          V.F.Check.File = S.File;
          V.F.Check.Line = S.Line;
        }
    }
    if (!Plan.SkipReason.empty()) {
      V.Kind = VerdictKind::Skipped;
      V.Detail = Plan.SkipReason;
      return;
    }
    V.Prepared = Plan.Prepared;
    V.Driven = Plan.Driven;
    if (Tree) {
      std::vector<clang::tooling::CompileCommand> Cmds =
          DB.getCompileCommands(Plan.OriginalFile);
      llvm::Expected<std::vector<std::string>> Derived =
          Cmds.empty() ? std::vector<std::string>()
                       : Tree->linkInputsFor(Cmds.front());
      if (!Derived) {
        J.InputError = llvm::toString(Derived.takeError());
        V.Kind = VerdictKind::Error;
        V.Detail = J.InputError;
        return;
      }
      J.Plan->LinkInputs = std::move(*Derived);
      if (O.Verbose)
        progress(fmt::format("linking {} with {}", Name,
                             llvm::join(Plan.LinkInputs, " ")));
    }

    llvm::SmallString<256> Dir(WorkRoot);
    llvm::sys::path::append(
        Dir, fmt::format("{:02}-{}", Index + 1, sanitizedName(Name)));
    llvm::sys::fs::remove_directories(Dir);
    if (std::error_code EC = llvm::sys::fs::create_directories(Dir)) {
      V.Kind = VerdictKind::Error;
      V.Detail = fmt::format("cannot create the work directory '{}': {}",
                             Dir.str().str(), EC.message());
      J.InputError = V.Detail;
      return;
    }
    if (KeepsWork())
      V.WorkDir = std::string(Dir.str());
    // A store finding's rounds need the store's server (StoreServer.h).
    std::vector<std::string> StoreEnv;
    if (std::string Why; !Plan.Store.empty() &&
                         !Servers.environment(Plan.Store, Dir, Index, StoreEnv,
                                              Why)) {
      V.Kind = VerdictKind::Skipped;
      V.Detail = "the store server did not start: " + Why;
      return;
    }

    if (O.Verbose)
      progress(fmt::format("building {} in {}", Name, Dir.str().str()));
    BuildOptions BO;
    BO.LinkInputs = Links;
    llvm::append_range(BO.LinkInputs, Plan.LinkInputs);
    BO.Naive = O.Naive;
    BuildResult B = buildHarness(Plan, Dir, TC, BO);
    if (!B.Ok) {
      V.Kind = VerdictKind::Skipped;
      V.Detail = "build failed: " + B.Error;
      // The log is the only way to see the whole error: with --verbose it
      // is printed and outlives the temporary work directory.
      if (O.Verbose || KeepsWork()) {
        V.BuildLog = B.LogPath;
        BuildFailed = true;
      }
      return;
    }
    if (O.Verbose && KeepsWork())
      V.BuildLog = B.LogPath;

    RoundOptions RO;
    RO.Threads = O.Threads;
    RO.Flags = O.Naive ? 0 : CTA_STEER | CTA_JITTER;
    RO.TimeoutSeconds = O.Timeout;
    RO.Target = Plan.TargetName;
    RO.Env = Env;
    RO.Env.insert(RO.Env.end(), StoreEnv.begin(), StoreEnv.end());
    std::string Exe = O.Naive ? B.NaiveExecutable : B.Executable;
    uint64_t First = O.Replay ? *O.Replay : BaseSeed;
    unsigned Limit = O.Replay ? 1 : O.Verify ? *O.Verify : O.Rounds;
    RunSummary S = runRounds(Exe, Dir, First, Limit, RO, O.Verbose);
    judgeRounds(V, S, Limit, O.Verify.has_value());
    if (V.Seed && !KeepsWork())
      V.StderrPath.clear();
    if (V.Seed)
      V.ReplayCommand = replayCommand(V, *V.Seed);
  }

  bool KeepsWork() const { return O.KeepWork || !O.WorkDir.empty(); }

private:
  void progress(const std::string &Msg) {
    std::lock_guard<std::mutex> L(ErrM);
    llvm::errs() << "cta confirm: " << Msg << "\n";
  }

  std::string replayCommand(const FindingVerdict &V, uint64_t Seed) const {
    std::string C = "cta confirm -p " + shellQuote(O.BuildDir);
    if (!O.ConfigPath.empty())
      C += " --config " + shellQuote(O.ConfigPath);
    if (V.IsFunctionTarget)
      C += " --function " + shellQuote(O.FunctionName) + " " +
           shellQuote(O.FunctionFile);
    else
      C += " --findings " + shellQuote(O.FindingsFile) + " --finding " +
           V.F.fingerprint();
    if (O.Threads != DefaultThreads)
      C += " --threads " + std::to_string(O.Threads);
    for (const std::string &F : O.Fixtures)
      C += " --fixtures " + shellQuote(F);
    for (const std::string &L : O.Links)
      C += " --link " + shellQuote(L);
    if (!O.LinkFrom.empty())
      C += " --link-from " + shellQuote(O.LinkFrom);
    if (O.Naive)
      C += " --naive";
    return C + " --replay " + std::to_string(Seed);
  }

  const ConfirmOptions &O;
  const clang::tooling::CompilationDatabase &DB;
  const Toolchain &TC;
  std::string WorkRoot;
  BuildTree *Tree;
  StoreServers Servers;
  std::vector<std::string> Env;
  std::vector<std::string> Links;
  PlanOptions PlanOpts;
  std::mutex ErrM;
};

/// The findings of a SARIF log, or of the JSON array `cta lint --format
/// json` writes: each carries its check and act sites, which are what gets
/// instrumented.
llvm::Expected<std::vector<Finding>> readFindings(llvm::StringRef Text) {
  if (!Text.ltrim().starts_with("["))
    return findingsFromSarif(Text);
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(Text);
  if (!V)
    return V.takeError();
  std::vector<Finding> Out;
  for (const llvm::json::Value &E : *V->getAsArray()) {
    llvm::Expected<Finding> F = findingFromJSON(E);
    if (!F)
      return F.takeError();
    Out.push_back(std::move(*F));
  }
  return Out;
}

/// Removes the temporary work directory when the command ends.
class WorkDirCleanup {
public:
  ~WorkDirCleanup() {
    if (!Path.empty())
      llvm::sys::fs::remove_directories(Path);
  }
  std::string Path;
};

} // namespace

int runConfirm(const char *Argv0, llvm::ArrayRef<const char *> Args) {
  ConfirmOptions Opts;
  if (std::optional<int> Exit = parseArgs(Args, Opts))
    return *Exit;
  // The configuration the findings were made with, found as lint and the
  // plugin find it: each TU's nearest .cta.yaml, then --config.
  llvm::Expected<std::vector<ConfigLayer>> Layers =
      commandLineLayers(Opts.ConfigPath, std::nullopt);
  if (!Layers)
    return error(Layers.takeError());
  auto Configs = std::make_shared<ConfigResolver>(std::move(*Layers));

  auto Loaded = loadCompilationDatabase(Opts.BuildDir);
  if (!Loaded)
    return error(llvm::toString(Loaded.takeError()));
  std::unique_ptr<clang::tooling::CompilationDatabase> DB = std::move(*Loaded);

  // What to confirm.
  std::vector<Job> Jobs;
  if (!Opts.FindingsFile.empty()) {
    auto Buf = llvm::MemoryBuffer::getFile(Opts.FindingsFile);
    if (!Buf)
      return error("cannot read '" + Opts.FindingsFile +
                   "': " + Buf.getError().message());
    llvm::Expected<std::vector<Finding>> Fs = readFindings((*Buf)->getBuffer());
    if (!Fs)
      return error("'" + Opts.FindingsFile + "' is not a cta SARIF log: " +
                   llvm::toString(Fs.takeError()));
    llvm::StringSet<> Seen;
    for (Finding &F : *Fs) {
      std::string FP = F.fingerprint();
      if (!Opts.OnlyFingerprints.empty() &&
          llvm::none_of(Opts.OnlyFingerprints, [&](const std::string &P) {
            return llvm::StringRef(FP).starts_with(P);
          }))
        continue;
      // Merged logs repeat findings of headers; confirm each once.
      if (!Seen.insert(FP + "|" + F.Check.File + ":" +
                       std::to_string(F.Check.Line))
               .second)
        continue;
      Job J;
      J.V.F = std::move(F);
      Jobs.push_back(std::move(J));
    }
    if (Jobs.empty()) {
      llvm::errs() << "cta confirm: no findings to confirm in '"
                   << Opts.FindingsFile << "'\n";
      if (Opts.Fmt != Format::Text || !Opts.Output.empty()) {
        std::string Text;
        llvm::raw_string_ostream OS(Text);
        if (Opts.Fmt == Format::Sarif)
          OS << llvm::formatv("{0:2}", renderSarif({}, Opts.BuildDir)) << "\n";
        else if (Opts.Fmt == Format::Json)
          OS << "[]\n";
        if (Opts.Output.empty())
          llvm::outs() << Text;
        else if (llvm::Error E = writeFileAtomically(Opts.Output, Text))
          return error(llvm::toString(std::move(E)));
      }
      return ExitClean;
    }
  } else {
    // A header is not in the database: a translation unit that includes it
    // is found when the function is planned.
    llvm::StringRef Ext = llvm::sys::path::extension(Opts.FunctionFile);
    bool Header = llvm::is_contained(
        {".h", ".hh", ".hpp", ".hxx", ".h++", ".inl", ".ipp", ".tcc"}, Ext);
    llvm::Expected<std::string> File = resolveSourceFile(
        Opts.FunctionFile, Header ? nullptr : DB.get(), Opts.BuildDir);
    if (!File)
      return error(llvm::toString(File.takeError()));
    Job J;
    J.V.F = functionTarget(Opts.FunctionName, *File);
    J.V.IsFunctionTarget = true;
    Jobs.push_back(std::move(J));
  }
  for (const std::string &F : Opts.Fixtures)
    if (!llvm::sys::fs::is_regular_file(F))
      return error("fixture file '" + F + "' does not exist");
  for (const std::string &L : Opts.Links)
    if (!llvm::sys::fs::exists(L))
      return error("link input '" + L + "' does not exist");

  std::unique_ptr<BuildTree> Tree;
  if (!Opts.LinkFrom.empty()) {
    llvm::Expected<std::unique_ptr<BuildTree>> T =
        BuildTree::open(Opts.LinkFrom);
    if (!T)
      return error(T.takeError());
    Tree = std::move(*T);
  }

  llvm::Expected<Toolchain> TC = findToolchain(Argv0, Opts.Runtime);
  if (!TC)
    return error(llvm::toString(TC.takeError()));

  // Where harnesses are built and run.
  WorkDirCleanup Cleanup;
  std::string WorkRoot;
  if (!Opts.WorkDir.empty()) {
    WorkRoot = absolutePath(Opts.WorkDir);
    if (std::error_code EC = llvm::sys::fs::create_directories(WorkRoot))
      return error("cannot create the work directory '" + Opts.WorkDir +
                   "': " + EC.message());
  } else {
    llvm::SmallString<256> Tmp;
    if (std::error_code EC =
            llvm::sys::fs::createUniqueDirectory("cta-confirm", Tmp))
      return error("cannot create a temporary directory: " + EC.message());
    WorkRoot = std::string(Tmp.str());
    if (!Opts.KeepWork)
      Cleanup.Path = WorkRoot;
  }

  Confirmer C(Opts, *DB, *TC, std::move(Configs), WorkRoot, Tree.get());
  if (Opts.Replay) {
    C.BaseSeed = *Opts.Replay;
  } else {
    C.BaseSeed =
        Opts.Seed
            ? *Opts.Seed
            : uint64_t(std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count());
    llvm::errs() << fmt::format(
        "cta confirm: seed {} ({} finding{}, {} "
        "round{} each at most, {} threads)\n",
        C.BaseSeed, Jobs.size(), Jobs.size() == 1 ? "" : "s",
        Opts.Verify ? *Opts.Verify : Opts.Rounds,
        (Opts.Verify ? *Opts.Verify : Opts.Rounds) == 1 ? "" : "s",
        Opts.Threads);
  }

  // Text verdicts are printed as soon as they and all before them are
  // known, so the output order is the input order whatever -j is.
  bool TextToStdout = Opts.Fmt == Format::Text && Opts.Output.empty();
  std::mutex PrintM;
  std::vector<bool> Done(Jobs.size(), false);
  size_t NextToPrint = 0;
  auto Finished = [&](size_t I) {
    std::lock_guard<std::mutex> L(PrintM);
    Done[I] = true;
    if (!Jobs[I].InputError.empty())
      error(Jobs[I].V.F.Function.QualifiedName + ": " + Jobs[I].InputError);
    if (!TextToStdout)
      return;
    for (; NextToPrint < Jobs.size() && Done[NextToPrint]; ++NextToPrint) {
      renderText(llvm::outs(), Jobs[NextToPrint].V, Opts.Verbose);
      llvm::outs().flush();
    }
  };
  unsigned Workers = std::min<unsigned>(Opts.Jobs, Jobs.size());
  if (Workers <= 1) {
    for (size_t I = 0; I < Jobs.size(); ++I) {
      C.run(Jobs[I], unsigned(I));
      Finished(I);
    }
  } else {
    llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(Workers));
    for (size_t I = 0; I < Jobs.size(); ++I)
      Pool.async([&, I] {
        C.run(Jobs[I], unsigned(I));
        Finished(I);
      });
    Pool.wait();
  }
  if (C.BuildFailed)
    Cleanup.Path.clear();

  // Structured output, or text into a file.
  if (!TextToStdout) {
    std::vector<FindingVerdict> Vs;
    for (const Job &J : Jobs)
      Vs.push_back(J.V);
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    if (Opts.Fmt == Format::Sarif)
      OS << llvm::formatv("{0:2}", renderSarif(Vs, Opts.BuildDir)) << "\n";
    else if (Opts.Fmt == Format::Json)
      OS << llvm::formatv("{0:2}", renderJSON(Vs)) << "\n";
    else
      for (const FindingVerdict &V : Vs)
        renderText(OS, V, Opts.Verbose);
    OS.flush();
    if (Opts.Output.empty())
      llvm::outs() << Text;
    else if (llvm::Error E = writeFileAtomically(Opts.Output, Text))
      return error(llvm::toString(std::move(E)));
  }

  bool OutputErrors = false;
  if (!Opts.EmitTests.empty()) {
    std::vector<std::string> Links;
    for (const std::string &L : Opts.Links)
      Links.push_back(absolutePath(L));
    std::vector<RegressionTest> Tests;
    for (const Job &J : Jobs)
      if (J.V.confirmed() && J.Plan)
        Tests.push_back({&J.V, &*J.Plan});
    if (llvm::Error E =
            emitRegressionTests(Opts.EmitTests, Tests, Links, Opts.Verbose)) {
      error(std::move(E));
      OutputErrors = true;
    }
  }

  // Summary and exit status.
  unsigned Confirmed = 0, Clean = 0, Skipped = 0, Failed = 0, Errors = 0;
  for (const Job &J : Jobs) {
    switch (J.V.Kind) {
    case VerdictKind::DataRace:
    case VerdictKind::Atomicity:
      ++Confirmed;
      break;
    case VerdictKind::NotReproduced:
    case VerdictKind::Verified:
      ++Clean;
      break;
    case VerdictKind::Hang:
    case VerdictKind::Crash:
      ++Failed;
      break;
    case VerdictKind::Skipped:
      ++Skipped;
      break;
    case VerdictKind::Error:
      ++Errors;
      break;
    }
  }
  llvm::errs() << fmt::format(
      "cta confirm: {} confirmed, {} {}, {} hang or crash, {} skipped{}\n",
      Confirmed, Clean, Opts.Verify ? "verified" : "not reproduced", Failed,
      Skipped,
      Errors ? fmt::format(", {} error{}", Errors, Errors == 1 ? "" : "s")
             : "");
  if (Opts.KeepWork && Opts.WorkDir.empty())
    llvm::errs() << "cta confirm: work directory kept: " << WorkRoot << "\n";

  if (Opts.Verify) {
    // A fix is verified only when every round of every finding was clean.
    if (Confirmed || Failed)
      return ExitFindings;
    return Skipped || Errors || OutputErrors ? ExitError : ExitClean;
  }
  if (Confirmed)
    return ExitFindings;
  return Errors || OutputErrors ? ExitError : ExitClean;
}

} // namespace cta
