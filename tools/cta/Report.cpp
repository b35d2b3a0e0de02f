//===- Report.cpp - `cta report`: the findings as one HTML page -----------===//
//
/// \file
/// Reads the SARIF of `cta lint` and of `cta confirm` and writes one
/// self-contained HTML file (report/Html.cpp, report/Timeline.cpp).
//
//===----------------------------------------------------------------------===//

#include "report/Report.h"
#include "Commands.h"
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
        "confirmed race.\n"
        "\n"
        "options:\n"
        "  --lint <file>      SARIF from 'cta lint --format sarif' (or the "
        "plugin)\n"
        "  --confirm <file>   SARIF from 'cta confirm --format sarif'\n"
        "  -o <file>          the HTML file to write ('-': standard output)\n"
        "  --title <text>     the page's title (default: cta report)\n"
        "\n"
        "exit status: 0 written, 2 usage or input errors\n";
}

int error(const llvm::Twine &Msg) {
  llvm::errs() << "cta report: error: " << Msg << "\n";
  return ExitError;
}

std::optional<int> parseArgs(llvm::ArrayRef<llvm::StringRef> Args,
                             ReportOptions &O) {
  for (size_t I = 0; I < Args.size(); ++I) {
    llvm::StringRef A = Args[I];
    bool Missing = false;
    auto Value = [&](llvm::StringRef Name) -> std::optional<std::string> {
      if (A.starts_with(Name.str() + "="))
        return A.drop_front(Name.size() + 1).str();
      if (A != Name)
        return std::nullopt;
      if (I + 1 < Args.size())
        return Args[++I].str();
      Missing = true;
      return std::nullopt;
    };
    if (A == "--help" || A == "-h") {
      printHelp(llvm::outs());
      return ExitClean;
    }
    if (auto V = Value("--lint")) {
      O.Lint = *V;
      continue;
    }
    if (auto V = Value("--confirm")) {
      O.Confirm = *V;
      continue;
    }
    if (auto V = Value("-o")) {
      O.Output = *V;
      continue;
    }
    if (auto V = Value("--title")) {
      O.Title = *V;
      continue;
    }
    if (Missing)
      return error("option '" + A + "' needs a value");
    if (A.starts_with("-"))
      return error("unknown option '" + A + "' (see 'cta report --help')");
    return error("unexpected argument '" + A +
                 "' (name the logs with --lint and --confirm)");
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

int runReport(const char *Argv0, llvm::ArrayRef<const char *> RawArgs) {
  std::vector<llvm::StringRef> Args(RawArgs.begin(), RawArgs.end());
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
