//===- Options.h - The command line of `cta lint`, `confirm` and `report` -===//
//
/// \file
/// One option table for the subcommands (Options.td, compiled by
/// llvm-tblgen): the options they share (`-p`, `--config`, `-j`, `--format`,
/// `-o`, `--help`) are defined once. Parsing reports the first unknown
/// option or missing value as a one-line error; the typed accessors below
/// give every subcommand the same messages for the same mistakes.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_OPTIONS_H
#define CTA_TOOLS_OPTIONS_H

#include "Commands.h"
#include "Config.h"
#include "ConfigDiscovery.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cta {

namespace opts {
enum ID : unsigned {
  OPT_INVALID = 0,
#define OPTION(...) LLVM_MAKE_OPT_ID(__VA_ARGS__),
#include "Options.inc"
#undef OPTION
};
} // namespace opts

enum class Command { Lint, Confirm, Report };

/// The options every subcommand takes, defined once in Options.td.
struct CommonOptions {
  std::string BuildDir;      ///< -p
  std::string ConfigPath;    ///< --config
  unsigned Jobs = 0;         ///< -j; 0 when not given.
  Format Fmt = Format::Text; ///< --format
  std::string Output;        ///< -o
  bool Help = false;         ///< --help, -h
};

/// Parses \p Argv (the arguments after the subcommand's name; the strings
/// must outlive the result) with the options visible to \p C, and reads
/// the common ones into \p Common (the last of each wins). The error is the
/// first unknown option, in order, else a missing value, else a bad common
/// value.
llvm::Expected<llvm::opt::InputArgList>
parseCommandLine(Command C, llvm::ArrayRef<const char *> Argv,
                 CommonOptions &Common);

/// The configuration layers the command line puts on top of each file's
/// discovered `.cta.yaml` (ConfigDiscovery.h): `--config <file>` when
/// \p ConfigPath is set (read by the loader the plugin uses), then
/// `--min-confidence`.
llvm::Expected<std::vector<ConfigLayer>>
commandLineLayers(llvm::StringRef ConfigPath,
                  std::optional<Confidence> MinConfidence);

/// The option as the user would name it in a message: `--rounds` for
/// `--rounds=0`, `-j` for `-j8`.
std::string optionName(const llvm::opt::Arg &A);

/// The value of \p A as a number from \p Min to \p Max.
llvm::Expected<uint64_t> numberValue(const llvm::opt::Arg &A, uint64_t Min,
                                     uint64_t Max);
/// The value of \p A as a positive number (no upper bound).
llvm::Expected<uint64_t> positiveValue(const llvm::opt::Arg &A);

/// The value of `--format`.
llvm::Expected<Format> formatValue(const llvm::opt::Arg &A);

/// Prints the options of \p C by section (inputs, running, output, fixes),
/// with the help text of Options.td.
void printOptions(llvm::raw_ostream &OS, Command C);

} // namespace cta

#endif // CTA_TOOLS_OPTIONS_H
