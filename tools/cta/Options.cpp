//===- Options.cpp - The command line of `cta lint` and `cta confirm` -----===//

#include "Options.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Option/Arg.h"
#include "llvm/Option/Option.h"
#include <fmt/format.h>
#include <limits>

using namespace llvm::opt;

namespace cta {
namespace {

using namespace opts;

/// The visibility bits Options.td names; bit 0 is llvm::opt::DefaultVis.
enum CtaVisibility : unsigned {
  LintOption = 1u << 1,
  ConfirmOption = 1u << 2,
  ReportOption = 1u << 3,
};

#define PREFIX(NAME, VALUE)                                                    \
  constexpr llvm::StringLiteral NAME##_init[] = VALUE;                         \
  constexpr llvm::ArrayRef<llvm::StringLiteral> NAME(                          \
      NAME##_init, std::size(NAME##_init) - 1);
#include "Options.inc"
#undef PREFIX

constexpr OptTable::Info InfoTable[] = {
#define OPTION(...) LLVM_CONSTRUCT_OPT_INFO(__VA_ARGS__),
#include "Options.inc"
#undef OPTION
};

class CtaOptTable : public GenericOptTable {
public:
  CtaOptTable() : GenericOptTable(InfoTable) {}
};

const CtaOptTable &table() {
  static const CtaOptTable T;
  return T;
}

Visibility visibilityOf(Command C) {
  switch (C) {
  case Command::Lint:
    return Visibility(LintOption);
  case Command::Confirm:
    return Visibility(ConfirmOption);
  case Command::Report:
    return Visibility(ReportOption);
  }
  llvm_unreachable("unknown command");
}

llvm::StringRef commandName(Command C) {
  switch (C) {
  case Command::Lint:
    return "lint";
  case Command::Confirm:
    return "confirm";
  case Command::Report:
    return "report";
  }
  llvm_unreachable("unknown command");
}

llvm::Error usage(const llvm::Twine &Msg) {
  return llvm::createStringError(Msg);
}

/// What a value-taking option is missing, in words.
std::string missingWhat(unsigned Id) {
  switch (Id) {
  case OPT_p:
    return "a build directory";
  case OPT_function:
    return "a qualified name and a file";
  default:
    return "a value";
  }
}

/// Reads the common options; `-j` is a number from 1 to \p MaxJobs (0: no
/// upper bound).
llvm::Error readCommonOptions(const InputArgList &Args, CommonOptions &O,
                              unsigned MaxJobs);

} // namespace

llvm::Expected<InputArgList> parseCommandLine(Command C,
                                              llvm::ArrayRef<const char *> Argv,
                                              CommonOptions &Common) {
  unsigned MissingIndex = 0, MissingCount = 0;
  InputArgList Args =
      table().ParseArgs(Argv, MissingIndex, MissingCount, visibilityOf(C));
  if (const Arg *A = Args.getLastArgNoClaim(OPT_UNKNOWN)) {
    // The first one, as the user typed it.
    for (const Arg *U : Args.filtered(OPT_UNKNOWN))
      if (U->getIndex() < A->getIndex())
        A = U;
    return usage(fmt::format("unknown option '{}' (see 'cta {} --help')",
                             A->getAsString(Args), commandName(C).str()));
  }
  if (MissingCount) {
    // ParseArgs stops at the option that lacks its value, spelled exactly
    // as the option is named.
    llvm::StringRef Name = Argv[MissingIndex];
    unsigned Id = OPT_INVALID;
    for (unsigned I = 1; I <= table().getNumOptions(); ++I)
      if (table().getOption(I).getPrefixedName() == Name)
        Id = I;
    return usage("option '" + Name + "' needs " + missingWhat(Id));
  }
  Common.Help = Args.hasArg(OPT_help);
  // Lint's jobs are bounded by the cores; confirm's by what a machine can
  // build and run at once.
  if (llvm::Error E =
          readCommonOptions(Args, Common, C == Command::Lint ? 0 : 256))
    return std::move(E);
  return std::move(Args);
}

llvm::Expected<std::vector<ConfigLayer>>
commandLineLayers(llvm::StringRef ConfigPath,
                  std::optional<Confidence> MinConfidence) {
  std::vector<ConfigLayer> Layers;
  if (!ConfigPath.empty()) {
    llvm::Expected<Config> C = Config::load(ConfigPath);
    if (!C)
      return C.takeError();
    Layers.push_back({std::move(*C), ("--config " + ConfigPath).str()});
  }
  if (MinConfidence) {
    Config C;
    C.MinConfidence = *MinConfidence;
    C.MinConfidenceName = confidenceName(*MinConfidence).str();
    Layers.push_back({std::move(C), "--min-confidence"});
  }
  return Layers;
}

std::string optionName(const Arg &A) {
  return A.getOption().getPrefixedName().str();
}

llvm::Expected<uint64_t> numberValue(const Arg &A, uint64_t Min, uint64_t Max) {
  llvm::StringRef V = A.getValue();
  uint64_t N = 0;
  if (V.getAsInteger(10, N) || N < Min || N > Max)
    return usage(fmt::format("option '{}' needs a number from {} to {}, got "
                             "'{}'",
                             optionName(A), Min, Max, V.str()));
  return N;
}

llvm::Expected<uint64_t> positiveValue(const Arg &A) {
  llvm::StringRef V = A.getValue();
  uint64_t N = 0;
  if (V.empty())
    return usage("option '" + optionName(A) + "' needs a value");
  if (V.getAsInteger(10, N) || N == 0)
    return usage("option '" + optionName(A) +
                 "' needs a positive number, got '" + V + "'");
  return N;
}

llvm::Expected<Format> formatValue(const Arg &A) {
  llvm::StringRef V = A.getValue();
  if (std::optional<Format> F = parseFormat(V))
    return *F;
  return usage("unknown format '" + V + "' (expected text, json or sarif)");
}

namespace {
llvm::Error readCommonOptions(const InputArgList &Args, CommonOptions &O,
                              unsigned MaxJobs) {
  for (const Arg *A :
       Args.filtered(OPT_p, OPT_config, OPT_j, OPT_format, OPT_o)) {
    switch (A->getOption().getID()) {
    case OPT_p:
      O.BuildDir = A->getValue();
      break;
    case OPT_config:
      O.ConfigPath = A->getValue();
      break;
    case OPT_j: {
      llvm::Expected<uint64_t> N =
          MaxJobs ? numberValue(*A, 1, MaxJobs) : positiveValue(*A);
      if (!N)
        return N.takeError();
      O.Jobs = unsigned(*N);
      break;
    }
    case OPT_format: {
      llvm::Expected<Format> F = formatValue(*A);
      if (!F)
        return F.takeError();
      O.Fmt = *F;
      break;
    }
    case OPT_o:
      O.Output = A->getValue();
      break;
    }
  }
  return llvm::Error::success();
}
} // namespace

void printOptions(llvm::raw_ostream &OS, Command C) {
  const CtaOptTable &T = table();
  Visibility Vis = visibilityOf(C);
  for (unsigned Group : {OPT_grp_inputs, OPT_grp_running, OPT_grp_output,
                         OPT_grp_filters, OPT_grp_fixes}) {
    std::vector<std::pair<std::string, std::string>> Rows;
    for (unsigned Id = 1; Id <= T.getNumOptions(); ++Id) {
      const Option O = T.getOption(Id);
      if (!O.isValid() || O.getKind() == Option::GroupClass ||
          O.getAlias().isValid() || !O.hasVisibilityFlag(Vis) ||
          T.getOptionGroupID(Id) != Group)
        continue;
      const char *Help = T.getOptionHelpText(Id, Vis);
      if (!Help)
        continue;
      std::string Name = O.getPrefixedName().str();
      if (const char *Meta = T.getOptionMetaVar(Id))
        Name += std::string(" ") + Meta;
      Rows.emplace_back(std::move(Name), Help);
    }
    if (Rows.empty())
      continue;
    OS << "\n" << T.getOptionHelpText(Group) << ":\n";
    for (const auto &[Name, Help] : Rows)
      OS << fmt::format("  {:<26} {}\n", Name, Help);
  }
}

} // namespace cta
