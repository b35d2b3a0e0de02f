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
#include "llvm/ADT/StringSet.h"
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

#ifndef CTA_CLANG_RESOURCE_DIR
#define CTA_CLANG_RESOURCE_DIR ""
#endif
#ifndef CTA_VERSION
#define CTA_VERSION "0.0.0"
#endif

using namespace clang;

namespace cta {
namespace {

enum class Format { Text, Json, Sarif };

struct LintOptions {
  std::string BuildDir;
  std::vector<std::string> Files;
  std::vector<std::string> ExtraArgs; ///< After `--`: a fixed database.
  bool HasFixedArgs = false;
  unsigned Jobs = 0;
  Format Fmt = Format::Text;
  std::string Output;
  std::string SarifOut; ///< --sarif: a SARIF copy besides the main output.
  bool Fix = false;
  std::string ExportFixes;
  std::string ConfigPath;
  bool Color = false;
};

void printHelp(llvm::raw_ostream &OS) {
  OS << "usage: cta lint [options] [files...] [-- <compile flags>]\n"
        "\n"
        "Finds check-then-act races in the translation units of a\n"
        "compilation database (all of them when no file is named).\n"
        "\n"
        "options:\n"
        "  -p <build-dir>          directory holding compile_commands.json\n"
        "  -j <N>                  parallel jobs (default: all cores)\n"
        "  --format text|json|sarif  output format (default: text)\n"
        "  -o <file>               write the output to <file>\n"
        "  --sarif <file>          also write the findings as SARIF 2.1.0\n"
        "  --fix                   apply fix-its in place\n"
        "  --export-fixes <file>   write fix-its as clang-apply-replacements "
        "YAML\n"
        "  --config <file>         YAML configuration (docs/configuration.md)\n"
        "  --color / --no-color    force or disable colored diagnostics\n"
        "  -- <flags>              analyze the files with these compile flags\n"
        "                          instead of a compilation database\n"
        "\n"
        "exit status: 0 no findings, 1 findings, 2 usage or input errors\n";
}

int usageError(const llvm::Twine &Msg) {
  llvm::errs() << "cta lint: error: " << Msg << "\n"
               << "run 'cta lint --help' for usage\n";
  return ExitError;
}

int inputError(const llvm::Twine &Msg) {
  llvm::errs() << "cta lint: error: " << Msg << "\n";
  return ExitError;
}

/// Parses the command line; returns an exit status on error.
std::optional<int> parseArgs(llvm::ArrayRef<llvm::StringRef> Args,
                             LintOptions &O) {
  O.Color = llvm::sys::Process::StandardErrHasColors();
  for (size_t I = 0; I < Args.size(); ++I) {
    llvm::StringRef A = Args[I];
    auto Value = [&](llvm::StringRef Name) -> std::optional<std::string> {
      if (A.starts_with(Name.str() + "="))
        return A.drop_front(Name.size() + 1).str();
      if (A == Name && I + 1 < Args.size())
        return Args[++I].str();
      return std::nullopt;
    };
    if (A == "--help" || A == "-h") {
      printHelp(llvm::outs());
      return ExitClean;
    }
    if (A == "--") {
      O.HasFixedArgs = true;
      for (++I; I < Args.size(); ++I)
        O.ExtraArgs.push_back(Args[I].str());
      break;
    }
    if (A == "-p" || A.starts_with("-p=") ||
        (A.starts_with("-p") && A.size() > 2 && A[2] != '-')) {
      if (A.starts_with("-p=") )
        O.BuildDir = A.drop_front(3).str();
      else if (A.size() > 2)
        O.BuildDir = A.drop_front(2).str();
      else if (I + 1 < Args.size())
        O.BuildDir = Args[++I].str();
      else
        return usageError("option '-p' needs a build directory");
      continue;
    }
    if (A == "-j" || (A.starts_with("-j") && A.size() > 2)) {
      std::string V = A.size() > 2 ? A.drop_front(2).str()
                                   : (I + 1 < Args.size() ? Args[++I].str() : "");
      unsigned N = 0;
      if (llvm::StringRef(V).getAsInteger(10, N) || N == 0)
        return usageError("option '-j' needs a positive number, got '" + V + "'");
      O.Jobs = N;
      continue;
    }
    if (auto V = Value("--format")) {
      if (*V == "text")
        O.Fmt = Format::Text;
      else if (*V == "json")
        O.Fmt = Format::Json;
      else if (*V == "sarif")
        O.Fmt = Format::Sarif;
      else
        return usageError("unknown format '" + *V +
                          "' (expected text, json or sarif)");
      continue;
    }
    if (auto V = Value("-o")) {
      O.Output = *V;
      continue;
    }
    if (auto V = Value("--sarif")) {
      O.SarifOut = *V;
      continue;
    }
    if (auto V = Value("--export-fixes")) {
      O.ExportFixes = *V;
      continue;
    }
    if (auto V = Value("--config")) {
      O.ConfigPath = *V;
      continue;
    }
    if (A == "--fix") {
      O.Fix = true;
      continue;
    }
    if (A == "--color") {
      O.Color = true;
      continue;
    }
    if (A == "--no-color") {
      O.Color = false;
      continue;
    }
    if (A.starts_with("-"))
      return usageError("unknown option '" + A + "'");
    O.Files.push_back(A.str());
  }
  if (O.BuildDir.empty() && !O.HasFixedArgs)
    return usageError("no compilation database: pass -p <build-dir> or "
                      "'-- <compile flags>' after the files");
  if (O.HasFixedArgs && O.Files.empty())
    return usageError("'--' needs files to analyze before it");
  return std::nullopt;
}

/// Everything the parallel TU jobs share.
struct LintRun {
  const LintOptions &Opts;
  const Config &Cfg;
  std::mutex M;
  std::vector<Finding> Findings;
  llvm::StringSet<> Seen; ///< Findings already reported (headers repeat).
  std::vector<std::string> Failed;
  unsigned FilesWithFindings = 0;

