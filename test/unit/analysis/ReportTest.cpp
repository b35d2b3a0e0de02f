//===- ReportTest.cpp - JSON and SARIF round trips, fingerprints ----------===//

#include "report/Report.h"
#include "gtest/gtest.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

namespace cta {
namespace {

Site site(llvm::StringRef File, unsigned Line, unsigned Col,
          llvm::StringRef Text) {
  Site S;
  S.File = File.str();
  S.Line = Line;
  S.Column = Col;
  S.EndLine = Line;
  S.EndColumn = Col + static_cast<unsigned>(Text.size());
  S.Offset = Line * 100 + Col;
  S.Text = Text.str();
  return S;
}

/// A finding with every field set to something distinctive.
Finding sample() {
  Finding F;
  F.Rule = RuleId::SplitLock;
  F.Message = "check-then-act race on shared 'cache_': 'find' then "
              "'operator[]' in two critical sections";
  F.Object = "cache_";
  F.ObjectType = "std::unordered_map<std::string, int>";
  F.Family = "std::unordered_map";
  F.Key = "key";
  F.CheckApi = "find";
  F.ActApi = "operator[]";
  F.SharedBecause = "'svc::Cache' has the synchronization member 'mu_'";
  F.Check = site("/src/dir with space/cache.cc", 12, 9, "cache_.find(key)");
  F.Act = site("/src/dir with space/cache.cc", 17, 5, "cache_[key]");
  F.Function.QualifiedName = "svc::Cache::get";
  F.Function.USR = "c:@N@svc@S@Cache@F@get#&1$@N@std@S@basic_string#";
  F.Function.Signature = "int (const std::string &)";
  F.Function.ClassName = "svc::Cache";
  F.Function.IsMethod = true;
  F.Function.IsStaticMethod = false;
  F.Function.IsConstMethod = true;
  F.Function.IsLambda = false;
  F.Function.Location = site("/src/dir with space/cache.cc", 10, 3, "get");
  F.Locks.AtCheck = {"mu_"};
  F.Locks.AtAct = {"mu_", "other_"};
  F.Locks.CheckShared = true;
  F.Locks.ActShared = false;
  F.Locks.HasRecheck = false;
  F.Replacement = "use 'try_emplace' under one lock";
  FixIt X;
  X.File = "/src/dir with space/cache.cc";
  X.Offset = 1234;
  X.Length = 11;
  X.Replacement = "cache_.try_emplace(key).first->second";
  X.Begin = site(X.File, 17, 5, "");
  X.End = site(X.File, 17, 16, "");
  F.Fixes.push_back(X);
  return F;
}

void expectSameSite(const Site &A, const Site &B, const char *What) {
  SCOPED_TRACE(What);
  EXPECT_EQ(A.File, B.File);
  EXPECT_EQ(A.Line, B.Line);
  EXPECT_EQ(A.Column, B.Column);
  EXPECT_EQ(A.EndLine, B.EndLine);
  EXPECT_EQ(A.EndColumn, B.EndColumn);
  EXPECT_EQ(A.Offset, B.Offset);
  EXPECT_EQ(A.Text, B.Text);
}

void expectSameFinding(const Finding &A, const Finding &B) {
  EXPECT_EQ(A.Rule, B.Rule);
  EXPECT_EQ(A.Message, B.Message);
  EXPECT_EQ(A.Object, B.Object);
  EXPECT_EQ(A.ObjectType, B.ObjectType);
  EXPECT_EQ(A.Family, B.Family);
  EXPECT_EQ(A.Key, B.Key);
  EXPECT_EQ(A.CheckApi, B.CheckApi);
  EXPECT_EQ(A.ActApi, B.ActApi);
  EXPECT_EQ(A.SharedBecause, B.SharedBecause);
  expectSameSite(A.Check, B.Check, "check");
  expectSameSite(A.Act, B.Act, "act");
  EXPECT_EQ(A.Function.QualifiedName, B.Function.QualifiedName);
  EXPECT_EQ(A.Function.USR, B.Function.USR);
  EXPECT_EQ(A.Function.Signature, B.Function.Signature);
  EXPECT_EQ(A.Function.ClassName, B.Function.ClassName);
  EXPECT_EQ(A.Function.IsMethod, B.Function.IsMethod);
  EXPECT_EQ(A.Function.IsStaticMethod, B.Function.IsStaticMethod);
  EXPECT_EQ(A.Function.IsConstMethod, B.Function.IsConstMethod);
  EXPECT_EQ(A.Function.IsLambda, B.Function.IsLambda);
  expectSameSite(A.Function.Location, B.Function.Location, "function");
  EXPECT_EQ(A.Locks.AtCheck, B.Locks.AtCheck);
  EXPECT_EQ(A.Locks.AtAct, B.Locks.AtAct);
  EXPECT_EQ(A.Locks.CheckShared, B.Locks.CheckShared);
  EXPECT_EQ(A.Locks.ActShared, B.Locks.ActShared);
  EXPECT_EQ(A.Locks.HasRecheck, B.Locks.HasRecheck);
  EXPECT_EQ(A.Replacement, B.Replacement);
  ASSERT_EQ(A.Fixes.size(), B.Fixes.size());
  for (size_t I = 0; I < A.Fixes.size(); ++I) {
    EXPECT_EQ(A.Fixes[I].File, B.Fixes[I].File);
    EXPECT_EQ(A.Fixes[I].Offset, B.Fixes[I].Offset);
    EXPECT_EQ(A.Fixes[I].Length, B.Fixes[I].Length);
    EXPECT_EQ(A.Fixes[I].Replacement, B.Fixes[I].Replacement);
    expectSameSite(A.Fixes[I].Begin, B.Fixes[I].Begin, "fix begin");
    expectSameSite(A.Fixes[I].End, B.Fixes[I].End, "fix end");
  }
  EXPECT_EQ(A.fingerprint(), B.fingerprint());
}

std::string render(const llvm::json::Value &V) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  OS << V;
  return S;
}

//===----------------------------------------------------------------------===//
// JSON
//===----------------------------------------------------------------------===//

TEST(JsonTest, RoundTripInMemory) {
  Finding F = sample();
  llvm::json::Value V(toJSON(F));
  llvm::Expected<Finding> Back = findingFromJSON(V);
  ASSERT_TRUE(static_cast<bool>(Back)) << llvm::toString(Back.takeError());
  expectSameFinding(F, *Back);
}

TEST(JsonTest, RoundTripThroughText) {
  Finding F = sample();
  std::string Text = render(llvm::json::Value(toJSON(F)));
  llvm::Expected<llvm::json::Value> Parsed = llvm::json::parse(Text);
  ASSERT_TRUE(static_cast<bool>(Parsed)) << llvm::toString(Parsed.takeError());
  llvm::Expected<Finding> Back = findingFromJSON(*Parsed);
  ASSERT_TRUE(static_cast<bool>(Back)) << llvm::toString(Back.takeError());
  expectSameFinding(F, *Back);
}

TEST(JsonTest, RoundTripOfEveryRule) {
  for (unsigned I = 0; I < NumRules; ++I) {
    Finding F = sample();
    F.Rule = static_cast<RuleId>(I);
    llvm::Expected<Finding> Back =
        findingFromJSON(llvm::json::Value(toJSON(F)));
    ASSERT_TRUE(static_cast<bool>(Back)) << llvm::toString(Back.takeError());
    EXPECT_EQ(Back->Rule, F.Rule);
  }
}

TEST(JsonTest, CarriesRuleNameAndFingerprint) {
  Finding F = sample();
  llvm::json::Object O = toJSON(F);
  ASSERT_TRUE(O.getString("rule").has_value());
  EXPECT_EQ(*O.getString("rule"), "cta-split-lock");
  ASSERT_TRUE(O.getString("fingerprint").has_value());
  EXPECT_EQ(*O.getString("fingerprint"), F.fingerprint());
}

TEST(JsonTest, RejectsBadInput) {
  llvm::Expected<Finding> NotObject = findingFromJSON(llvm::json::Value(3));
  EXPECT_FALSE(static_cast<bool>(NotObject));
  llvm::consumeError(NotObject.takeError());
  llvm::Expected<Finding> BadRule =
      findingFromJSON(llvm::json::Object{{"rule", "cta-nope"}});
  ASSERT_FALSE(static_cast<bool>(BadRule));
  std::string Err = llvm::toString(BadRule.takeError());
  EXPECT_NE(Err.find("cta-nope"), std::string::npos) << Err;
}

TEST(JsonTest, MissingFieldsReadAsDefaults) {
  llvm::Expected<Finding> F =
      findingFromJSON(llvm::json::Object{{"rule", "cta-lazy-init"}});
  ASSERT_TRUE(static_cast<bool>(F)) << llvm::toString(F.takeError());
  EXPECT_EQ(F->Rule, RuleId::LazyInit);
  EXPECT_EQ(F->Check.Line, 0u);
  EXPECT_TRUE(F->Fixes.empty());
  EXPECT_FALSE(F->Function.IsMethod);
}

//===----------------------------------------------------------------------===//
// SARIF
//===----------------------------------------------------------------------===//

SarifRunInfo runInfo(llvm::StringRef Version, llvm::StringRef Root = "") {
  SarifRunInfo Run;
  Run.ToolVersion = Version.str();
  Run.SourceRoot = Root.str();
  return Run;
}

TEST(SarifTest, RoundTrip) {
  Finding A = sample();
  Finding B = sample();
  B.Rule = RuleId::MapGetOrAdd;
  B.Object = "registry_";
  B.Fixes.clear();
  B.Locks = LockFacts();
  std::string Text = render(toSarif({A, B}, runInfo("0.1.0")));
  llvm::Expected<std::vector<Finding>> Back = findingsFromSarif(Text);
  ASSERT_TRUE(static_cast<bool>(Back)) << llvm::toString(Back.takeError());
  ASSERT_EQ(Back->size(), 2u);
  {
    SCOPED_TRACE("first");
    expectSameFinding(A, (*Back)[0]);
  }
  {
    SCOPED_TRACE("second");
    expectSameFinding(B, (*Back)[1]);
  }
}

TEST(SarifTest, EmptyLog) {
  std::string Text = render(toSarif(std::vector<Finding>{}, runInfo("0.1.0")));
  llvm::Expected<std::vector<Finding>> Back = findingsFromSarif(Text);
  ASSERT_TRUE(static_cast<bool>(Back)) << llvm::toString(Back.takeError());
  EXPECT_TRUE(Back->empty());
}

TEST(SarifTest, ShapeOfAResult) {
  Finding F = sample();
  llvm::json::Value Log = toSarif({F}, runInfo("9.9.9"));
  const llvm::json::Object *O = Log.getAsObject();
  ASSERT_NE(O, nullptr);
  EXPECT_EQ(O->getString("version"), std::optional<llvm::StringRef>("2.1.0"));
  const llvm::json::Object *Run = (*O->getArray("runs"))[0].getAsObject();
  ASSERT_NE(Run, nullptr);
  const llvm::json::Object *Driver =
      Run->getObject("tool")->getObject("driver");
  EXPECT_EQ(Driver->getString("version"), std::optional<llvm::StringRef>("9.9.9"));
  EXPECT_EQ(Driver->getArray("rules")->size(), NumRules);
  const llvm::json::Object *R = (*Run->getArray("results"))[0].getAsObject();
  ASSERT_NE(R, nullptr);
  EXPECT_EQ(R->getString("ruleId"),
            std::optional<llvm::StringRef>("cta-split-lock"));
  // The rule index points at the rule's own metadata.
  std::optional<int64_t> Index = R->getInteger("ruleIndex");
  ASSERT_TRUE(Index.has_value());
  const llvm::json::Object *Rule =
      (*Driver->getArray("rules"))[*Index].getAsObject();
  EXPECT_EQ(Rule->getString("id"),
            std::optional<llvm::StringRef>("cta-split-lock"));
  EXPECT_EQ(R->getObject("partialFingerprints")->getString("ctaFingerprint/v1"),
            std::optional<llvm::StringRef>(F.fingerprint()));
  const llvm::json::Object *Loc = (*R->getArray("locations"))[0]
                                      .getAsObject()
                                      ->getObject("physicalLocation");
  EXPECT_EQ(Loc->getObject("artifactLocation")->getString("uri"),
            std::optional<llvm::StringRef>(
                "file:///src/dir%20with%20space/cache.cc"));
  EXPECT_EQ(Loc->getObject("region")->getInteger("startLine"),
            std::optional<int64_t>(12));
  EXPECT_NE(R->getArray("fixes"), nullptr);
}

TEST(SarifTest, UrisRelativeToTheSourceRoot) {
  Finding F = sample();
  SarifRunInfo Run = runInfo("1.0.0", "/src/");
  Run.Notifications.push_back({"cta-tu-does-not-compile", "/src/b.cc", "b"});
  Run.Notifications.push_back(
      {"cta-tu-does-not-compile", "/elsewhere/c.cc", "c"});
  llvm::json::Value Log = toSarif({F}, Run);
  const llvm::json::Object *R =
      Log.getAsObject()->getArray("runs")->front().getAsObject();
  EXPECT_EQ(R->getObject("originalUriBaseIds")
                ->getObject("%SRCROOT%")
                ->getString("uri"),
            std::optional<llvm::StringRef>("file:///src/"));
  const llvm::json::Object *Art = (*R->getArray("results"))[0]
                                      .getAsObject()
                                      ->getArray("locations")
                                      ->front()
                                      .getAsObject()
                                      ->getObject("physicalLocation")
                                      ->getObject("artifactLocation");
  EXPECT_EQ(Art->getString("uri"),
            std::optional<llvm::StringRef>("dir%20with%20space/cache.cc"));
  EXPECT_EQ(Art->getString("uriBaseId"),
            std::optional<llvm::StringRef>("%SRCROOT%"));
  const llvm::json::Object *Inv =
      R->getArray("invocations")->front().getAsObject();
  EXPECT_EQ(Inv->getBoolean("executionSuccessful"), std::optional<bool>(false));
  const llvm::json::Array *Notes = Inv->getArray("toolExecutionNotifications");
  ASSERT_EQ(Notes->size(), 2u);
  auto NoteUri = [&](size_t I) {
    return (*Notes)[I]
        .getAsObject()
        ->getArray("locations")
        ->front()
        .getAsObject()
        ->getObject("physicalLocation")
        ->getObject("artifactLocation")
        ->getString("uri");
  };
  EXPECT_EQ(NoteUri(0), std::optional<llvm::StringRef>("b.cc"));
  EXPECT_EQ(NoteUri(1),
            std::optional<llvm::StringRef>("file:///elsewhere/c.cc"));
}

TEST(SarifTest, SkipsOtherToolsResultsInMergedLogs) {
  std::string Text = R"json({
    "version": "2.1.0",
    "runs": [
      {"tool": {"driver": {"name": "other"}},
       "results": [{"ruleId": "X1", "message": {"text": "hi"}}]}
    ]})json";
  llvm::Expected<std::vector<Finding>> Back = findingsFromSarif(Text);
  ASSERT_TRUE(static_cast<bool>(Back)) << llvm::toString(Back.takeError());
  EXPECT_TRUE(Back->empty());
}

