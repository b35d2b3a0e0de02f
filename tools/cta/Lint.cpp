//===- Lint.cpp - `cta lint`: the analysis over a compilation database ----===//
//
/// \file
/// Runs the same Analyzer as the plugin on every translation unit of a
/// compile_commands.json, in parallel, and renders the findings as clang
/// diagnostics, JSON or SARIF; applies or exports fix-its.
//
//===----------------------------------------------------------------------===//

#include "Analyzer.h"
#include "Commands.h"
#include "Config.h"
#include "Database.h"
#include "Frontend.h"
#include "LintCache.h"
#include "lint/Hook.h"
#include "lint/LintConfig.h"
#include "lint/LintOptions.h"
#include "lint/Progress.h"
#include "lint/Workers.h"
#include "Options.h"
#include "ProgramSummary.h"
#include "Support.h"
#include "lint/Filters.h"
#include "report/Report.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Core/Diagnostic.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"
#include <fmt/format.h>
#include <map>
#include <mutex>

#ifndef CTA_VERSION
#define CTA_VERSION "0.0.0"
#endif

using namespace clang;

namespace cta {
namespace {

/// Everything the parallel TU jobs share.
struct LintRun {
  const LintOptions &Opts;
  ConfigResolver &Configs; ///< Each TU's: its main file's (LintConfig.h).
  const LintCache *Cache = nullptr;
  std::mutex M;
  std::vector<std::string> Failed;     ///< TUs that did not compile.
  std::vector<std::string> Crashed;    ///< TUs whose analysis crashed.
  std::vector<std::string> Unreadable; ///< One-line errors: TUs not run.
  /// TUs whose worker process died, with how ("signal 6: Aborted").
  std::vector<std::pair<std::string, std::string>> ClangCrashed;
  std::vector<std::string> TimedOut; ///< TUs whose worker ran out of time.
  /// The helpers every TU of the first pass summarized, by USR; set for the
  /// second pass (helpersAcrossTUs).
  const llvm::StringMap<HelperSummary> *External = nullptr;

