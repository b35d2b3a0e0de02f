//===- TUJob.cpp - One translation unit of `cta lint` ---------------------===//
//
/// \file
/// See TUJob.h.
//
//===----------------------------------------------------------------------===//

#include "lint/TUJob.h"
#include "Analyzer.h"
#include "Config.h"
#include "Frontend.h"
#include "Support.h"
#include "report/Report.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;

namespace cta {

std::string encodeResult(const TUResult &R) {
  llvm::json::Object O{{"outcome", int64_t(R.Status)}, {"tu", toJSON(R)}};
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  OS << llvm::json::Value(std::move(O));
  OS.flush();
  return Text;
}

namespace {

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

} // namespace

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

} // namespace cta