TEST(SarifTest, RejectsNonSarif) {
  llvm::Expected<std::vector<Finding>> NotJson = findingsFromSarif("{nope");
  EXPECT_FALSE(static_cast<bool>(NotJson));
  llvm::consumeError(NotJson.takeError());
  llvm::Expected<std::vector<Finding>> NoRuns = findingsFromSarif("{}");
  EXPECT_FALSE(static_cast<bool>(NoRuns));
  llvm::consumeError(NoRuns.takeError());
}

TEST(SarifTest, FileUris) {
  EXPECT_EQ(fileURI("/a/b.cc"), "file:///a/b.cc");
  EXPECT_EQ(fileURI("/a b/c#d.cc"), "file:///a%20b/c%23d.cc");
}

//===----------------------------------------------------------------------===//
// Fingerprints
//===----------------------------------------------------------------------===//

TEST(FingerprintTest, StableAcrossLineMoves) {
  Finding A = sample();
  Finding B = sample();
  for (Site *S : {&B.Check, &B.Act, &B.Function.Location}) {
    S->Line += 40;
    S->EndLine += 40;
    S->Offset += 1000;
    S->Column += 2;
  }
  B.Fixes[0].Offset += 1000;
  EXPECT_EQ(A.fingerprint(), B.fingerprint());
}