  LintRun(const LintOptions &O, ConfigResolver &C) : Opts(O), Configs(C) {}
};

/// What one TU produced. Its findings are deduplicated against the other
/// TUs' (a header's finding comes from every TU that includes it) only when
/// the results are printed, in the order of the files, so that the output of
/// `-j N` is the output of `-j 1`, whichever TU finishes first.
struct TUResult : CachedTU {
  /// How the TU's analysis ended (docs/tu-does-not-compile.md).
  enum Outcome {
    Analyzed,       ///< Parsed and analyzed: the cache may keep it.
    Cached,         ///< Taken from the cache.
    NotRun,         ///< cta-tu-not-run; Why is the one-line error.
    DoesNotCompile, ///< cta-tu-does-not-compile.
    InternalError,  ///< The analysis crashed, contained by crash recovery.
    WorkerCrashed,  ///< cta-tu-crashed: its worker died; Why says how.
    TimedOut,       ///< cta-tu-timed-out: its worker ran out of time.
  };
  Outcome Status = Analyzed;
  std::string Why;
  bool AnalysisCrashed = false; ///< Contained by crash recovery.
  /// The TU's configured level: a finding the whole program lowers below it
  /// is not reported.
  Confidence MinConfidence = Confidence::Low;
};

/// What a worker process sends back: the outcome and the TU's result in
/// the cache's JSON (LintCache.h).
std::string encodeResult(const TUResult &R) {
  llvm::json::Object O{{"outcome", int64_t(R.Status)}, {"tu", toJSON(R)}};
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  OS << llvm::json::Value(std::move(O));
  OS.flush();
  return Text;
}

/// The inverse of encodeResult; nullopt for a message cut short.
std::optional<TUResult> decodeResult(llvm::StringRef Text) {
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(Text);
  if (!V) {
    llvm::consumeError(V.takeError());
    return std::nullopt;
  }
  const llvm::json::Object *O = V->getAsObject();
  const llvm::json::Object *TU = O ? O->getObject("tu") : nullptr;
  std::optional<int64_t> Outcome = O ? O->getInteger("outcome") : std::nullopt;
  TUResult R;
  if (!TU || !Outcome || *Outcome < TUResult::Analyzed ||
      *Outcome > TUResult::InternalError || !fromJSON(*TU, R))
    return std::nullopt;
  R.Status = TUResult::Outcome(*Outcome);
  return R;
}

/// The identity of a finding across TUs.
std::string findingKey(const Finding &F) {
  return (llvm::Twine(ruleName(F.Rule)) + "|" + F.Check.File + ":" +
          llvm::Twine(F.Check.Line) + ":" + llvm::Twine(F.Check.Column) + "|" +
          F.Act.File + ":" + llvm::Twine(F.Act.Line) + ":" +
          llvm::Twine(F.Act.Column))
      .str();
}

/// Findings name files as the compiler saw them, which is relative to the
/// compile command's directory when the database's command is. Everything
/// after the TU (deduplication across TUs, --fix, JSON, SARIF URIs) needs
/// one absolute spelling per file.
void makeAbsolute(std::string &Path, FileManager &FM) {
  if (Path.empty())
    return;
  llvm::SmallString<256> P(Path);
  FM.makeAbsolutePath(P);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  Path = std::string(P.str());
}

void makePathsAbsolute(Finding &F, FileManager &FM) {
  for (Site *S : {&F.Check, &F.Act, &F.Function.Location})
    makeAbsolute(S->File, FM);
  for (FixIt &X : F.Fixes)
    for (std::string *P : {&X.File, &X.Begin.File, &X.End.File})
      makeAbsolute(*P, FM);
}

class LintConsumer : public ASTConsumer {
public:
  LintConsumer(CompilerInstance &CI, LintRun &Run, const Config &Cfg,
               TUResult &Result, bool &Analyzed)
      : CI(CI), Run(Run), Cfg(Cfg), Result(Result), Analyzed(Analyzed) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (CI.getDiagnostics().hasErrorOccurred())
      return;
    // A crash in the analysis costs this TU's findings, not the run.
    std::vector<Finding> Fs;
    UnitSummary Unit;
    llvm::CrashRecoveryContext CRC;
    if (!CRC.RunSafely([&] {
          Analyzer A(Ctx, Cfg);
          A.collectSummary();
          A.setExternalHelpers(Run.External);
          Fs = A.run();
          Unit = A.takeSummary();
          dropSuppressed(Fs, Ctx.getSourceManager());
        })) {
      Result.AnalysisCrashed = true;
      return;
    }
    Analyzed = true;
    for (FunctionSummary &S : Unit.Functions)
      Result.Summary.Functions.push_back(std::move(S));
    for (HelperSummary &H : Unit.Helpers)
      Result.Summary.Helpers.push_back(std::move(H));
    // What the cache compares on the next run: every file the TU read.
    const SourceManager &SM = Ctx.getSourceManager();
    for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
      // As named (`..` may cross a link): the name the next run stats.
      llvm::SmallString<256> P(It->first.getName());
      CI.getFileManager().makeAbsolutePath(P);
      std::string Path(P.str());
      if (!llvm::is_contained(Result.Inputs, Path))
        Result.Inputs.push_back(std::move(Path));
    }
    for (Finding &F : Fs)
      makePathsAbsolute(F, CI.getFileManager());
    // A file listed twice in the database (two configurations) runs this
    // twice in one TUResult: append.
    for (Finding &F : Fs) {
      if (Run.Opts.Fmt == Format::Text)
        Result.Rendered.push_back(render(F, Ctx));
      Result.Findings.push_back(std::move(F));
    }
  }

private:
  /// The finding as clang prints it: the warning, its fix-it, the notes.
  /// Rendered through a diagnostics engine of our own: the compile's engine
  /// runs with -w so that the user's own warnings stay out of the report.
  std::string render(const Finding &F, ASTContext &Ctx) {
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    IntrusiveRefCntPtr<DiagnosticOptions> DO(new DiagnosticOptions());
    DO->ShowColors = Run.Opts.Color;
    DO->AbsolutePath = true;
    TextDiagnosticPrinter Printer(OS, DO.get());
    DiagnosticsEngine Diags(
        IntrusiveRefCntPtr<DiagnosticIDs>(new DiagnosticIDs), DO, &Printer,
        /*ShouldOwnClient=*/false);
    Diags.setSourceManager(&Ctx.getSourceManager());
    Printer.BeginSourceFile(Ctx.getLangOpts(), &CI.getPreprocessor());
    emitDiagnostics({F}, Diags, /*AsErrors=*/false);
    Printer.EndSourceFile();
    OS.flush();
    return Text;
  }

