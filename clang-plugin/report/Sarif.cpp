//===- Sarif.cpp - Findings as SARIF 2.1.0 --------------------------------===//

#include "Report.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"
#include <cstdlib>

#ifndef CTA_DOCS_URI
#define CTA_DOCS_URI "file:///usr/local/share/doc/cta/"
#endif

namespace cta {
namespace {

llvm::json::Object region(const Site &S) {
  llvm::json::Object R{{"startLine", S.Line}, {"startColumn", S.Column}};
  if (S.EndLine) {
    R["endLine"] = S.EndLine;
    R["endColumn"] = S.EndColumn;
  }
  if (!S.Text.empty())
    R["snippet"] = llvm::json::Object{{"text", S.Text}};
  return R;
}

llvm::json::Object physical(const Site &S) {
  return llvm::json::Object{
      {"artifactLocation", llvm::json::Object{{"uri", fileURI(S.File)}}},
      {"region", region(S)}};
}

llvm::json::Object message(std::string Text) {
  return llvm::json::Object{{"text", std::move(Text)}};
}

} // namespace

std::string fileURI(llvm::StringRef Path) {
  std::string Out = "file://";
  for (char C : Path) {
    if (llvm::isAlnum(C) || llvm::StringRef("/-_.~").contains(C))
      Out += C;
    else
      Out += "%" + llvm::utohexstr(static_cast<unsigned char>(C), false, 2);
  }
  return Out;
}

namespace {
std::string docsBaseURI() {
  std::string Base = CTA_DOCS_URI;
  if (const char *Env = std::getenv("CTA_DOCS_URI"))
    Base = Env;
  if (!Base.empty() && Base.back() != '/')
    Base += '/';
  return Base;
}
} // namespace

std::string ruleHelpURI(RuleId R) { return docsBaseURI() + ruleDocPath(R).str(); }

llvm::json::Value toSarif(const std::vector<Finding> &Findings,
                          llvm::StringRef ToolVersion) {
  llvm::json::Array Rules;
  for (unsigned I = 0; I < NumRules; ++I) {
    RuleId R = static_cast<RuleId>(I);
    Rules.push_back(llvm::json::Object{
        {"id", ruleName(R)},
        {"shortDescription", message(ruleSummary(R).str())},
        {"helpUri", ruleHelpURI(R)},
        {"defaultConfiguration", llvm::json::Object{{"level", "warning"}}}});
  }
  llvm::json::Array Results;
  for (const Finding &F : Findings) {
    llvm::json::Array Related{
        llvm::json::Object{{"id", 1},
                           {"message", message("check of '" + F.Object + "' here")},
                           {"physicalLocation", physical(F.Check)}},
        llvm::json::Object{{"id", 2},
                           {"message", message("act on '" + F.Object + "' here")},
                           {"physicalLocation", physical(F.Act)}}};
    llvm::json::Object Result{
        {"ruleId", ruleName(F.Rule)},
        {"ruleIndex", static_cast<unsigned>(F.Rule)},
        // Code-scanning UIs sort by rank and filter by level: both follow
        // the confidence (docs/concepts.md, "Confidence").
        {"level", F.Conf == Confidence::Low ? "note" : "warning"},
        {"rank", F.Conf == Confidence::High     ? 90.0
                 : F.Conf == Confidence::Medium ? 60.0
                                                : 30.0},
        {"message", message(F.Message + ". " + F.Replacement)},
        {"locations",
         llvm::json::Array{llvm::json::Object{
             {"physicalLocation", physical(F.Check)},
             {"logicalLocations",
              llvm::json::Array{llvm::json::Object{
                  {"fullyQualifiedName", F.Function.QualifiedName},
                  {"kind", "function"}}}}}}},
        {"relatedLocations", std::move(Related)},
        {"partialFingerprints",
         llvm::json::Object{{"ctaFingerprint/v1", F.fingerprint()}}},
        {"properties", llvm::json::Object{{"cta", toJSON(F)}}}};
    if (!F.Fixes.empty()) {
      llvm::json::Array Changes;
      for (const FixIt &X : F.Fixes) {
        llvm::json::Object Deleted{{"charOffset", X.Offset},
                                   {"charLength", X.Length}};
        Changes.push_back(llvm::json::Object{
            {"artifactLocation", llvm::json::Object{{"uri", fileURI(X.File)}}},
            {"replacements",
             llvm::json::Array{llvm::json::Object{
                 {"deletedRegion", std::move(Deleted)},
                 {"insertedContent",
                  llvm::json::Object{{"text", X.Replacement}}}}}}});
      }
      Result["fixes"] = llvm::json::Array{llvm::json::Object{
          {"description", message(F.Replacement)},
          {"artifactChanges", std::move(Changes)}}};
    }
    Results.push_back(std::move(Result));
  }
  return llvm::json::Object{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs",
       llvm::json::Array{llvm::json::Object{
           {"tool",
            llvm::json::Object{
                {"driver",
                 llvm::json::Object{{"name", "cta"},
                                    {"version", ToolVersion},
                                    {"informationUri", docsBaseURI() + "index.md"},
                                    {"rules", std::move(Rules)}}}}},
           {"columnKind", "utf8CodeUnits"},
           {"results", std::move(Results)}}}}};
}

llvm::Expected<std::vector<Finding>> findingsFromSarif(llvm::StringRef Text) {
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(Text);
  if (!V)
    return llvm::createStringError(std::errc::invalid_argument,
                                   "not valid JSON: %s",
                                   llvm::toString(V.takeError()).c_str());
  const llvm::json::Object *Log = V->getAsObject();
  const llvm::json::Array *Runs = Log ? Log->getArray("runs") : nullptr;
  if (!Runs)
    return llvm::createStringError(std::errc::invalid_argument,
                                   "not a SARIF log: no 'runs' array");
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
