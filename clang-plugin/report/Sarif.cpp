//===- Sarif.cpp - Findings as SARIF 2.1.0 --------------------------------===//
//
/// \file
/// The one SARIF writer of cta: the plugin, `cta lint` and `cta confirm`
/// render their logs here. The shape follows what GitHub code scanning reads
/// (docs/cli.md, "SARIF output").
//
//===----------------------------------------------------------------------===//

#include "Report.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <cstdlib>

#ifndef CTA_DOCS_URI
#define CTA_DOCS_URI "file:///usr/local/share/doc/cta/"
#endif

namespace cta {
namespace {

constexpr llvm::StringLiteral SrcRoot = "%SRCROOT%";

llvm::json::Object message(std::string Text) {
  return llvm::json::Object{{"text", std::move(Text)}};
}

/// Percent-encodes what a URI path may not hold.
std::string uriPath(llvm::StringRef Path) {
  std::string Out;
  for (char C : Path) {
    if (llvm::isAlnum(C) || llvm::StringRef("/-_.~").contains(C))
      Out += C;
    else
      Out += "%" + llvm::utohexstr(static_cast<unsigned char>(C), false, 2);
  }
  return Out;
}

/// Renders the sites of one log: relative to %SRCROOT% below the source
/// root, absolute file:// URIs elsewhere.
class Locations {
public:
  explicit Locations(llvm::StringRef Root) : Root(Root) {}

  llvm::json::Object artifact(llvm::StringRef Path) const {
    llvm::StringRef Rel = Path;
    if (!Root.empty() && Rel.consume_front(Root) && Rel.consume_front("/") &&
        !Rel.empty())
      return llvm::json::Object{{"uri", uriPath(Rel)}, {"uriBaseId", SrcRoot}};
    return llvm::json::Object{{"uri", fileURI(Path)}};
  }

  llvm::json::Object physical(const Site &S) const {
    llvm::json::Object P{{"artifactLocation", artifact(S.File)}};
    if (S.Line)
      P["region"] = region(S);
    return P;
  }

  llvm::json::Object physical(llvm::StringRef File, unsigned Line) const {
    llvm::json::Object P{{"artifactLocation", artifact(File)}};
    if (Line)
      P["region"] = llvm::json::Object{{"startLine", Line}};
    return P;
  }

private:
  static llvm::json::Object region(const Site &S) {
    llvm::json::Object R{{"startLine", S.Line}};
    if (S.Column)
      R["startColumn"] = S.Column;
    if (S.EndLine) {
      R["endLine"] = S.EndLine;
      R["endColumn"] = S.EndColumn;
    }
    if (!S.Text.empty())
      R["snippet"] = llvm::json::Object{{"text", S.Text}};
    return R;
  }

