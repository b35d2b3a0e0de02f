//===- Confirm.cpp - `cta confirm`: run flagged functions to prove them ---===//
//
/// \file
/// The driver of dynamic confirmation (DESIGN §6). For each finding it
/// plans a harness (confirm/Plan), builds it with ThreadSanitizer
/// (confirm/Build), runs it one process per round (confirm/Runner) and
/// reports a verdict (confirm/Verdict) as text, JSON or SARIF. With
/// --emit-tests it writes a GoogleTest per confirmed finding; with --verify
/// it passes only when every round of every finding is clean.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "Database.h"
#include "confirm/Build.h"
#include "confirm/Plan.h"
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

struct ConfirmOptions {
  std::string BuildDir;
  std::string FindingsFile;
  std::string FunctionName;
  std::string FunctionFile;
  std::vector<std::string> OnlyFingerprints; ///< --finding
  unsigned Rounds = DefaultRounds;
  unsigned Threads = DefaultThreads;
  std::optional<uint64_t> Seed;
  std::optional<uint64_t> Replay;
  unsigned Timeout = DefaultTimeout;
  unsigned Jobs = 1;
  Format Fmt = Format::Text;
  std::string Output;
  std::vector<std::string> Fixtures;
  std::vector<std::string> Links;
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
        "SKIPPED, HANG or CRASH.\n"
        "\n"
        "inputs:\n"
        "  -p <build-dir>          directory holding compile_commands.json\n"
        "  --findings <file>       findings to confirm (SARIF from cta lint or "
        "the plugin)\n"
        "  --finding <fingerprint> only the findings whose fingerprint starts "
        "with this\n"
        "  --function <name> <file>  confirm one function of a translation "
        "unit\n"
        "  --fixtures <file>       CTA_FIXTURE(...) definitions (repeatable)\n"
        "  --link <input>          library or object to link into harnesses "
        "(repeatable)\n"
        "\n"
        "running:\n"
        "  --rounds <N>            rounds before NOT REPRODUCED (default 200)\n"
        "  --threads <N>           threads calling the function (default 4)\n"
        "  --seed <S>              seed of the first round (default: from the "
        "clock)\n"
        "  --replay <S>            run the round with seed S once\n"
        "  --timeout <sec>         time limit of one round (default 10)\n"
        "  -j <N>                  findings confirmed in parallel (default 1)\n"
        "  --verify [K]            pass only if K rounds (default 50) are all "
        "clean\n"
        "  --naive                 run the uninstrumented, unsteered baseline\n"
        "\n"
        "output:\n"
        "  --format text|json|sarif  output format (default: text)\n"
        "  -o <file>               write the output to <file>\n"
        "  --emit-tests <dir>      write a GoogleTest per confirmed finding\n"
        "  --verbose               progress, full TSan reports, build logs\n"
        "  --work-dir <dir>        build and run there (kept)\n"
        "  --keep-work             keep the temporary work directory\n"
        "  --runtime <lib>         libcta_rt.a to link (default: beside cta)\n"
        "\n"
        "exit status: 0 nothing confirmed, 1 a race confirmed (with --verify:\n"
        "a round was not clean), 2 usage or input errors\n";
}

int error(const llvm::Twine &Msg) {
  llvm::errs() << "cta confirm: error: " << Msg << "\n";
  return ExitError;
}

