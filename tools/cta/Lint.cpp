//===- Lint.cpp - `cta lint`: the analysis over a compilation database ----===//
//
/// \file
/// Runs the same Analyzer as the plugin on every translation unit of a
/// compile_commands.json, in parallel (lint/TUJob.h), lets the whole
/// database decide what one TU cannot (lint/AcrossTUs.h), and renders the
/// findings as clang diagnostics, JSON or SARIF; applies or exports fix-its
/// (lint/Output.h).
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "Database.h"
#include "LintCache.h"
#include "Options.h"
#include "ProgramSummary.h"
#include "Support.h"
#include "lint/AcrossTUs.h"
#include "lint/Filters.h"
#include "lint/Hook.h"
#include "lint/LintConfig.h"
#include "lint/LintOptions.h"
#include "lint/Output.h"
#include "lint/Progress.h"
#include "lint/TUJob.h"
#include "lint/Workers.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/raw_ostream.h"
#include <fmt/format.h>
#include <mutex>

using namespace clang;

namespace cta {
namespace {

/// The translation units of the command line: the files named, each once,
/// else every file of the database.
llvm::Error namedFiles(const LintOptions &Opts,
                       const tooling::CompilationDatabase &DB,
                       std::vector<std::string> &Files) {
  if (Opts.Files.empty()) {
    // In a stable order (the database's own index is a hash map).
    Files = DB.getAllFiles();
    llvm::sort(Files);
    if (Files.empty())
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "the compilation database in '" +
                                         Opts.BuildDir + "' lists no files");
  }
  llvm::StringSet<> Named;
  for (const std::string &F : Opts.Files) {
    llvm::Expected<std::string> Abs = resolveSourceFile(
        F, Opts.HasFixedArgs ? nullptr : &DB, Opts.BuildDir);
    if (!Abs)
      return Abs.takeError();
    if (Named.insert(*Abs).second)
      Files.push_back(std::move(*Abs));
  }
  return llvm::Error::success();
}

} // namespace

