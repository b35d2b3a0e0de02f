//===- Report.cpp - `cta report`: the findings as one HTML page -----------===//
//
/// \file
/// Reads the SARIF of `cta lint` and of `cta confirm` and writes one
/// self-contained HTML file (report/Html.cpp, report/Timeline.cpp).
//
//===----------------------------------------------------------------------===//

#include "report/Report.h"
#include "Commands.h"
#include "Options.h"
#include "report/ReportModel.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <fmt/format.h>

namespace cta {
namespace {

struct ReportOptions {
  std::string Lint;
  std::string Confirm;
  std::string Output;
  std::string Title = "cta report";
};

void printHelp(llvm::raw_ostream &OS) {
  OS << "usage: cta report [--lint <lint.sarif>] [--confirm <confirm.sarif>] "
        "-o <report.html>\n"
        "\n"
        "Writes the findings of 'cta lint' and the verdicts of 'cta confirm' "
        "as one\n"
        "self-contained HTML page: a sortable summary, the source of each "
        "check and\n"
        "act, the suggested replacement, and the interleaving of each "
        "confirmed race.\n";
  printOptions(OS, Command::Report);
  OS << "\nexit status: 0 written, 2 usage or input errors\n";
}

int error(const llvm::Twine &Msg) {
  llvm::errs() << "cta report: error: " << Msg << "\n";
  return ExitError;
}

/// Parses the command line (Options.td, as lint and confirm); returns an
/// exit status on error.
std::optional<int> parseArgs(llvm::ArrayRef<const char *> Argv,
                             ReportOptions &O) {
  CommonOptions Common;
  llvm::Expected<llvm::opt::InputArgList> Args =
      parseCommandLine(Command::Report, Argv, Common);
  if (!Args)
    return error(llvm::toString(Args.takeError()));
  if (Common.Help) {
    printHelp(llvm::outs());
    return ExitClean;
  }
  O.Output = Common.Output;
  for (const llvm::opt::Arg *A : *Args) {
    switch (A->getOption().getID()) {
    case opts::OPT_INPUT:
      return error(std::string("unexpected argument '") + A->getValue() +
                   "' (name the logs with --lint and --confirm)");
    case opts::OPT_lint:
      O.Lint = A->getValue();
      break;
    case opts::OPT_confirm:
      O.Confirm = A->getValue();
      break;
    case opts::OPT_title:
      O.Title = A->getValue();
      break;
    }
  }
  if (O.Lint.empty() && O.Confirm.empty())
    return error("nothing to report: pass --lint <file> and/or --confirm "
                 "<file>");
  if (O.Output.empty())
    return error("no output file: pass -o <report.html>");
  return std::nullopt;
}

std::optional<std::string> readLog(llvm::StringRef Path, int &Exit) {
  if (Path.empty())
    return std::string();
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf) {
    Exit = error("cannot read '" + Path + "': " + Buf.getError().message());
    return std::nullopt;
  }
  return (*Buf)->getBuffer().str();
}

} // namespace

int runReport(const char *Argv0, llvm::ArrayRef<const char *> Args) {
  (void)Argv0;
  ReportOptions Opts;
  if (std::optional<int> Exit = parseArgs(Args, Opts))
    return *Exit;
  int Exit = ExitClean;
  std::optional<std::string> Lint = readLog(Opts.Lint, Exit);
  if (!Lint)
    return Exit;
  std::optional<std::string> Confirm = readLog(Opts.Confirm, Exit);
  if (!Confirm)
    return Exit;
  llvm::Expected<std::vector<ReportEntry>> Entries =
      readReportInputs(*Lint, *Confirm);
  if (!Entries)
    return error(llvm::toString(Entries.takeError()));
  std::string Html = renderHtml(*Entries, Opts.Title);
  if (Opts.Output == "-") {
    llvm::outs() << Html;
  } else if (llvm::Error E = writeFileAtomically(Opts.Output, Html)) {
    return error(llvm::toString(std::move(E)));
  }
  size_t Confirmed = llvm::count_if(
      *Entries, [](const ReportEntry &E) { return E.Confirmed; });
  llvm::errs() << fmt::format("cta report: {} finding{} ({} confirmed)",
                              Entries->size(), Entries->size() == 1 ? "" : "s",
                              Confirmed);
  if (Opts.Output != "-")
    llvm::errs() << " written to " << Opts.Output;
  llvm::errs() << "\n";
  return ExitClean;
}

} // namespace cta