  CompilerInstance &CI;
  LintRun &Run;
  const Config &Cfg;
  TUResult &Result;
  bool &Analyzed;
};

class LintAction : public ASTFrontendAction {
public:
  LintAction(LintRun &Run, const Config &Cfg, TUResult &Result, bool &Analyzed)
      : Run(Run), Cfg(Cfg), Result(Result), Analyzed(Analyzed) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    return std::make_unique<LintConsumer>(CI, Run, Cfg, Result, Analyzed);
  }

private:
  LintRun &Run;
  const Config &Cfg;
  TUResult &Result;
  bool &Analyzed;
};

/// What decides a TU before Clang runs: its configuration, whether its
/// compile command can run at all, its cache entry.
struct TUJob {
  std::shared_ptr<const ResolvedConfig> Cfg;
  std::string CfgKey; ///< The effective configuration, for the cache key.
};

/// The TU's result when it needs no parsing (it cannot run, or its cache
/// entry is valid); else nullopt and \p Job says how to parse it.
std::optional<TUResult> beforeParse(const tooling::CompilationDatabase &DB,
                                    const std::string &File, LintRun &Run,
                                    TUJob &Job) {
  TUResult Result;
  if (llvm::Error E = checkCompileCommands(DB, File)) {
    Result.Status = TUResult::NotRun;
    Result.Why = llvm::toString(std::move(E));
    return Result;
  }
  // Resolved before the run (resolveAll): no error here.
  Job.Cfg = llvm::cantFail(Run.Configs.forFile(File));
  // The TU's effective configuration (discovered files, --config and
  // --min-confidence merged) is part of its cache key.
  Job.CfgKey = Job.Cfg->Effective.toYAML();
  if (Run.Cache)
    if (std::optional<CachedTU> C = Run.Cache->load(DB, File, Job.CfgKey)) {
      static_cast<CachedTU &>(Result) = std::move(*C);
      Result.Status = TUResult::Cached;
      return Result;
    }
  return std::nullopt;
}

/// Parses and analyzes one TU: in its worker process, or in this one with
/// --no-isolate.
TUResult parseAndAnalyze(const tooling::CompilationDatabase &DB,
                         const std::string &File, LintRun &Run,
                         const TUJob &Job) {
  TUResult Result;
  bool Analyzed = false;
  llvm::raw_string_ostream OS(Result.ClangOutput);
  bool Parsed = parseTranslationUnit(
      DB, File,
      [&]() -> std::unique_ptr<FrontendAction> {
        return std::make_unique<LintAction>(Run, Job.Cfg->Effective, Result,
                                            Analyzed);
      },
      OS, Run.Opts.Color);
  OS.flush();
  if (Result.AnalysisCrashed)
    Result.Status = TUResult::InternalError;
  else if (!Parsed || !Analyzed)
    Result.Status = TUResult::DoesNotCompile;
  return Result;
}

/// Records how the TU ended, for the summary and the errors, and keeps a
/// TU that was analyzed in the cache (never one that crashed or failed).
void recordOutcome(const tooling::CompilationDatabase &DB,
                   const std::string &File, LintRun &Run, const TUJob &Job,
                   const TUResult &Result) {
  std::lock_guard<std::mutex> L(Run.M);
  switch (Result.Status) {
  case TUResult::Analyzed:
    if (Run.Cache)
      Run.Cache->store(DB, File, Result, Job.CfgKey);
    break;
  case TUResult::Cached:
    break;
  case TUResult::NotRun:
    Run.Unreadable.push_back(Result.Why);
    break;
  case TUResult::DoesNotCompile:
    Run.Failed.push_back(File);
    break;
  case TUResult::InternalError:
    Run.Crashed.push_back(File);
    break;
  case TUResult::WorkerCrashed:
    Run.ClangCrashed.push_back({File, Result.Why});
    break;
  case TUResult::TimedOut:
    Run.TimedOut.push_back(File);
    break;
  }
}

