//===- main.cpp - The `cta` command ---------------------------------------===//
//
/// \file
/// `cta lint` finds check-then-act races statically; `cta confirm` runs the
/// flagged functions under ThreadSanitizer to prove them; `cta report`
/// draws both as one HTML page.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#ifndef CTA_VERSION
#define CTA_VERSION "0.0.0"
#endif

namespace {
void usage(llvm::raw_ostream &OS) {
  OS << "usage: cta <command> [options]\n"
        "\n"
        "commands:\n"
        "  lint      find check-then-act races in a compilation database\n"
        "  confirm   run flagged functions under ThreadSanitizer to prove "
        "them\n"
        "  report    write lint findings and confirm verdicts as one HTML "
        "page\n"
        "  merge     merge SARIF logs (of lint shards, plugin runs) into one\n"
        "  version   print the version\n"
        "\n"
        "Run 'cta <command> --help' for the options of a command.\n";
}
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM X(argc, argv);
  if (argc < 2) {
    usage(llvm::errs());
    return cta::ExitError;
  }
  llvm::StringRef Cmd = argv[1];
  llvm::ArrayRef<const char *> Args(argv + 2, argv + argc);
  if (Cmd == "lint")
    return cta::runLint(argv[0], Args);
  if (Cmd == "confirm")
    return cta::runConfirm(argv[0], Args);
  if (Cmd == "report")
    return cta::runReport(argv[0], Args);
  if (Cmd == "merge")
    return cta::runMerge(argv[0], Args);
  if (Cmd == "version" || Cmd == "--version") {
    llvm::outs() << "cta " << CTA_VERSION << " (LLVM " << LLVM_VERSION_STRING
                 << ")\n";
    return cta::ExitClean;
  }
  if (Cmd == "help" || Cmd == "--help" || Cmd == "-h") {
    usage(llvm::outs());
    return cta::ExitClean;
  }
  llvm::errs() << "cta: error: unknown command '" << Cmd
               << "' (expected lint, confirm, report, merge or version; see 'cta --help')\n";
  return cta::ExitError;
}
