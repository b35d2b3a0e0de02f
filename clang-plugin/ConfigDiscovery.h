//===- ConfigDiscovery.h - Which configuration applies to a file ---------===//
//
/// \file
/// Finds the configuration of a source file as clang-tidy finds its
/// `.clang-tidy`: the nearest `.cta.yaml` in the file's directory or a parent
/// applies to it (and, with `inherit-parent-config: true`, the one above
/// that beneath it); the explicit layers (`--config`, then the command line)
/// are merged on top. docs/configuration.md, "Which file applies", is the
/// user's description. `cta lint`, `cta confirm` and the plugin share it.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_CONFIGDISCOVERY_H
#define CTA_CONFIGDISCOVERY_H

#include "Config.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace cta {

/// The name of a discovered configuration file.
inline constexpr llvm::StringLiteral ConfigFileName = ".cta.yaml";

/// One layer merged on top of the discovered files.
struct ConfigLayer {
  Config Cfg;
  std::string Source; ///< How the user named it: "--config x.yaml".
};

/// The configuration of one file and where it came from.
struct ResolvedConfig {
  Config Effective;
  /// The discovered files (farthest first), then the explicit layers' names.
  std::vector<std::string> Sources;
};

/// Resolves and caches the configuration of files; safe to call from several
/// threads.
class ConfigResolver {
public:
  explicit ConfigResolver(std::vector<ConfigLayer> Top = {})
      : Top(std::move(Top)) {}

  /// The configuration of \p File (made absolute against the current
  /// directory); discovery starts in its directory, or in \p File itself when
  /// it is a directory. The error names the discovered file that is invalid.
  llvm::Expected<std::shared_ptr<const ResolvedConfig>>
  forFile(llvm::StringRef File);

private:
  struct Entry {
    std::shared_ptr<const ResolvedConfig> Resolved;
    std::string Error;
  };
  /// The discovered layers alone, for a directory. Called with M held.
  const Entry &discovered(llvm::StringRef Dir);

  std::vector<ConfigLayer> Top;
  std::mutex M;
  llvm::StringMap<Entry> ByDirectory; ///< Discovered layers only.
  llvm::StringMap<Entry> ByStart;     ///< With the top layers.
};

} // namespace cta

#endif // CTA_CONFIGDISCOVERY_H