/// The result of a TU whose worker process ended as \p E.
TUResult fromWorker(const std::string &File, WorkerExit E) {
  if (E.K == WorkerExit::Finished)
    if (std::optional<TUResult> R = decodeResult(E.Output))
      return std::move(*R);
  TUResult R;
  switch (E.K) {
  case WorkerExit::TimedOut:
    R.Status = TUResult::TimedOut;
    break;
  case WorkerExit::NotStarted:
    R.Status = TUResult::NotRun;
    R.Why = "'" + File + "' was not analyzed: " + E.describe();
    break;
  case WorkerExit::Finished:
    R.Status = TUResult::WorkerCrashed;
    R.Why = "its worker sent no result";
    break;
  default:
    R.Status = TUResult::WorkerCrashed;
    R.Why = E.describe();
  }
  return R;
}

/// Applies fix-its in place. A finding's fix-its go in whole or not at all:
/// findings are taken in order and one whose edits overlap an edit already
/// taken is skipped (the same edit twice, from two TUs including one header,
/// counts once). The file keeps its permissions.
unsigned applyFixes(const std::vector<Finding> &Findings,
                    std::vector<std::string> &Errors) {
  auto Overlap = [](const FixIt &A, const FixIt &B) {
    if (A.File != B.File)
      return false;
    if (A.Offset == B.Offset && A.Length == B.Length)
      return A.Replacement != B.Replacement;
    return A.Offset < B.Offset + B.Length && B.Offset < A.Offset + A.Length;
  };
  auto Same = [](const FixIt &A, const FixIt &B) {
    return A.File == B.File && A.Offset == B.Offset && A.Length == B.Length &&
           A.Replacement == B.Replacement;
  };
  std::vector<const FixIt *> Taken;
  unsigned Applied = 0;
  for (const Finding &F : Findings) {
    if (F.Fixes.empty())
      continue;
    bool Conflicts = llvm::any_of(F.Fixes, [&](const FixIt &X) {
      return llvm::any_of(Taken,
                          [&](const FixIt *T) { return Overlap(X, *T); });
    });
    if (Conflicts)
      continue;
    bool New = false;
    for (const FixIt &X : F.Fixes)
      if (llvm::none_of(Taken, [&](const FixIt *T) { return Same(X, *T); })) {
        Taken.push_back(&X);
        New = true;
      }
    Applied += New;
  }

  std::map<std::string, std::vector<const FixIt *>> ByFile;
  for (const FixIt *X : Taken)
    ByFile[X->File].push_back(X);
  for (auto &[File, Fixes] : ByFile) {
    auto Buf = llvm::MemoryBuffer::getFile(File);
    if (!Buf) {
      std::string Why = Buf.getError().message();
      Why[0] = llvm::toLower(Why[0]);
      Errors.push_back("cannot read '" + File + "': " + Why);
      continue;
    }
    std::string Text = (*Buf)->getBuffer().str();
    // Back to front, so that earlier offsets stay valid; at one offset the
    // replacement before the insertion, so that the insertion lands in front.
    llvm::sort(Fixes, [](const FixIt *A, const FixIt *B) {
      return std::tie(A->Offset, A->Length) > std::tie(B->Offset, B->Length);
    });
    if (llvm::any_of(Fixes, [&](const FixIt *X) {
          return X->Offset + X->Length > Text.size();
        })) {
      Errors.push_back("'" + File + "' changed during the analysis; not fixed");
      continue;
    }
    for (const FixIt *X : Fixes)
      Text.replace(X->Offset, X->Length, X->Replacement);
    llvm::ErrorOr<llvm::sys::fs::perms> Perms =
        llvm::sys::fs::getPermissions(File);
    if (llvm::Error E = writeFileAtomically(File, Text)) {
      Errors.push_back(llvm::toString(std::move(E)));
      continue;
    }
    if (Perms)
      llvm::sys::fs::setPermissions(File, *Perms);
  }
  return Applied;
}