  LintRun(const LintOptions &O, const Config &C) : Opts(O), Cfg(C) {}

  static std::string key(const Finding &F) {
    return (llvm::Twine(ruleName(F.Rule)) + "|" + F.Check.File + ":" +
            llvm::Twine(F.Check.Line) + ":" + llvm::Twine(F.Check.Column) +
            "|" + F.Act.File + ":" + llvm::Twine(F.Act.Line))
        .str();
  }

  /// Keeps the findings not seen before; returns them.
  std::vector<Finding> takeNew(std::vector<Finding> Fs) {
    std::lock_guard<std::mutex> L(M);
    std::vector<Finding> Fresh;
    for (Finding &F : Fs)
      if (Seen.insert(key(F)).second)
        Fresh.push_back(F);
    Findings.insert(Findings.end(), Fresh.begin(), Fresh.end());
    return Fresh;
  }
};

class LintConsumer : public ASTConsumer {
public:
  LintConsumer(CompilerInstance &CI, LintRun &Run, std::string &Out,
               bool &Analyzed)
      : CI(CI), Run(Run), Out(Out), Analyzed(Analyzed) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (CI.getDiagnostics().hasErrorOccurred())
      return;
    Analyzed = true;
    Analyzer A(Ctx, Run.Cfg);
    std::vector<Finding> Fs = A.run();
    dropSuppressed(Fs, Ctx.getSourceManager());
    std::vector<Finding> Fresh = Run.takeNew(std::move(Fs));
    if (Run.Opts.Fmt != Format::Text || Fresh.empty())
      return;
    // Render through a diagnostics engine of our own: the compile's engine
    // runs with -w so that the user's own warnings stay out of the report.
    llvm::raw_string_ostream OS(Out);
    IntrusiveRefCntPtr<DiagnosticOptions> DO(new DiagnosticOptions());
    DO->ShowColors = Run.Opts.Color;
    TextDiagnosticPrinter Printer(OS, DO.get());
    DiagnosticsEngine Diags(IntrusiveRefCntPtr<DiagnosticIDs>(new DiagnosticIDs),
                            DO, &Printer, /*ShouldOwnClient=*/false);
    Diags.setSourceManager(&Ctx.getSourceManager());
    Printer.BeginSourceFile(Ctx.getLangOpts(), &CI.getPreprocessor());
    emitDiagnostics(Fresh, Diags, /*AsErrors=*/false);
    Printer.EndSourceFile();
  }

private:
  CompilerInstance &CI;
  LintRun &Run;
  std::string &Out;
  bool &Analyzed;
};

class LintAction : public ASTFrontendAction {
public:
  LintAction(LintRun &Run, std::string &Out, bool &Analyzed)
      : Run(Run), Out(Out), Analyzed(Analyzed) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    return std::make_unique<LintConsumer>(CI, Run, Out, Analyzed);
  }

private:
  LintRun &Run;
  std::string &Out;
  bool &Analyzed;
};

