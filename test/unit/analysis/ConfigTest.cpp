//===- ConfigTest.cpp - Config::parse and rule names ----------------------===//

#include "Config.h"
#include "Finding.h"
#include "gtest/gtest.h"

namespace cta {
namespace {

/// The error text of a failed parse, or "" if it succeeded.
std::string parseError(llvm::StringRef Text) {
  llvm::Expected<Config> C = Config::parse(Text, "cta.yaml");
  if (C)
    return "";
  return llvm::toString(C.takeError());
}

TEST(ConfigTest, ParsesEveryKey) {
  llvm::Expected<Config> C = Config::parse(R"yaml(
containers:
  - type: mylib::FlatMap
    like: std::unordered_map
  - type: mylib::Bag
    like: std::vector
shared-classes: [svc::Registry]
unshared-classes: [svc::Builder, svc::Local]
thread-spawners: [svc::ThreadPool::submit]
disabled-rules: [cta-seq-search-add, split-lock]
)yaml",
                                           "cta.yaml");
  ASSERT_TRUE(static_cast<bool>(C)) << llvm::toString(C.takeError());
  ASSERT_EQ(C->Containers.size(), 2u);
  EXPECT_EQ(C->Containers[0].Type, "mylib::FlatMap");
  EXPECT_EQ(C->Containers[0].Like, "std::unordered_map");
  EXPECT_EQ(C->Containers[1].Type, "mylib::Bag");
  EXPECT_EQ(C->Containers[1].Like, "std::vector");
  EXPECT_EQ(C->SharedClasses, std::vector<std::string>{"svc::Registry"});
  EXPECT_EQ(C->UnsharedClasses,
            (std::vector<std::string>{"svc::Builder", "svc::Local"}));
  EXPECT_EQ(C->ThreadSpawners,
            std::vector<std::string>{"svc::ThreadPool::submit"});
  ASSERT_EQ(C->DisabledRules.size(), 2u);
  EXPECT_FALSE(C->isRuleEnabled(RuleId::SeqSearchAdd));
  EXPECT_FALSE(C->isRuleEnabled(RuleId::SplitLock)) << "short names work too";
  EXPECT_TRUE(C->isRuleEnabled(RuleId::MapGetOrAdd));
  EXPECT_TRUE(C->isRuleEnabled(RuleId::LazyInit));
}

TEST(ConfigTest, FlowStyleContainers) {
  llvm::Expected<Config> C = Config::parse(
      "containers: [{type: my::Cache, like: std::unordered_map}]\n", "x");
  ASSERT_TRUE(static_cast<bool>(C)) << llvm::toString(C.takeError());
  ASSERT_EQ(C->Containers.size(), 1u);
  EXPECT_EQ(C->Containers[0].Type, "my::Cache");
  EXPECT_EQ(C->Containers[0].Like, "std::unordered_map");
}

TEST(ConfigTest, EmptyTextGivesDefaults) {
  for (llvm::StringRef Text : {"", "   \n\n", "\t"}) {
    llvm::Expected<Config> C = Config::parse(Text, "empty.yaml");
    ASSERT_TRUE(static_cast<bool>(C)) << llvm::toString(C.takeError());
    EXPECT_TRUE(C->Containers.empty());
    EXPECT_TRUE(C->SharedClasses.empty());
    EXPECT_TRUE(C->UnsharedClasses.empty());
    EXPECT_TRUE(C->ThreadSpawners.empty());
    EXPECT_TRUE(C->DisabledRules.empty());
    for (unsigned I = 0; I < NumRules; ++I)
      EXPECT_TRUE(C->isRuleEnabled(static_cast<RuleId>(I)));
  }
}

TEST(ConfigTest, CommentOnlyTextGivesDefaults) {
  llvm::Expected<Config> C = Config::parse("# nothing configured\n", "c.yaml");
  ASSERT_TRUE(static_cast<bool>(C)) << llvm::toString(C.takeError());
  EXPECT_TRUE(C->Containers.empty());
}

TEST(ConfigTest, UnknownRuleIsAnError) {
  std::string Err = parseError("disabled-rules: [cta-no-such-rule]\n");
  EXPECT_NE(Err.find("unknown rule 'cta-no-such-rule'"), std::string::npos)
      << Err;
  EXPECT_NE(Err.find("cta.yaml"), std::string::npos) << Err;
}

TEST(ConfigTest, BadLikeIsAnError) {
  std::string Err =
      parseError("containers:\n  - type: my::Cache\n    like: std::hash_map\n");
  EXPECT_NE(Err.find("'my::Cache'"), std::string::npos) << Err;
  EXPECT_NE(Err.find("'std::hash_map'"), std::string::npos) << Err;
}

TEST(ConfigTest, LikeMustBeABuiltinNotAnotherUserType) {
  std::string Err = parseError("containers:\n"
                               "  - type: a::A\n    like: std::map\n"
                               "  - type: b::B\n    like: a::A\n");
  EXPECT_NE(Err.find("'a::A'"), std::string::npos) << Err;
}

TEST(ConfigTest, MissingLikeIsAnError) {
  EXPECT_NE(parseError("containers:\n  - type: my::Cache\n"), "");
}

TEST(ConfigTest, UnknownKeyIsAnError) {
  EXPECT_NE(parseError("containerz: []\n"), "");
}

TEST(ConfigTest, MalformedYamlIsAnError) {
  EXPECT_NE(parseError("containers: [\n"), "");
  EXPECT_NE(parseError("shared-classes: {a: b}\n"), "");
}

TEST(ConfigTest, MergeOnTopByKey) {
  llvm::Expected<Config> Base = Config::parse(R"yaml(
min-confidence: low
disabled-rules: [lazy-init, split-lock]
containers: [{type: my::Map, like: std::map}]
shared-classes: [a::A]
)yaml",
                                              "base.yaml");
  llvm::Expected<Config> Over = Config::parse(R"yaml(
enabled-rules: [cta-split-lock]
disabled-rules: [take-remove]
containers: [{type: my::Map, like: std::unordered_map},
             {type: my::Vec, like: std::vector}]
shared-classes: [b::B, a::A]
)yaml",
                                              "over.yaml");
  ASSERT_TRUE(Base && Over);
  Config C;
  C.mergeOnTop(*Base);
  C.mergeOnTop(*Over);
  EXPECT_EQ(C.MinConfidence, Confidence::Low) << "unset above: kept";
  EXPECT_FALSE(C.isRuleEnabled(RuleId::LazyInit));
  EXPECT_TRUE(C.isRuleEnabled(RuleId::SplitLock)) << "enabled above";
  EXPECT_FALSE(C.isRuleEnabled(RuleId::TakeRemove));
  EXPECT_EQ(C.DisabledRules,
            (std::vector<std::string>{"cta-lazy-init", "cta-take-remove"}));
  ASSERT_EQ(C.Containers.size(), 2u);
  EXPECT_EQ(C.Containers[0].Like, "std::unordered_map")
      << "same type: replaced";
  EXPECT_EQ(C.Containers[1].Type, "my::Vec");
  EXPECT_EQ(C.SharedClasses, (std::vector<std::string>{"a::A", "b::B"}));
}

