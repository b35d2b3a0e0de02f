//===- Plugin.cpp - The cta Clang plugin ----------------------------------===//
//
/// \file
/// `clang++ -fplugin=cta-plugin.so` runs the analysis before the compiler's
/// own action, in the same process, on the same AST. It only reads the AST:
/// code generation is unchanged. Options:
///   -fplugin-arg-cta-sarif=<file or dir/>   also write SARIF
///   -fplugin-arg-cta-config=<file>          YAML configuration, merged on
///                                           top of the nearest .cta.yaml
///   -fplugin-arg-cta-werror                 report findings as errors
///   -fplugin-arg-cta-min-confidence=<level> low | medium | high
///   -fplugin-arg-cta-schema=<file.sql>      UNIQUE constraints of the database
//
//===----------------------------------------------------------------------===//

#include "Analyzer.h"
#include "Config.h"
#include "ConfigDiscovery.h"
#include "report/Report.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

#ifndef CTA_VERSION
#define CTA_VERSION "0.0.0"
#endif

using namespace clang;

namespace {

struct PluginOptions {
  std::string SarifPath;
  std::string ConfigPath;
  bool Werror = false;
};

class CtaConsumer : public ASTConsumer {
public:
  CtaConsumer(CompilerInstance &CI, PluginOptions Opts, cta::Config Cfg)
      : CI(CI), Opts(std::move(Opts)), Cfg(std::move(Cfg)) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    // An AST with errors may be incomplete: say nothing rather than guess.
    if (Diags.hasErrorOccurred())
      return;
    // The analysis only reads the AST; should it ever crash, the compile
    // goes on without findings (where the driver enabled crash recovery,
    // as the integrated cc1 does).
    std::vector<cta::Finding> Findings;
    llvm::CrashRecoveryContext CRC;
    bool Ok = CRC.RunSafely([&] {
      cta::Analyzer A(Ctx, Cfg);
      Findings = A.run();
      cta::dropSuppressed(Findings, Ctx.getSourceManager());
    });
    if (!Ok) {
      unsigned Id = Diags.getCustomDiagID(
          DiagnosticsEngine::Warning,
          "cta: internal error while analyzing this file; no findings "
          "reported for it");
      Diags.Report(Id);
      return;
    }
    cta::emitDiagnostics(Findings, Diags, Opts.Werror);
    if (!Opts.SarifPath.empty())
      writeSarif(Ctx, Findings);
  }

private:
  void writeSarif(ASTContext &Ctx, const std::vector<cta::Finding> &Findings) {
    std::string Path = Opts.SarifPath;
    bool IsDir = llvm::StringRef(Path).ends_with("/") ||
                 llvm::sys::fs::is_directory(Path);
    if (IsDir) {
      // One file per TU: <main file name>.<hash of its path>.sarif, so that
      // parallel compiles never write the same file.
      const SourceManager &SM = Ctx.getSourceManager();
      // Hash the absolute path: `cd a && clang++ -c x.cpp` and
      // `cd b && clang++ -c x.cpp` must not write the same log.
      llvm::SmallString<256> Main;
      if (OptionalFileEntryRef FE = SM.getFileEntryRefForID(SM.getMainFileID()))
        Main = FE->getName();
      SM.getFileManager().makeAbsolutePath(Main);
      llvm::sys::path::remove_dots(Main, /*remove_dot_dot=*/true);
      llvm::SmallString<256> P(Path);
      std::string Hash;
      llvm::raw_string_ostream(Hash)
          << llvm::format_hex_no_prefix(llvm::xxh3_64bits(Main), 16);
      llvm::sys::path::append(
          P, llvm::sys::path::filename(Main) + "." + Hash + ".sarif");
      Path = std::string(P.str());
      llvm::sys::fs::create_directories(Opts.SarifPath);
    }
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    cta::SarifRunInfo Run;
    Run.ToolVersion = CTA_VERSION;
    // As `cta lint` does: URIs relative to the repository being built.
    Run.SourceRoot = cta::gitRoot(".");
    OS << llvm::formatv("{0:2}", cta::toSarif(Findings, Run)) << "\n";
    OS.flush();
    if (llvm::Error E = cta::writeFileAtomically(Path, Text)) {
      DiagnosticsEngine &Diags = CI.getDiagnostics();
      unsigned Id = Diags.getCustomDiagID(DiagnosticsEngine::Error,
                                          "cta: %0");
      Diags.Report(Id) << llvm::toString(std::move(E));
    }
  }