  llvm::StringRef Root;
};

std::string docsBaseURI() {
  std::string Base = CTA_DOCS_URI;
  if (const char *Env = std::getenv("CTA_DOCS_URI"))
    Base = Env;
  if (!Base.empty() && Base.back() != '/')
    Base += '/';
  return Base;
}

llvm::json::Object ruleMetadata(RuleId R) {
  std::string Help = (ruleDescription(R) + "\n\nFix: " + ruleFix(R) +
                      "\n\nSee " + ruleHelpURI(R) + ".")
                         .str();
  std::string Markdown =
      ("**" + ruleName(R) + "**: " + ruleSummary(R) + ".\n\n" +
       ruleDescription(R) + "\n\n**Fix:** " + ruleFix(R) +
       "\n\n[Rule documentation](" + ruleHelpURI(R) + ")")
          .str();
  return llvm::json::Object{
      {"id", ruleName(R)},
      {"shortDescription", message(ruleSummary(R).str())},
      {"fullDescription", message(ruleDescription(R).str())},
      {"helpUri", ruleHelpURI(R)},
      {"help", llvm::json::Object{{"text", std::move(Help)},
                                  {"markdown", std::move(Markdown)}}},
      {"defaultConfiguration", llvm::json::Object{{"level", "warning"}}},
      {"properties",
       llvm::json::Object{
           {"precision", rulePrecision(R)},
           {"problem.severity", "warning"},
           // CWE-362: concurrent execution with improper synchronization;
           // CWE-367: time-of-check time-of-use.
           {"tags", llvm::json::Array{"concurrency", "correctness",
                                      "external/cwe/cwe-362",
                                      "external/cwe/cwe-367"}}}}};
}

llvm::json::Array fixes(const Finding &F, const Locations &L) {
  llvm::json::Array Changes;
  for (const FixIt &X : F.Fixes) {
    llvm::json::Object Deleted{{"charOffset", X.Offset},
                               {"charLength", X.Length}};
    Changes.push_back(llvm::json::Object{
        {"artifactLocation", L.artifact(X.File)},
        {"replacements", llvm::json::Array{llvm::json::Object{
                             {"deletedRegion", std::move(Deleted)},
                             {"insertedContent",
                              llvm::json::Object{{"text", X.Replacement}}}}}}});
  }
  return llvm::json::Array{
      llvm::json::Object{{"description", message(F.Replacement)},
                         {"artifactChanges", std::move(Changes)}}};
}

llvm::json::Object codeFlow(const SarifResult &R, const Locations &L) {
  llvm::json::Array Threads;
  for (const SarifThreadFlow &T : R.ThreadFlows) {
    llvm::json::Array Steps;
    for (const SarifFlowStep &S : T.Steps) {
      llvm::json::Object Loc{{"message", message(S.Message)}};
      if (!S.File.empty())
        Loc["physicalLocation"] = L.physical(S.File, S.Line);
      llvm::json::Object Props{{"ctaEvent", S.Kind}};
      if (S.Kind == "check")
        Props["ctaSawAbsent"] = S.SawAbsent;
      Steps.push_back(llvm::json::Object{
          {"location", std::move(Loc)},
          {"kinds", llvm::json::Array{S.Kind}},
          {"executionOrder", S.Order},
          {"importance", S.Kind == "result" ? "unimportant" : "important"},
          {"properties", std::move(Props)}});
    }
    Threads.push_back(
        llvm::json::Object{{"id", T.Thread},
                           {"message", message("thread " + T.Thread)},
                           {"locations", std::move(Steps)}});
  }
  llvm::json::Object Flow{{"threadFlows", std::move(Threads)}};
  if (!R.FlowMessage.empty())
    Flow["message"] = message(R.FlowMessage);
  return Flow;
}

llvm::json::Object result(const SarifResult &R, const Locations &L) {
  const Finding &F = R.F;
  llvm::json::Object Loc{{"physicalLocation", L.physical(F.Check)}};
  if (!F.Function.QualifiedName.empty())
    Loc["logicalLocations"] = llvm::json::Array{
        llvm::json::Object{{"fullyQualifiedName", F.Function.QualifiedName},
                           {"kind", "function"}}};
  llvm::json::Object Out{
      {"level", R.Level},
      {"message", message(R.Message.empty() ? F.Message + ". " + F.Replacement
                                            : R.Message)},
      {"locations", llvm::json::Array{std::move(Loc)}}};
  llvm::json::Object Props = R.Properties;
  if (R.IsFinding) {
    Out["ruleId"] = ruleName(F.Rule);
    Out["ruleIndex"] = static_cast<unsigned>(F.Rule);
    Out["relatedLocations"] = llvm::json::Array{
        llvm::json::Object{
            {"id", 1},
            {"message", message("check of '" + F.Object + "' here")},
            {"physicalLocation", L.physical(F.Check)}},
        llvm::json::Object{
            {"id", 2},
            {"message", message("act on '" + F.Object + "' here")},
            {"physicalLocation", L.physical(F.Act)}}};
    Out["partialFingerprints"] =
        llvm::json::Object{{"ctaFingerprint/v1", F.fingerprint()}};
    Props["cta"] = toJSON(F);
    if (!F.Fixes.empty())
      Out["fixes"] = fixes(F, L);
  }
  if (R.Rank)
    Out["rank"] = double(*R.Rank);
  if (!R.ThreadFlows.empty())
    Out["codeFlows"] = llvm::json::Array{codeFlow(R, L)};
  if (!Props.empty())
    Out["properties"] = std::move(Props);
  return Out;
}

llvm::json::Object invocation(const SarifRunInfo &Run, const Locations &L) {
  llvm::json::Array Notes;
  for (const SarifNotification &N : Run.Notifications) {
    llvm::json::Object Note{{"level", "error"},
                            {"message", message(N.Message)},
                            {"descriptor", llvm::json::Object{{"id", N.Id}}}};
    if (!N.File.empty())
      Note["locations"] = llvm::json::Array{llvm::json::Object{
          {"physicalLocation",
           llvm::json::Object{{"artifactLocation", L.artifact(N.File)}}}}};
    Notes.push_back(std::move(Note));
  }
  return llvm::json::Object{
      {"executionSuccessful", Run.ExecutionSuccessful && Notes.empty()},
      {"toolExecutionNotifications", std::move(Notes)}};
}

} // namespace

std::string fileURI(llvm::StringRef Path) { return "file://" + uriPath(Path); }

std::string ruleHelpURI(RuleId R) { return docsBaseURI() + ruleDocPath(R).str(); }

std::string gitRoot(llvm::StringRef Dir) {
  llvm::SmallString<256> P(Dir);
  if (llvm::sys::fs::make_absolute(P))
    return "";
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  for (llvm::StringRef D = P; !D.empty(); D = llvm::sys::path::parent_path(D)) {
    llvm::SmallString<256> Git(D);
    llvm::sys::path::append(Git, ".git");
    if (llvm::sys::fs::exists(Git))
      return D.str();
  }
  return "";
}

llvm::json::Value toSarifLog(const std::vector<SarifResult> &Results,
                             const SarifRunInfo &Run) {
  std::string Root = Run.SourceRoot;
  while (Root.size() > 1 && Root.back() == '/')
    Root.pop_back();
  Locations L(Root);
  llvm::json::Array Rules;
  for (unsigned I = 0; I < NumRules; ++I)
    Rules.push_back(ruleMetadata(static_cast<RuleId>(I)));
  llvm::json::Array Out;
  for (const SarifResult &R : Results)
    Out.push_back(result(R, L));
  llvm::json::Object RunObj{
      {"tool",
       llvm::json::Object{
           {"driver",
            llvm::json::Object{{"name", "cta"},
                               {"version", Run.ToolVersion},
                               {"semanticVersion", Run.ToolVersion},
                               {"informationUri", docsBaseURI() + "index.md"},
                               {"rules", std::move(Rules)}}}}},
      {"invocations", llvm::json::Array{invocation(Run, L)}},
      // SARIF 2.1.0 has no byte columns; cta's columns are clang's (bytes),
      // which are code points on ASCII lines.
      {"columnKind", "unicodeCodePoints"},
      {"results", std::move(Out)}};
  if (!Root.empty())
    RunObj["originalUriBaseIds"] = llvm::json::Object{
        {SrcRoot, llvm::json::Object{{"uri", fileURI(Root + "/")}}}};
  return llvm::json::Object{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", llvm::json::Array{std::move(RunObj)}}};
}

llvm::json::Value toSarif(const std::vector<Finding> &Findings,
                          const SarifRunInfo &Run) {
  std::vector<SarifResult> Results;
  for (const Finding &F : Findings) {
    SarifResult R;
    R.F = F;
    // Code-scanning UIs sort by rank and filter by level: both follow the
    // confidence (docs/concepts.md, "Confidence").
    R.Level = F.Conf == Confidence::Low ? "note" : "warning";
    R.Rank = F.Conf == Confidence::High     ? 90u
             : F.Conf == Confidence::Medium ? 60u
                                            : 30u;
    Results.push_back(std::move(R));
  }
  return toSarifLog(Results, Run);
}

llvm::Expected<llvm::json::Value> parseSarifLog(llvm::StringRef Text) {
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(Text);
  if (!V)
    return llvm::createStringError(std::errc::invalid_argument,
                                   "not valid JSON: %s",
                                   llvm::toString(V.takeError()).c_str());
  const llvm::json::Object *Log = V->getAsObject();
  if (!Log || !Log->getArray("runs"))
    return llvm::createStringError(std::errc::invalid_argument,
                                   "not a SARIF log: no 'runs' array");
  return V;
}

llvm::Expected<std::vector<Finding>> findingsFromSarif(llvm::StringRef Text) {
  llvm::Expected<llvm::json::Value> V = parseSarifLog(Text);
  if (!V)
    return V.takeError();
  const llvm::json::Array *Runs = V->getAsObject()->getArray("runs");
  std::vector<Finding> Out;
  for (const llvm::json::Value &Run : *Runs) {
    const llvm::json::Object *RO = Run.getAsObject();
    const llvm::json::Array *Results = RO ? RO->getArray("results") : nullptr;
    if (!Results)
      continue;
    for (const llvm::json::Value &R : *Results) {
      const llvm::json::Object *RObj = R.getAsObject();
      const llvm::json::Object *Props =
          RObj ? RObj->getObject("properties") : nullptr;
      const llvm::json::Value *Cta = Props ? Props->get("cta") : nullptr;
      if (!Cta)
        continue; // Another tool's result in a merged log.
      llvm::Expected<Finding> F = findingFromJSON(*Cta);
      if (!F)
        return F.takeError();
      Out.push_back(std::move(*F));
    }
  }
  return Out;
}

} // namespace cta