TEST(FingerprintTest, StableAcrossMessageAndLockWording) {
  Finding A = sample();
  Finding B = sample();
  B.Message += " (reworded)";
  B.Replacement = "use something else";
  B.Locks = LockFacts();
  EXPECT_EQ(A.fingerprint(), B.fingerprint());
}

TEST(FingerprintTest, IdentifiesTheDefect) {
  const Finding Base = sample();
  auto Differs = [&](auto Change) {
    Finding F = Base;
    Change(F);
    return F.fingerprint() != Base.fingerprint();
  };
  EXPECT_TRUE(Differs([](Finding &F) { F.Rule = RuleId::MapGetOrAdd; }));
  EXPECT_TRUE(Differs([](Finding &F) { F.Object = "other_"; }));
  EXPECT_TRUE(Differs([](Finding &F) { F.Key = "other"; }));
  EXPECT_TRUE(Differs([](Finding &F) { F.CheckApi = "count"; }));
  EXPECT_TRUE(Differs([](Finding &F) { F.ActApi = "emplace"; }));
  EXPECT_TRUE(Differs([](Finding &F) { F.Function.USR = "c:@F@other#"; }));
  EXPECT_FALSE(Base.fingerprint().empty());
}

TEST(WriteFileTest, WritesAtomically) {
  llvm::SmallString<128> Path;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("cta-report", "json", Path));
  llvm::Error E = writeFileAtomically(Path, "{\"a\":1}\n");
  ASSERT_FALSE(static_cast<bool>(E)) << llvm::toString(std::move(E));
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  ASSERT_TRUE(static_cast<bool>(Buf));
  EXPECT_EQ((*Buf)->getBuffer(), "{\"a\":1}\n");
  llvm::sys::fs::remove(Path);
}

} // namespace
} // namespace cta