class LintActionFactory : public tooling::FrontendActionFactory {
public:
  LintActionFactory(LintRun &Run, std::string &Out, bool &Analyzed)
      : Run(Run), Out(Out), Analyzed(Analyzed) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<LintAction>(Run, Out, Analyzed);
  }

private:
  LintRun &Run;
  std::string &Out;
  bool &Analyzed;
};

/// Analyzes one TU; returns clang's output for it (errors, findings).
std::string lintFile(const tooling::CompilationDatabase &DB,
                     const std::string &File, LintRun &Run) {
  std::string Out;
  bool Analyzed = false;
  tooling::ClangTool Tool(DB, {File});
  // Find clang's own headers (stddef.h...) whatever the compiler in the
  // database was, and keep the user's warnings out of the lint output.
  std::string ResourceDir = CTA_CLANG_RESOURCE_DIR;
  Tool.appendArgumentsAdjuster(
      [ResourceDir](const tooling::CommandLineArguments &Args,
                    llvm::StringRef) {
        tooling::CommandLineArguments R;
        for (const std::string &A : Args)
          if (!llvm::StringRef(A).starts_with("-Werror") &&
              !llvm::StringRef(A).starts_with("-fplugin"))
            R.push_back(A);
        if (!ResourceDir.empty())
          R.insert(R.begin() + 1, "-resource-dir=" + ResourceDir);
        R.push_back("-w");
        return R;
      });
  llvm::raw_string_ostream OS(Out);
  IntrusiveRefCntPtr<DiagnosticOptions> DO(new DiagnosticOptions());
  DO->ShowColors = Run.Opts.Color;
  TextDiagnosticPrinter Printer(OS, DO.get());
  Tool.setDiagnosticConsumer(&Printer);
  Tool.setPrintErrorMessage(false);
  LintActionFactory Factory(Run, Out, Analyzed);
  int RC = Tool.run(&Factory);
  OS.flush();
  if (RC != 0 || !Analyzed) {
    std::lock_guard<std::mutex> L(Run.M);
    Run.Failed.push_back(File);
  }
  return Out;
}