int runLint(const char *Argv0, llvm::ArrayRef<const char *> Args) {
  llvm::CrashRecoveryContext::Enable();
  LintOptions Opts;
  if (std::optional<int> Exit = parseLintArgs(Args, Opts))
    return *Exit;

  // The configuration: each file's nearest .cta.yaml, then --config, then
  // --min-confidence.
  llvm::Expected<std::vector<ConfigLayer>> Layers =
      commandLineLayers(Opts.ConfigPath, Opts.MinConfidence);
  if (!Layers)
    return lintError(Layers.takeError());
  ConfigResolver Configs(std::move(*Layers));
  if (Opts.DumpConfig) {
    if (llvm::Error E = dumpConfig(
            Configs, Opts.Files.empty() ? "" : Opts.Files[0], llvm::outs()))
      return lintError(std::move(E));
    return ExitClean;
  }

  // The compilation database; --hook looks for one.
  if (Opts.Hook && Opts.BuildDir.empty() && !Opts.HasFixedArgs) {
    llvm::Expected<std::string> Dir = findBuildDirectory(".");
    if (!Dir)
      return lintError(Dir.takeError());
    Opts.BuildDir = std::move(*Dir);
  }
  std::unique_ptr<tooling::CompilationDatabase> DB;
  if (Opts.HasFixedArgs) {
    DB = std::make_unique<tooling::FixedCompilationDatabase>(".",
                                                             Opts.ExtraArgs);
  } else {
    auto Loaded = loadCompilationDatabase(Opts.BuildDir);
    if (!Loaded)
      return lintError(llvm::toString(Loaded.takeError()));
    DB = std::move(*Loaded);
  }

  // The files: named ones must exist and be in the database; with --hook,
  // headers bring in their includers and the rest is skipped.
  std::vector<std::string> Files;
  std::optional<HookPlan> Hook;
  if (Opts.Hook) {
    llvm::Expected<HookPlan> P = planHook(*DB, Opts.Files, Opts.Jobs);
    if (!P)
      return lintError(P.takeError());
    for (const std::string &N : P->Notes)
      if (!Opts.Quiet)
        llvm::errs() << "cta lint: note: " << N << "\n";
    Files = P->Files;
    Hook = std::move(*P);
  } else if (llvm::Error E = namedFiles(Opts, *DB, Files)) {
    return lintError(std::move(E));
  }

  auto Filters = FindingFilters::create(
      Opts.Filters, Opts.SourceRoot.empty()
                        ? gitRoot(Opts.BuildDir.empty() ? "." : Opts.BuildDir)
                        : Opts.SourceRoot);
  if (!Filters)
    return lintError(Filters.takeError());
  if (llvm::Error E = (*Filters)->selectTranslationUnits(Files, *DB))
    return lintError(std::move(E));

  // Analyze, in parallel; then each TU's output is printed whole, in the
  // order of the files.
  if (llvm::Error E = resolveAll(Configs, Files))
    return lintError(std::move(E));
  LintRun Run(Opts, Configs);
  // The cache lives beside the compile database; `--` has none.
  std::string CacheDir;
  if (!Opts.NoCache && !Opts.HasFixedArgs && !Opts.BuildDir.empty()) {
    llvm::SmallString<256> D(Opts.BuildDir);
    llvm::sys::fs::make_absolute(D);
    llvm::sys::path::append(D, ".cta-cache");
    CacheDir = std::string(D.str());
  }
  LintCache Cache(CacheDir, lintRunKey(Argv0),
                  fmt::format("format {} color {}", static_cast<int>(Opts.Fmt),
                              Opts.Color));
  if (Cache.enabled())
    Run.Cache = &Cache;
  unsigned Jobs = Opts.Jobs
                      ? Opts.Jobs
                      : llvm::hardware_concurrency().compute_thread_count();
  Jobs = std::max(1u, std::min<unsigned>(Jobs, Files.size()));
  Progress Prog(Opts.Quiet ? ProgressRequest::Off : Opts.Progress,
                llvm::sys::Process::StandardErrIsDisplayed(), Files.size());
  std::vector<TUResult> Results(Files.size());
  std::mutex ProgM;
  std::vector<Finding> Findings;
  llvm::StringSet<> Seen;
  auto Print = [&](TUResult &R, const std::string &TU) {
    llvm::errs() << R.ClangOutput;
    for (size_t I = 0; I < R.Findings.size(); ++I) {
      if (Hook && !Hook->reports(TU, R.Findings[I]))
        continue;
      if (!Seen.insert(findingKey(R.Findings[I])).second)
        continue;
      if (I < R.Rendered.size())
        llvm::errs() << R.Rendered[I];
      Findings.push_back(std::move(R.Findings[I]));
    }
    llvm::errs().flush();
  };
  std::vector<TUJob> TUJobs(Files.size());
  auto Finished = [&](size_t Index, TUResult R) {
    recordOutcome(*DB, Files[Index], Run, TUJobs[Index], R);
    if (TUJobs[Index].Cfg)
      R.MinConfidence = TUJobs[Index].Cfg->Effective.MinConfidence;
    (*Filters)->apply(Files[Index], R.Findings, R.Rendered);
    Results[Index] = std::move(R);
    // The status line moves as TUs finish; the output waits for all of them
    // (the callers in every TU decide some findings).
    std::lock_guard<std::mutex> L(ProgM);
    Prog.finished(Files[Index]);
  };
  if (Opts.Isolate) {
    // One worker process per TU to parse (docs/architecture.md,
    // "Processes"); this process stays single-threaded.
    std::vector<size_t> ToParse;
    for (size_t I = 0; I < Files.size(); ++I) {
      if (std::optional<TUResult> R =
              beforeParse(*DB, Files[I], Run, TUJobs[I]))
        Finished(I, std::move(*R));
      else
        ToParse.push_back(I);
    }
    runInWorkers(
        ToParse, Jobs, Opts.TUTimeout,
        [&](size_t I) {
          return encodeResult(parseAndAnalyze(*DB, Files[I], Run, TUJobs[I]));
        },
        [&](size_t I, WorkerExit E) {
          Finished(I, fromWorker(Files[I], std::move(E)));
        });
  } else {
    auto Job = [&](size_t I) {
      std::optional<TUResult> R = beforeParse(*DB, Files[I], Run, TUJobs[I]);
      Finished(I, R ? std::move(*R)
                    : parseAndAnalyze(*DB, Files[I], Run, TUJobs[I]));
    };
    if (Jobs == 1) {
      for (size_t I = 0; I < Files.size(); ++I)
        Job(I);
    } else {
      llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(Jobs));
      for (size_t I = 0; I < Files.size(); ++I)
        Pool.async([&Job, I] { Job(I); });
      Pool.wait();
    }
  }
  // A helper defined in one TU and called in another: the callers' TUs
  // are analyzed again with every TU's helper summaries. Their results are
  // not cached (they depend on the other TUs); a TU whose second analysis
  // fails keeps the first.
  llvm::StringMap<HelperSummary> RunHelpers;
  std::vector<size_t> Again;
  if (Files.size() > 1) {
    RunHelpers = helpersOfRun(Results);
    Again = needHelpersOfOthers(Results, RunHelpers);
  }
  if (!Again.empty()) {
    Run.External = &RunHelpers;
    auto Replace = [&](size_t I, TUResult R) {
      if (R.Status != TUResult::Analyzed)
        return;
      R.MinConfidence = Results[I].MinConfidence;
      (*Filters)->apply(Files[I], R.Findings, R.Rendered);
      Results[I].Findings = std::move(R.Findings);
      Results[I].Rendered = std::move(R.Rendered);
    };
    if (Opts.Isolate) {
      runInWorkers(
          Again, Jobs, Opts.TUTimeout,
          [&](size_t I) {
            return encodeResult(
                parseAndAnalyze(*DB, Files[I], Run, TUJobs[I]));
          },
          [&](size_t I, WorkerExit E) {
            Replace(I, fromWorker(Files[I], std::move(E)));
          });
    } else {
      for (size_t I : Again)
        Replace(I, parseAndAnalyze(*DB, Files[I], Run, TUJobs[I]));
    }
    Run.External = nullptr;
  }
  // Over several TUs, the callers in all of them decide the findings that
  // wait for them; one TU is judged by itself, as the plugin judges it.
  if (Files.size() > 1)
    resolveAcrossTUs(Results);
  Prog.beforeOutput();
  for (size_t I = 0; I < Results.size(); ++I) {
    Prog.printing(I, Files[I]);
    Print(Results[I], Files[I]);
  }
  Prog.finish();

  llvm::sort(Findings, [](const Finding &A, const Finding &B) {
    return std::make_tuple(std::cref(A.Check.File), A.Check.Line,
                           A.Check.Column, A.Rule, std::cref(A.Act.File),
                           A.Act.Line, A.Act.Column) <
           std::make_tuple(std::cref(B.Check.File), B.Check.Line,
                           B.Check.Column, B.Rule, std::cref(B.Act.File),
                           B.Act.Line, B.Act.Column);
  });

  llvm::sort(Run.Failed);
  llvm::sort(Run.Crashed);
  llvm::sort(Run.Unreadable);
  llvm::sort(Run.ClangCrashed);
  llvm::sort(Run.TimedOut);
  SarifRunInfo Sarif = sarifRunInfo(Opts, Run);

  if (llvm::Error E = writeStructured(Opts, Findings, Sarif))
    return lintError(llvm::toString(std::move(E)));

  // Errors are printed after the summary, in a stable order.
  std::vector<std::string> Errors;
  for (const SarifNotification &N : Sarif.Notifications)
    Errors.push_back(N.Message);
  if (!Opts.ExportFixes.empty())
    if (llvm::Error E = exportFixes(Findings, Opts.ExportFixes))
      Errors.push_back(llvm::toString(std::move(E)));
  unsigned Fixed = 0;
  if (Opts.Fix)
    Fixed = applyFixes(Findings, Errors);

  // The wall time only where progress is shown: elsewhere the line is the
  // same from run to run.
  printSummary(Opts, Run, Files.size(), Findings,
               Prog.mode() != Progress::Mode::Off ? Prog.elapsed() : "",
               Fixed);
  if (llvm::Error E = (*Filters)->finish(Findings, llvm::errs()))
    Errors.push_back(llvm::toString(std::move(E)));
  for (const std::string &E : Errors)
    llvm::errs() << "cta lint: error: " << E << "\n";

  if (!Errors.empty())
    return ExitError;
  return Findings.empty() ? ExitClean : ExitFindings;
}

} // namespace cta