llvm::Error exportFixes(const std::vector<Finding> &Findings,
                        llvm::StringRef Path) {
  tooling::TranslationUnitDiagnostics TUD;
  for (const Finding &F : Findings) {
    if (F.Fixes.empty())
      continue;
    tooling::Diagnostic D;
    D.DiagnosticName = ruleName(F.Rule).str();
    D.DiagLevel = tooling::Diagnostic::Warning;
    D.Message.Message = F.Message;
    D.Message.FilePath = F.Check.File;
    D.Message.FileOffset = F.Check.Offset;
    for (const FixIt &X : F.Fixes) {
      tooling::Replacement R(X.File, X.Offset, X.Length, X.Replacement);
      llvm::consumeError(D.Message.Fix[X.File].add(R));
    }
    TUD.Diagnostics.push_back(std::move(D));
  }
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  llvm::yaml::Output YAML(OS);
  YAML << TUD;
  OS.flush();
  return writeFileAtomically(Path, Text);
}

/// The run as SARIF describes it: the URIs' base and one notification per
/// translation unit that was not analyzed (in the order errors are printed).
SarifRunInfo sarifRunInfo(const LintOptions &Opts, const LintRun &Run) {
  SarifRunInfo Info;
  Info.ToolVersion = CTA_VERSION;
  if (!Opts.SourceRoot.empty()) {
    Info.SourceRoot = absolutePath(Opts.SourceRoot);
  } else {
    Info.SourceRoot = gitRoot(Opts.BuildDir.empty() ? "." : Opts.BuildDir);
  }
  for (const std::string &F : Run.Failed)
    Info.Notifications.push_back(
        {"cta-tu-does-not-compile", F,
         "'" + F + "' does not compile; it was not analyzed"});
  for (const std::string &F : Run.Crashed)
    Info.Notifications.push_back(
        {"cta-internal-error", F,
         "internal error while analyzing '" + F +
             "'; please report it with this file"});
  for (const auto &[F, How] : Run.ClangCrashed)
    Info.Notifications.push_back(
        {"cta-tu-crashed", F,
         "Clang crashed while analyzing '" + F + "' (" + How +
             "); it was not analyzed"});
  for (const std::string &F : Run.TimedOut)
    Info.Notifications.push_back(
        {"cta-tu-timed-out", F,
         fmt::format("the analysis of '{}' did not finish in {} second{} "
                     "(--tu-timeout); it was not analyzed",
                     F, Opts.TUTimeout, Opts.TUTimeout == 1 ? "" : "s")});
  for (const std::string &E : Run.Unreadable)
    Info.Notifications.push_back({"cta-tu-not-run", "", E});
  return Info;
}

/// A rendered finding names its confidence in its first note.
void replaceConfidence(std::string &Text, Confidence Was, Confidence Now) {
  std::string From = ("(" + confidenceName(Was) + " confidence)").str();
  std::string To = ("(" + confidenceName(Now) + " confidence)").str();
  size_t At = Text.find(From);
  if (At != std::string::npos)
    Text.replace(At, From.size(), To);
}

/// The helpers the TUs of the first pass summarized, by USR (the first TU
/// that defines one wins: an inline helper is the same in every TU).
llvm::StringMap<HelperSummary>
helpersOfRun(const std::vector<TUResult> &Results) {
  llvm::StringMap<HelperSummary> All;
  for (const TUResult &R : Results)
    for (const HelperSummary &H : R.Summary.Helpers)
      All.try_emplace(H.USR, H);
  return All;
}

/// The TUs to analyze again with the helpers of the others: those with a
/// function that calls a helper the TU does not define and at least one
/// other helper, the calls that can be a check and an act
/// (docs/concepts.md, "Summaries").
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