/// Applies fix-its in place: per file, non-overlapping, back to front.
unsigned applyFixes(const std::vector<Finding> &Findings,
                    std::vector<std::string> &Errors) {
  std::map<std::string, std::vector<const FixIt *>> ByFile;
  for (const Finding &F : Findings)
    for (const FixIt &X : F.Fixes)
      ByFile[X.File].push_back(&X);
  unsigned Applied = 0;
  for (auto &[File, Fixes] : ByFile) {
    auto Buf = llvm::MemoryBuffer::getFile(File);
    if (!Buf) {
      Errors.push_back("cannot read '" + File + "': " +
                       Buf.getError().message());
      continue;
    }
    std::string Text = (*Buf)->getBuffer().str();
    llvm::sort(Fixes, [](const FixIt *A, const FixIt *B) {
      return A->Offset > B->Offset;
    });
    size_t Limit = Text.size();
    const FixIt *Prev = nullptr;
    unsigned Here = 0;
    for (const FixIt *X : Fixes) {
      if (Prev && Prev->Offset == X->Offset && Prev->Length == X->Length &&
          Prev->Replacement == X->Replacement)
        continue; // The same fix from two TUs including one header.
      if (X->Offset + X->Length > Limit)
        continue; // Overlaps a fix already applied.
      Text.replace(X->Offset, X->Length, X->Replacement);
      Limit = X->Offset;
      Prev = X;
      ++Here;
    }
    if (llvm::Error E = writeFileAtomically(File, Text)) {
      Errors.push_back(llvm::toString(std::move(E)));
      continue;
    }
    Applied += Here;
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

} // namespace

int runLint(const char *Argv0, llvm::ArrayRef<llvm::StringRef> Args) {
  (void)Argv0;
  LintOptions Opts;
  if (std::optional<int> Exit = parseArgs(Args, Opts))
    return *Exit;

  Config Cfg;
  if (!Opts.ConfigPath.empty()) {
    llvm::Expected<Config> C = Config::load(Opts.ConfigPath);
    if (!C)
      return inputError(llvm::toString(C.takeError()));
    Cfg = std::move(*C);
  }

  // The compilation database.
  std::unique_ptr<tooling::CompilationDatabase> DB;
  if (Opts.HasFixedArgs) {
    DB = std::make_unique<tooling::FixedCompilationDatabase>(".", Opts.ExtraArgs);
  } else {
    auto Loaded = loadCompilationDatabase(Opts.BuildDir);
    if (!Loaded)
      return inputError(llvm::toString(Loaded.takeError()));
    DB = std::move(*Loaded);
  }

  // The files: named ones must exist and be in the database.
  std::vector<std::string> Files;
  if (Opts.Files.empty()) {
    Files = DB->getAllFiles();
    if (Files.empty())
      return inputError("the compilation database in '" + Opts.BuildDir +
                        "' lists no files");
  }
  for (const std::string &F : Opts.Files) {
    llvm::Expected<std::string> Abs = resolveSourceFile(
        F, Opts.HasFixedArgs ? nullptr : DB.get(), Opts.BuildDir);
    if (!Abs)
      return inputError(llvm::toString(Abs.takeError()));
    Files.push_back(std::move(*Abs));
  }

  // Analyze, in parallel; each TU's output is printed whole.
  LintRun Run(Opts, Cfg);
  unsigned Jobs = Opts.Jobs ? Opts.Jobs : llvm::hardware_concurrency().compute_thread_count();
  Jobs = std::max(1u, std::min<unsigned>(Jobs, Files.size()));
  std::mutex PrintM;
  auto Job = [&](const std::string &File) {
    std::string Out = lintFile(*DB, File, Run);
    if (Out.empty())
      return;
    std::lock_guard<std::mutex> L(PrintM);
    llvm::errs() << Out;
    llvm::errs().flush();
  };
  if (Jobs == 1) {
    for (const std::string &F : Files)
      Job(F);
  } else {
    llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(Jobs));
    for (const std::string &F : Files)
      Pool.async([&Job, F] { Job(F); });
    Pool.wait();
  }

  std::vector<Finding> &Findings = Run.Findings;
  llvm::sort(Findings, [](const Finding &A, const Finding &B) {
    return std::tie(A.Check.File, A.Check.Line, A.Check.Column) <
           std::tie(B.Check.File, B.Check.Line, B.Check.Column);
  });

  // Structured output.
  if (Opts.Fmt != Format::Text || !Opts.Output.empty()) {
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    if (Opts.Fmt == Format::Sarif) {
      OS << llvm::formatv("{0:2}", toSarif(Findings, CTA_VERSION)) << "\n";
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
      return inputError(llvm::toString(std::move(E)));
    }
  }

  if (!Opts.SarifOut.empty()) {
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    OS << llvm::formatv("{0:2}", toSarif(Findings, CTA_VERSION)) << "\n";
    OS.flush();
    if (llvm::Error E = writeFileAtomically(Opts.SarifOut, Text))
      return inputError(llvm::toString(std::move(E)));
  }

  bool InputErrors = !Run.Failed.empty();
  if (!Opts.ExportFixes.empty())
    if (llvm::Error E = exportFixes(Findings, Opts.ExportFixes)) {
      llvm::errs() << "cta lint: error: " << llvm::toString(std::move(E)) << "\n";
      InputErrors = true;
    }
  unsigned Fixed = 0;
  if (Opts.Fix) {
    std::vector<std::string> Errors;
    Fixed = applyFixes(Findings, Errors);
    for (const std::string &E : Errors)
      llvm::errs() << "cta lint: error: " << E << "\n";
    InputErrors |= !Errors.empty();
  }

  // Summary.
  llvm::StringSet<> FilesHit;
  for (const Finding &F : Findings)
    FilesHit.insert(F.Check.File);
  llvm::errs() << fmt::format(
      "cta lint: {} finding{} in {} file{} ({} translation unit{} analyzed",
      Findings.size(), Findings.size() == 1 ? "" : "s", FilesHit.size(),
      FilesHit.size() == 1 ? "" : "s", Files.size() - Run.Failed.size(),
      Files.size() - Run.Failed.size() == 1 ? "" : "s");
  if (!Run.Failed.empty())
    llvm::errs() << fmt::format(", {} failed to compile", Run.Failed.size());
  llvm::errs() << ")\n";
  if (Opts.Fix)
    llvm::errs() << fmt::format("cta lint: applied {} fix-it{}\n", Fixed,
                                Fixed == 1 ? "" : "s");
  for (const std::string &F : Run.Failed)
    llvm::errs() << "cta lint: error: '" << F
                 << "' does not compile; it was not analyzed\n";

  if (InputErrors)
    return ExitError;
  return Findings.empty() ? ExitClean : ExitFindings;
}

} // namespace cta
