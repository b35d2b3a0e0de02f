//===- LintConfig.h - The configuration of each file `cta lint` analyzes --===//
//
/// \file
/// `cta lint` gives each translation unit the configuration of its main file
/// (ConfigDiscovery.h): the nearest `.cta.yaml`, then the command line's
/// layers (Options.h, commandLineLayers). `--dump-config` prints the result.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_LINT_LINTCONFIG_H
#define CTA_TOOLS_LINT_LINTCONFIG_H

#include "ConfigDiscovery.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>
#include <string>
#include <vector>

namespace cta {

/// Resolves the configuration of every file up front, so that an invalid
/// `.cta.yaml` is reported before anything is analyzed. The error names the
/// first invalid file (in the order of \p Files).
llvm::Error resolveAll(ConfigResolver &R,
                       const std::vector<std::string> &Files);

/// `cta lint --dump-config [file]`: the effective configuration of \p File
/// (default: a file in the current directory) as YAML that `--config` reads
/// back to the same configuration, after comments naming where it came from.
llvm::Error dumpConfig(ConfigResolver &R, llvm::StringRef File,
                       llvm::raw_ostream &OS);

} // namespace cta

#endif // CTA_TOOLS_LINT_LINTCONFIG_H
