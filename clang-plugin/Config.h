//===- Config.h - User configuration of the analysis -----------------------===//
//
/// \file
/// The YAML file given with `-fplugin-arg-cta-config=` or `cta lint --config`:
///
/// \code
///   containers:                 # user types that behave like a known family
///     - type: mylib::FlatMap
///       like: std::unordered_map
///   shared-classes: [svc::Registry]     # members are shared regardless of intent
///   unshared-classes: [svc::Builder]    # members are never shared
///   thread-spawners: [svc::ThreadPool::submit]  # run a callable on another thread
///   thread-affinity-asserts: [assertInLoopThread]  # "this runs on one thread"
///   disabled-rules: [cta-seq-search-add]
///   min-confidence: medium      # low | medium | high (default: medium)
///   schema: db/schema.sql       # UNIQUE constraints (cta-sql-check-then-act)
/// \endcode
//
//===----------------------------------------------------------------------===//

#ifndef CTA_CONFIG_H
#define CTA_CONFIG_H

#include "Finding.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <string>
#include <vector>

namespace cta {

class SqlSchema;

struct ContainerAlias {
  std::string Type; ///< The user's qualified class or class template name.
  std::string Like; ///< A built-in family member, e.g. "std::unordered_map".
};

struct Config {
  std::vector<ContainerAlias> Containers;
  std::vector<std::string> SharedClasses;
  std::vector<std::string> UnsharedClasses;
  std::vector<std::string> ThreadSpawners;
  std::vector<std::string> ThreadAffinityAsserts;
  std::vector<std::string> DisabledRules;
  /// Findings below this confidence are not reported.
  std::string MinConfidenceName;
  Confidence MinConfidence = Confidence::Medium;
  /// A SQL file whose UNIQUE constraints turn a select-then-insert into a
  /// duplicate-key error (docs/sql-check-then-act.md); relative to the
  /// config file.
  std::string SchemaPath;
  std::shared_ptr<const SqlSchema> Schema;

  /// Reads the UNIQUE constraints of the SQL file \p Path into Schema.
  llvm::Error loadSchema(llvm::StringRef Path);

  bool isRuleEnabled(RuleId R) const;

  /// Parses \p Text; \p Name is used in error messages.
  static llvm::Expected<Config> parse(llvm::StringRef Text,
                                      llvm::StringRef Name);
  /// Reads and parses a file.
  static llvm::Expected<Config> load(llvm::StringRef Path);
};

} // namespace cta

#endif // CTA_CONFIG_H
