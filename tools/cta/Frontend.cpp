//===- Frontend.cpp -------------------------------------------------------===//

#include "Frontend.h"
#include "Database.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/VirtualFileSystem.h"

#ifndef CTA_CLANG_RESOURCE_DIR
#define CTA_CLANG_RESOURCE_DIR ""
#endif

using namespace clang;

namespace cta {
namespace {

/// FrontendActionFactory::runInvocation, except that the compiler's own
/// messages ("1 error generated.") go to the caller's stream like its
/// diagnostics do, instead of straight to stderr.
class Factory : public tooling::FrontendActionFactory {
public:
  Factory(const std::function<std::unique_ptr<FrontendAction>()> &Create,
          llvm::raw_ostream &Verbose)
      : Create(Create), Verbose(Verbose) {}

  std::unique_ptr<FrontendAction> create() override { return Create(); }

  bool runInvocation(std::shared_ptr<CompilerInvocation> Invocation,
                     FileManager *Files,
                     std::shared_ptr<PCHContainerOperations> PCHContainerOps,
                     DiagnosticConsumer *DiagConsumer) override {
    CompilerInstance Compiler(std::move(PCHContainerOps));
    Compiler.setInvocation(std::move(Invocation));
    Compiler.setFileManager(Files);
    Compiler.setVerboseOutputStream(Verbose);
    std::unique_ptr<FrontendAction> Action(create());
    Compiler.createDiagnostics(DiagConsumer, /*ShouldOwnClient=*/false);
    if (!Compiler.hasDiagnostics())
      return false;
    Compiler.createSourceManager(*Files);
    bool Success = Compiler.ExecuteAction(*Action);
    Files->clearStatCache();
    return Success;
  }

private:
  const std::function<std::unique_ptr<FrontendAction>()> &Create;
  llvm::raw_ostream &Verbose;
};

} // namespace

llvm::Error checkCompileCommands(const tooling::CompilationDatabase &DB,
                                 llvm::StringRef File) {
  std::vector<tooling::CompileCommand> Commands = DB.getCompileCommands(File);
  if (Commands.empty())
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "'" + File + "' has no entry in the compilation database");
  for (const tooling::CompileCommand &C : Commands)
    if (!llvm::sys::fs::is_directory(C.Directory))
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "the directory '" + C.Directory + "' of the compile command of '" +
              File + "' does not exist");
  return checkReadableFile(File, File);
}

bool parseTranslationUnit(
    const tooling::CompilationDatabase &DB, llvm::StringRef File,
    const std::function<std::unique_ptr<FrontendAction>()> &Create,
    llvm::raw_ostream &Out, bool Color) {
  IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS(
      llvm::vfs::createPhysicalFileSystem().release());
  tooling::ClangTool Tool(DB, {File.str()},
                          std::make_shared<PCHContainerOperations>(), FS);
  std::string ResourceDir = CTA_CLANG_RESOURCE_DIR;
  Tool.appendArgumentsAdjuster(
      [ResourceDir](const tooling::CommandLineArguments &Args,
                    llvm::StringRef) {
        tooling::CommandLineArguments R;
        if (Args.empty())
          return R;
        for (const std::string &A : Args)
          if (!llvm::StringRef(A).starts_with("-Werror") &&
              !llvm::StringRef(A).starts_with("-fplugin"))
            R.push_back(A);
        if (!ResourceDir.empty())
          R.insert(R.begin() + 1, "-resource-dir=" + ResourceDir);
        R.push_back("-w");
        return R;
      });
  // Paths are printed absolute: the user did not run the compile command in
  // its directory, and a database may name one relative path in several.
  IntrusiveRefCntPtr<DiagnosticOptions> DO(new DiagnosticOptions());
  DO->ShowColors = Color;
  DO->AbsolutePath = true;
  TextDiagnosticPrinter Printer(Out, DO.get());
  Tool.setDiagnosticConsumer(&Printer);
  Tool.setPrintErrorMessage(false);
  Factory F(Create, Out);
  return Tool.run(&F) == 0;
}

} // namespace cta