/// Parses the command line; returns an exit status when done or on error.
std::optional<int> parseArgs(llvm::ArrayRef<llvm::StringRef> Args,
                             ConfirmOptions &O) {
  for (size_t I = 0; I < Args.size(); ++I) {
    llvm::StringRef A = Args[I];
    std::optional<int> Err;
    // `--name value`, `--name=value`, and for short options `-jN`.
    auto Value = [&](llvm::StringRef Name) -> std::optional<std::string> {
      if (A.starts_with(Name.str() + "="))
        return A.drop_front(Name.size() + 1).str();
      if (Name.size() == 2 && A.starts_with(Name) && A.size() > 2)
        return A.drop_front(2).str();
      if (A != Name)
        return std::nullopt;
      if (I + 1 < Args.size())
        return Args[++I].str();
      Err = error("option '" + Name + "' needs a value");
      return std::nullopt;
    };
    auto Number = [&](llvm::StringRef Name, uint64_t Min,
                      uint64_t Max) -> std::optional<uint64_t> {
      std::optional<std::string> V = Value(Name);
      if (!V)
        return std::nullopt;
      uint64_t N = 0;
      if (llvm::StringRef(*V).getAsInteger(10, N) || N < Min || N > Max) {
        Err = error(fmt::format("option '{}' needs a number from {} to {}, "
                                "got '{}'",
                                Name.str(), Min, Max, *V));
        return std::nullopt;
      }
      return N;
    };
    // Seeds are printed and replayed as JSON numbers: keep them exact.
    constexpr uint64_t MaxSeed = (uint64_t(1) << 53) - 1;

    if (A == "--help" || A == "-h") {
      printHelp(llvm::outs());
      return ExitClean;
    }
    if (auto V = Value("-p")) {
      O.BuildDir = *V;
      continue;
    }
    if (auto V = Value("--findings")) {
      O.FindingsFile = *V;
      continue;
    }
    if (auto V = Value("--finding")) {
      O.OnlyFingerprints.push_back(*V);
      continue;
    }
    if (A == "--function") {
      if (I + 2 >= Args.size())
        return error("option '--function' needs a qualified name and a file");
      O.FunctionName = Args[++I].str();
      O.FunctionFile = Args[++I].str();
      continue;
    }
    if (auto N = Number("--rounds", 1, 1000000)) {
      O.Rounds = unsigned(*N);
      continue;
    }
    if (auto N = Number("--threads", 2, MaxThreads)) {
      O.Threads = unsigned(*N);
      continue;
    }
    if (auto N = Number("--seed", 0, MaxSeed)) {
      O.Seed = *N;
      continue;
    }
    if (auto N = Number("--replay", 0, MaxSeed)) {
      O.Replay = *N;
      continue;
    }
    if (auto N = Number("--timeout", 1, 86400)) {
      O.Timeout = unsigned(*N);
      continue;
    }
    if (auto N = Number("-j", 1, 256)) {
      O.Jobs = unsigned(*N);
      continue;
    }
    if (A == "--verify" || A.starts_with("--verify=")) {
      llvm::StringRef K;
      if (A.starts_with("--verify="))
        K = A.drop_front(strlen("--verify="));
      else if (I + 1 < Args.size() && !Args[I + 1].empty() &&
               llvm::all_of(Args[I + 1], llvm::isDigit))
        K = Args[++I];
      unsigned N = DefaultVerifyRounds;
      if (!K.empty() && (K.getAsInteger(10, N) || N == 0 || N > 1000000))
        return error("option '--verify' needs a number from 1 to 1000000, "
                     "got '" +
                     K + "'");
      O.Verify = N;
      continue;
    }
    if (auto V = Value("--format")) {
      std::optional<Format> F = parseFormat(*V);
      if (!F)
        return error("unknown format '" + *V +
                  "' (expected text, json or sarif)");
      O.Fmt = *F;
      continue;
    }
    if (auto V = Value("-o")) {
      O.Output = *V;
      continue;
    }
    if (auto V = Value("--fixtures")) {
      O.Fixtures.push_back(*V);
      continue;
    }
    if (auto V = Value("--link")) {
      O.Links.push_back(*V);
      continue;
    }
    if (auto V = Value("--emit-tests")) {
      O.EmitTests = *V;
      continue;
    }
    if (auto V = Value("--work-dir")) {
      O.WorkDir = *V;
      continue;
    }
    if (auto V = Value("--runtime")) {
      O.Runtime = *V;
      continue;
    }
    if (Err)
      return Err;
    if (A == "--keep-work") {
      O.KeepWork = true;
      continue;
    }
    if (A == "--naive") {
      O.Naive = true;
      continue;
    }
    if (A == "--verbose" || A == "-v") {
      O.Verbose = true;
      continue;
    }
    if (A.starts_with("-"))
      return error("unknown option '" + A + "' (see 'cta confirm --help')");
    return error("unexpected argument '" + A +
                 "' (name the function with --function <name> <file>)");
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

/// `ns::Cache::get` -> `ns_Cache_get`.
std::string sanitizedName(llvm::StringRef Name) {
  std::string Out;
  for (char C : Name) {
    if (llvm::isAlnum(C))
      Out += C;
    else if (!Out.empty() && Out.back() != '_')
      Out += '_';
  }
  while (!Out.empty() && Out.back() == '_')
    Out.pop_back();
  if (Out.empty())
    Out = "function";
  if (llvm::isDigit(Out[0]))
    Out = "f_" + Out;
  return Out;
}

/// An argument as a POSIX shell reads it back.
std::string shellQuote(llvm::StringRef S) {
  if (!S.empty() && llvm::all_of(S, [](char C) {
        return llvm::isAlnum(C) || llvm::StringRef("_-./:=@%+,").contains(C);
      }))
    return S.str();
  std::string Out = "'";
  for (char C : S) {
    if (C == '\'')
      Out += "'\\''";
    else
      Out += C;
  }
  return Out + "'";
}

/// A CMake quoted argument.
std::string cmakeQuote(llvm::StringRef S) {
  std::string Out = "\"";
  for (char C : S) {
    if (C == '\\' || C == '"' || C == '$' || C == ';')
      Out += '\\';
    Out += C;
  }
  return Out + "\"";
}

std::string absolute(llvm::StringRef Path) {
  llvm::SmallString<256> Abs(Path);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs.str());
}

/// One finding on its way through plan, build, run and judge.
struct Job {
  FindingVerdict V;
  std::optional<HarnessPlan> Plan;
  std::string InputError;
};

class Confirmer {
public:
  Confirmer(const ConfirmOptions &O, const clang::tooling::CompilationDatabase &DB,
            const Toolchain &TC, std::string WorkRoot)
      : O(O), DB(DB), TC(TC), WorkRoot(std::move(WorkRoot)) {
    Env = harnessEnvironment(TC.Symbolizer);
    for (const std::string &F : O.Fixtures)
      PlanOpts.FixtureFiles.push_back(absolute(F));
    PlanOpts.RuntimeInclude = TC.RuntimeInclude;
    for (const std::string &L : O.Links)
      Links.push_back(absolute(L));
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
      // Point at the function's first check, as a finding would.
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

    if (O.Verbose)
      progress(fmt::format("building {} in {}", Name, Dir.str().str()));
    BuildOptions BO;
    BO.LinkInputs = Links;
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
    if (O.Naive)
      C += " --naive";
    return C + " --replay " + std::to_string(Seed);
  }

  const ConfirmOptions &O;
  const clang::tooling::CompilationDatabase &DB;
  const Toolchain &TC;
  std::string WorkRoot;
  std::vector<std::string> Env;
  std::vector<std::string> Links;
  PlanOptions PlanOpts;
  std::mutex ErrM;
};

/// The CMake fragment that builds and registers one regression test.
std::string testFragment(const Job &J, llvm::StringRef Name,
                         const std::vector<std::string> &Links) {
  const HarnessPlan &P = *J.Plan;
  const FindingVerdict &V = J.V;
  std::string S = fmt::format(
      "# Generated by cta confirm for {} ({}): {}.\n",
      V.F.Function.QualifiedName, displayLocation(V), V.verdictString());
  if (V.ReplayCommand.size())
    S += "# Replay: " + V.ReplayCommand + "\n";
  S += fmt::format("add_executable({0} \"${{CMAKE_CURRENT_LIST_DIR}}/{0}.cpp\")\n",
                   Name.str());
  // Options that take their value as the next argument stay one group, or
  // CMake's de-duplication would merge repeated `-isystem`s.
  static const llvm::StringRef Separate[] = {
      "-I",         "-isystem", "-iquote",  "-idirafter", "-include",
      "-imacros",   "-D",       "-U",       "-x",         "-Xclang",
      "-isysroot",  "-target",  "-mllvm",   "-Xpreprocessor", "-arch",
      "-working-directory"};
  std::vector<std::string> Args = harnessCompileArgs(P);
  std::string Opts;
  for (size_t I = 0; I < Args.size(); ++I) {
    bool Pair = I + 1 < Args.size() &&
                llvm::is_contained(Separate, llvm::StringRef(Args[I]));
    if (Pair) {
      Opts += "\n  " + cmakeQuote("SHELL:" + shellQuote(Args[I]) + " " +
                                  shellQuote(Args[I + 1]));
      ++I;
      continue;
    }
    Opts += "\n  " + cmakeQuote(Args[I]);
  }
  if (!Opts.empty())
    S += fmt::format("target_compile_options({} PRIVATE{})\n", Name.str(), Opts);
  if (P.Inv == Invariant::NoDataRace) {
    S += fmt::format("target_compile_options({} PRIVATE -fsanitize=thread -g "
                     "-O1 -fno-omit-frame-pointer)\n"
                     "target_link_options({} PRIVATE -fsanitize=thread)\n",
                     Name.str(), Name.str());
  }
  S += fmt::format("target_link_libraries({} PRIVATE GTest::gtest "
                   "GTest::gtest_main Threads::Threads",
                   Name.str());
  for (const std::string &L : Links)
    S += " " + cmakeQuote(L);
  S += ")\n";
  S += fmt::format("add_test(NAME {0} COMMAND {0})\n"
                   "set_tests_properties({0} PROPERTIES LABELS race)\n",
                   Name.str());
  return S;
}

const char TestsCMakeLists[] =
    R"(# Regression tests for check-then-act races confirmed by `cta confirm
# --emit-tests`. Each <name>_race_test.cpp drives a function from several
# threads without cta's instrumentation and asserts the invariant the race
# broke; <name>_race_test.cmake builds it with the translation unit's own
# flags. Use it standalone or with add_subdirectory(); `ctest -L race` runs
# them. Configure with the compiler the translation units were compiled with.
cmake_minimum_required(VERSION 3.16)
project(cta_race_tests CXX)
find_package(GTest REQUIRED)
find_package(Threads REQUIRED)
enable_testing()
file(GLOB CTA_RACE_TESTS CONFIGURE_DEPENDS
  "${CMAKE_CURRENT_SOURCE_DIR}/*_race_test.cmake")
foreach(CTA_RACE_TEST IN LISTS CTA_RACE_TESTS)
  include("${CTA_RACE_TEST}")
endforeach()
)";

