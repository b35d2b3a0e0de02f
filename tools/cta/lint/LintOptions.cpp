//===- LintOptions.cpp - `cta lint`'s options and their errors ------------===//
//
/// \file
/// Parses `cta lint`'s command line (LintOptions.h).
//
//===----------------------------------------------------------------------===//

#include "lint/LintOptions.h"
#include "Commands.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

namespace cta {
namespace {

void printHelp(llvm::raw_ostream &OS) {
  OS << "usage: cta lint [options] [files...] [-- <compile flags>]\n"
        "\n"
        "Finds check-then-act races in the translation units of a\n"
        "compilation database (all of them when no file is named).\n";
  printOptions(OS, Command::Lint);
  OS << "\nexit status: 0 no findings, 1 findings, 2 usage or input errors\n";
}

} // namespace

int lintError(const llvm::Twine &Msg) {
  llvm::errs() << "cta lint: error: " << Msg << "\n";
  return ExitError;
}

int lintError(llvm::Error E) { return lintError(llvm::toString(std::move(E))); }

std::optional<int> parseLintArgs(llvm::ArrayRef<const char *> Argv,
                                 LintOptions &O) {
  llvm::Expected<llvm::opt::InputArgList> Args =
      parseCommandLine(Command::Lint, Argv, O);
  if (!Args)
    return lintError(Args.takeError());
  if (O.Help) {
    printHelp(llvm::outs());
    return ExitClean;
  }
  O.Color = llvm::sys::Process::StandardErrHasColors();
  // In order: the first bad value is the one reported.
  bool TimeoutGiven = false;
  for (const llvm::opt::Arg *A : *Args) {
    llvm::Expected<bool> IsFilter = parseFilterOption(*A, O.Filters);
    if (!IsFilter)
      return lintError(IsFilter.takeError());
    switch (A->getOption().getID()) {
    case opts::OPT_INPUT:
      O.Files.push_back(A->getValue());
      break;
    case opts::OPT_dash_dash:
      O.HasFixedArgs = true;
      for (const char *V : A->getValues())
        O.ExtraArgs.push_back(V);
      break;
    case opts::OPT_sarif:
      O.SarifOut = A->getValue();
      break;
    case opts::OPT_export_fixes:
      O.ExportFixes = A->getValue();
      break;
    case opts::OPT_source_root:
      O.SourceRoot = A->getValue();
      break;
    case opts::OPT_min_confidence:
      O.MinConfidence = parseConfidence(A->getValue());
      if (!O.MinConfidence)
        return lintError(std::string("unknown confidence '") + A->getValue() +
                         "' (expected low, medium or high)");
      break;
    case opts::OPT_fix:
      O.Fix = true;
      break;
    case opts::OPT_no_cache:
      O.NoCache = true;
      break;
    case opts::OPT_color:
      O.Color = true;
      break;
    case opts::OPT_no_color:
      O.Color = false;
      break;
    case opts::OPT_dump_config:
      O.DumpConfig = true;
      break;
    case opts::OPT_hook:
      O.Hook = true;
      break;
    case opts::OPT_progress:
      O.Progress = ProgressRequest::On;
      break;
    case opts::OPT_no_progress:
      O.Progress = ProgressRequest::Off;
      break;
    case opts::OPT_quiet:
      O.Quiet = true;
      break;
    case opts::OPT_tu_timeout: {
      llvm::Expected<uint64_t> N = numberValue(*A, 0, 86400);
      if (!N)
        return lintError(N.takeError());
      O.TUTimeout = unsigned(*N);
      TimeoutGiven = O.TUTimeout != 0;
      break;
    }
    case opts::OPT_no_isolate:
      O.Isolate = false;
      break;
    }
  }
  // A thread cannot be stopped: the time limit needs worker processes.
  if (!O.Isolate && TimeoutGiven)
    return lintError(
        "--tu-timeout needs worker processes; it cannot be combined "
        "with --no-isolate");
  if (O.DumpConfig) {
    if (O.Files.size() > 1)
      return lintError("--dump-config takes at most one file");
    return std::nullopt;
  }
  if (O.BuildDir.empty() && !O.HasFixedArgs && !O.Hook)
    return lintError("no compilation database: pass -p <build-dir> or "
                     "'-- <compile flags>' after the files");
  if (O.HasFixedArgs && O.Files.empty())
    return lintError("'--' needs files to analyze before it");
  if (!O.SourceRoot.empty() && !llvm::sys::fs::is_directory(O.SourceRoot))
    return lintError("--source-root '" + O.SourceRoot + "' is not a directory");
  return std::nullopt;
}

} // namespace cta