/// Merges the TUs' summaries and answers the findings' caller questions
/// (docs/concepts.md, "Summaries").
void resolveAcrossTUs(std::vector<TUResult> &Results) {
  ProgramGraph G;
  for (size_t I = 0; I < Results.size(); ++I)
    G.add(Results[I].Summary, I);
  G.finish();
  for (TUResult &R : Results) {
    size_t Kept = 0;
    for (size_t I = 0; I < R.Findings.size(); ++I) {
      Confidence Was = R.Findings[I].Conf;
      if (!G.resolve(R.Findings[I]))
        continue;
      if (Confidence Now = R.Findings[I].Conf; Now != Was) {
        if (static_cast<unsigned>(Now) <
            static_cast<unsigned>(R.MinConfidence))
          continue;
        if (I < R.Rendered.size())
          replaceConfidence(R.Rendered[I], Was, Now);
      }
      if (Kept != I) {
        R.Findings[Kept] = std::move(R.Findings[I]);
        if (I < R.Rendered.size())
          R.Rendered[Kept] = std::move(R.Rendered[I]);
      }
      ++Kept;
    }
    R.Findings.resize(Kept);
    if (R.Rendered.size() > Kept)
      R.Rendered.resize(Kept);
  }
}

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

  // Structured output.
  if (Opts.Fmt != Format::Text || !Opts.Output.empty()) {
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    if (Opts.Fmt == Format::Sarif) {
      OS << llvm::formatv("{0:2}", toSarif(Findings, Sarif)) << "\n";
    } else if (Opts.Fmt == Format::Json) {
      llvm::json::Array A;
      for (const Finding &F : Findings)
        A.push_back(toJSON(F));
      OS << llvm::formatv("{0:2}", llvm::json::Value(std::move(A))) << "\n";
    } else {
      for (const Finding &F : Findings)
        OS << fmt::format("{}:{}:{}: warning: {} [{}]\n", F.Check.File,
                          F.Check.Line, F.Check.Column, F.Message,
                          ruleName(F.Rule).str());
    }
    OS.flush();
    if (Opts.Output.empty()) {
      llvm::outs() << Text;
    } else if (llvm::Error E = writeFileAtomically(Opts.Output, Text)) {
      return lintError(llvm::toString(std::move(E)));
    }
  }

  if (!Opts.SarifOut.empty()) {
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    OS << llvm::formatv("{0:2}", toSarif(Findings, Sarif)) << "\n";
    OS.flush();
    if (llvm::Error E = writeFileAtomically(Opts.SarifOut, Text))
      return lintError(llvm::toString(std::move(E)));
  }

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

  // Summary.
  size_t Analyzed = Files.size() - Run.Failed.size() - Run.Crashed.size() -
                    Run.Unreadable.size() - Run.ClangCrashed.size() -
                    Run.TimedOut.size();
  llvm::StringSet<> FilesHit;
  for (const Finding &F : Findings)
    FilesHit.insert(F.Check.File);
  if (!Opts.Quiet) {
    llvm::errs() << fmt::format(
        "cta lint: {} finding{} in {} file{} ({} translation unit{} analyzed",
        Findings.size(), Findings.size() == 1 ? "" : "s", FilesHit.size(),
        FilesHit.size() == 1 ? "" : "s", Analyzed, Analyzed == 1 ? "" : "s");
    if (!Run.Failed.empty())
      llvm::errs() << fmt::format(", {} failed to compile", Run.Failed.size());
    if (!Run.ClangCrashed.empty())
      llvm::errs() << fmt::format(", {} crashed Clang",
                                  Run.ClangCrashed.size());
    if (!Run.TimedOut.empty())
      llvm::errs() << fmt::format(", {} timed out", Run.TimedOut.size());
    if (!Run.Unreadable.empty())
      llvm::errs() << fmt::format(", {} could not be read",
                                  Run.Unreadable.size());
    llvm::errs() << ")";
    // The wall time only where progress is shown: elsewhere the line is the
    // same from run to run.
    if (Prog.mode() != Progress::Mode::Off)
      llvm::errs() << " in " << Prog.elapsed();
    llvm::errs() << "\n";
    if (Opts.Fix)
      llvm::errs() << fmt::format("cta lint: applied {} fix-it{}\n", Fixed,
                                  Fixed == 1 ? "" : "s");
  }
  if (llvm::Error E = (*Filters)->finish(Findings, llvm::errs()))
    Errors.push_back(llvm::toString(std::move(E)));
  for (const std::string &E : Errors)
    llvm::errs() << "cta lint: error: " << E << "\n";

  if (!Errors.empty())
    return ExitError;
  return Findings.empty() ? ExitClean : ExitFindings;
}

} // namespace cta