/// Writes the regression tests of the confirmed findings; returns false on
/// an error (already printed).
bool emitTests(llvm::StringRef Dir, const std::vector<Job> &Jobs,
               const std::vector<std::string> &Links, bool Verbose) {
  if (std::error_code EC = llvm::sys::fs::create_directories(Dir)) {
    error("cannot create '" + Dir + "': " + EC.message());
    return false;
  }
  llvm::StringMap<unsigned> Used;
  unsigned Written = 0;
  for (const Job &J : Jobs) {
    if (!J.V.confirmed() || !J.Plan || J.Plan->RegressionTestSource.empty())
      continue;
    std::string Base = sanitizedName(J.V.F.Function.QualifiedName);
    unsigned N = ++Used[Base];
    std::string Name =
        (N == 1 ? Base : Base + "_" + std::to_string(N)) + "_race_test";
    llvm::SmallString<256> Cpp(Dir), Cmake(Dir);
    llvm::sys::path::append(Cpp, Name + ".cpp");
    llvm::sys::path::append(Cmake, Name + ".cmake");
    if (llvm::Error E =
            writeFileAtomically(Cpp, J.Plan->RegressionTestSource)) {
      error(llvm::toString(std::move(E)));
      return false;
    }
    if (llvm::Error E = writeFileAtomically(Cmake, testFragment(J, Name, Links))) {
      error(llvm::toString(std::move(E)));
      return false;
    }
    ++Written;
    if (Verbose)
      llvm::errs() << "cta confirm: wrote " << Cpp << "\n";
  }
  llvm::SmallString<256> Lists(Dir);
  llvm::sys::path::append(Lists, "CMakeLists.txt");
  if (llvm::Error E = writeFileAtomically(Lists, TestsCMakeLists)) {
    error(llvm::toString(std::move(E)));
    return false;
  }
  llvm::errs() << fmt::format("cta confirm: wrote {} regression test{} to {}\n",
                              Written, Written == 1 ? "" : "s", Dir.str());
  return true;
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

int runConfirm(const char *Argv0, llvm::ArrayRef<llvm::StringRef> Args) {
  ConfirmOptions Opts;
  if (std::optional<int> Exit = parseArgs(Args, Opts))
    return *Exit;

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
    llvm::Expected<std::vector<Finding>> Fs =
        findingsFromSarif((*Buf)->getBuffer());
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
    llvm::Expected<std::string> File =
        resolveSourceFile(Opts.FunctionFile, DB.get(), Opts.BuildDir);
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

  llvm::Expected<Toolchain> TC = findToolchain(Argv0, Opts.Runtime);
  if (!TC)
    return error(llvm::toString(TC.takeError()));

  // Where harnesses are built and run.
  WorkDirCleanup Cleanup;
  std::string WorkRoot;
  if (!Opts.WorkDir.empty()) {
    WorkRoot = absolute(Opts.WorkDir);
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

  Confirmer C(Opts, *DB, *TC, WorkRoot);
  if (Opts.Replay) {
    C.BaseSeed = *Opts.Replay;
  } else {
    C.BaseSeed = Opts.Seed ? *Opts.Seed
                           : uint64_t(std::chrono::duration_cast<
                                          std::chrono::seconds>(
                                          std::chrono::system_clock::now()
                                              .time_since_epoch())
                                          .count());
    llvm::errs() << fmt::format("cta confirm: seed {} ({} finding{}, {} "
                                "round{} each at most, {} threads)\n",
                                C.BaseSeed, Jobs.size(),
                                Jobs.size() == 1 ? "" : "s",
                                Opts.Verify ? *Opts.Verify : Opts.Rounds,
                                (Opts.Verify ? *Opts.Verify : Opts.Rounds) == 1
                                    ? ""
                                    : "s",
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
      Links.push_back(absolute(L));
    OutputErrors = !emitTests(Opts.EmitTests, Jobs, Links, Opts.Verbose);
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
      Skipped, Errors ? fmt::format(", {} error{}", Errors, Errors == 1 ? "" : "s")
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