  CompilerInstance &CI;
  PluginOptions Opts;
  cta::Config Cfg;
};

class CtaAction : public PluginASTAction {
protected:
  /// The configuration is the main file's, as `cta lint` finds it
  /// (docs/configuration.md, "Which file applies"). A bad discovered file is
  /// a compiler error naming it; the compile goes on without the analysis.
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef InFile) override {
    std::vector<cta::ConfigLayer> Top;
    if (Explicit)
      Top.push_back({*Explicit, "-fplugin-arg-cta-config=" + Opts.ConfigPath});
    if (Schema)
      Top.push_back({*Schema, "-fplugin-arg-cta-schema=" + Schema->SchemaPath});
    if (MinConfidence) {
      cta::Config C;
      C.MinConfidence = *MinConfidence;
      C.MinConfidenceName = cta::confidenceName(*MinConfidence).str();
      Top.push_back({std::move(C), "-fplugin-arg-cta-min-confidence"});
    }
    cta::ConfigResolver Resolver(std::move(Top));
    auto Resolved = Resolver.forFile(InFile);
    if (!Resolved) {
      DiagnosticsEngine &Diags = CI.getDiagnostics();
      unsigned Id =
          Diags.getCustomDiagID(DiagnosticsEngine::Error, "cta plugin: %0");
      Diags.Report(Id) << llvm::toString(Resolved.takeError());
      return std::make_unique<ASTConsumer>();
    }
    return std::make_unique<CtaConsumer>(CI, Opts, (*Resolved)->Effective);
  }

  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    auto Fail = [&](llvm::StringRef Fmt, llvm::StringRef Arg) {
      unsigned Id = Diags.getCustomDiagID(DiagnosticsEngine::Error,
                                          "cta plugin: %0");
      Diags.Report(Id) << (Fmt + Arg).str();
      return false;
    };
    for (const std::string &Raw : Args) {
      llvm::StringRef Arg(Raw);
      auto [Name, Value] = Arg.split('=');
      bool HasValue = Arg.contains('=');
      if (Name == "sarif") {
        if (!HasValue || Value.empty())
          return Fail("option 'sarif' needs a file or directory: ",
                      "-fplugin-arg-cta-sarif=<path>");
        Opts.SarifPath = Value.str();
      } else if (Name == "config") {
        if (!HasValue || Value.empty())
          return Fail("option 'config' needs a file: ",
                      "-fplugin-arg-cta-config=<file>");
        Opts.ConfigPath = Value.str();
        llvm::Expected<cta::Config> C = cta::Config::load(Value);
        if (!C)
          return Fail("", llvm::toString(C.takeError()));
        Explicit = std::move(*C);
      } else if (Name == "schema") {
        if (!HasValue || Value.empty())
          return Fail("option 'schema' needs a SQL file: ",
                      "-fplugin-arg-cta-schema=<file.sql>");
        cta::Config S;
        if (llvm::Error E = S.loadSchema(Value))
          return Fail("", llvm::toString(std::move(E)));
        Schema = std::move(S);
      } else if (Name == "min-confidence") {
        std::optional<cta::Confidence> C = cta::parseConfidence(Value);
        if (!HasValue || !C)
          return Fail("option 'min-confidence' needs low, medium or high: ",
                      Arg);
        MinConfidence = *C;
      } else if (Name == "werror") {
        if (HasValue)
          return Fail("option 'werror' takes no value: ", Arg);
        Opts.Werror = true;
      } else if (Name == "help") {
        llvm::errs() << "cta plugin options: sarif=<file|dir/>, "
                        "config=<file>, schema=<file.sql>, "
                        "min-confidence=<low|medium|high>, werror\n";
      } else {
        return Fail("unknown argument '",
                    Arg.str() + "' (expected sarif=<path>, config=<file>, "
                                "schema=<file.sql>, min-confidence=<level> "
                                "or werror)");
      }
    }
    return true;
  }

  ActionType getActionType() override { return AddBeforeMainAction; }

private:
  PluginOptions Opts;
  /// -fplugin-arg-cta-config; merged on top of the discovered file, and the
  /// command line's min-confidence on top of both.
  std::optional<cta::Config> Explicit;
  std::optional<cta::Confidence> MinConfidence;
  /// -fplugin-arg-cta-schema: a layer that only sets the schema.
  std::optional<cta::Config> Schema;
};

} // namespace

static FrontendPluginRegistry::Add<CtaAction>
    X("cta", "finds check-then-act races on shared state");
