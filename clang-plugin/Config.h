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
///   loop-run-functions: [svc::Loop::post]  # runs a callable on one loop
///   loop-entry-functions: [svc::Loop::run]  # runs a loop until it quits
///   disabled-rules: [cta-seq-search-add]
///   enabled-rules: [cta-lazy-init]      # turn back on what a lower layer
///                                       # turned off
///   min-confidence: medium      # low | medium | high (default: medium)
///   inherit-parent-config: true # a discovered file: the parent's applies
///                               # beneath it
///   schema: db/schema.sql       # UNIQUE constraints (cta-sql-check-then-act)
/// \endcode
///
/// The effective configuration of a file is built in layers
/// (docs/configuration.md, "Which file applies"): the nearest `.cta.yaml`
/// (ConfigDiscovery.h), then the explicit file, each merged on top of the
/// one before with Config::mergeOnTop.
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
  std::vector<std::string> LoopRunFunctions;
  std::vector<std::string> LoopEntryFunctions;
  std::vector<std::string> DisabledRules;
  /// Rules this layer turns back on; in a merged configuration, empty.
  std::vector<std::string> EnabledRules;
  /// Findings below this confidence are not reported. The name is empty when
  /// the file does not set it.
  std::string MinConfidenceName;
  Confidence MinConfidence = Confidence::Medium;
  /// A discovered file: the `.cta.yaml` above its directory applies beneath.
  bool InheritParent = false;
  /// A SQL file whose UNIQUE constraints turn a select-then-insert into a
  /// duplicate-key error (docs/sql-check-then-act.md); relative to the
  /// config file.
  std::string SchemaPath;
  std::shared_ptr<const SqlSchema> Schema;

  /// Reads the UNIQUE constraints of the SQL file \p Path into Schema.
  llvm::Error loadSchema(llvm::StringRef Path);

  bool isRuleEnabled(RuleId R) const;

  /// Merges \p Over on top of this configuration: lists are united (a
  /// `containers` entry of \p Over replaces one of the same `type`),
  /// `min-confidence` is \p Over's when it sets one, a rule is disabled when
  /// this disables it and \p Over does not enable it, or \p Over disables it.
  /// Rule names come out in their `cta-` spelling.
  void mergeOnTop(const Config &Over);

  /// The configuration as YAML that Config::parse reads back to the same
  /// configuration: every key, every rule's state (`enabled-rules` lists the
  /// rules not disabled), so that merged on top of any other configuration it
  /// gives this one.
  std::string toYAML() const;

  /// Parses \p Text; \p Name is used in error messages.
  static llvm::Expected<Config> parse(llvm::StringRef Text,
                                      llvm::StringRef Name);
  /// Reads and parses a file.
  static llvm::Expected<Config> load(llvm::StringRef Path);
};

} // namespace cta

#endif // CTA_CONFIG_H