TEST(ConfigTest, DumpReadsBackToTheSameConfig) {
  Config C;
  C.DisabledRules = {"cta-lazy-init"};
  C.Containers.push_back({"my::Map", "std::map"});
  C.ThreadSpawners = {"svc::Pool::submit"};
  C.MinConfidence = Confidence::High;
  llvm::Expected<Config> Back = Config::parse(C.toYAML(), "dump.yaml");
  ASSERT_TRUE(static_cast<bool>(Back)) << llvm::toString(Back.takeError());
  // On top of a layer that disabled other rules, the dump still decides.
  Config Other;
  Other.DisabledRules = {"cta-split-lock"};
  Other.mergeOnTop(*Back);
  for (unsigned I = 0; I < NumRules; ++I)
    EXPECT_EQ(Other.isRuleEnabled(RuleId(I)), C.isRuleEnabled(RuleId(I)));
  EXPECT_EQ(Other.MinConfidence, Confidence::High);
  EXPECT_EQ(Other.ThreadSpawners, C.ThreadSpawners);
  EXPECT_EQ(Other.toYAML(), C.toYAML());
}

TEST(ConfigTest, RuleInBothListsIsAnError) {
  EXPECT_NE(parseError("enabled-rules: [lazy-init]\n"
                       "disabled-rules: [cta-lazy-init]\n")
                .find("rule 'lazy-init' is both in enabled-rules and in "
                      "disabled-rules"),
            std::string::npos);
}

TEST(ConfigTest, ErrorsNameTheLine) {
  EXPECT_NE(parseError("containers: []\ndisabled-rules:\n  - cta-nope\n")
                .find("unknown rule 'cta-nope' (line 3)"),
            std::string::npos);
  EXPECT_NE(parseError("\nmin-confidence: sure\n")
                .find("min-confidence 'sure' is not low, medium or high "
                      "(line 2)"),
            std::string::npos);
}

TEST(RuleNamesTest, RoundTrip) {
  for (unsigned I = 0; I < NumRules; ++I) {
    RuleId R = static_cast<RuleId>(I);
    EXPECT_TRUE(ruleName(R).starts_with("cta-"));
    EXPECT_EQ(parseRuleName(ruleName(R)), R);
    EXPECT_EQ(parseRuleName(ruleName(R).drop_front(4)), R);
    EXPECT_FALSE(ruleSummary(R).empty());
    EXPECT_TRUE(ruleDocPath(R).ends_with(".md"));
  }
  EXPECT_EQ(ruleName(RuleId::MapGetOrAdd), "cta-map-get-or-add");
  EXPECT_EQ(parseRuleName("cta-nope"), std::nullopt);
  EXPECT_EQ(parseRuleName(""), std::nullopt);
}

} // namespace
} // namespace cta
