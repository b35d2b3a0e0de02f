//===- Json.cpp - Findings as JSON and back -------------------------------===//

#include "Report.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace cta {
namespace {

llvm::json::Object siteJSON(const Site &S) {
  return llvm::json::Object{{"file", S.File},         {"line", S.Line},
                            {"column", S.Column},     {"endLine", S.EndLine},
                            {"endColumn", S.EndColumn}, {"offset", S.Offset},
                            {"text", S.Text}};
}

Site siteFrom(const llvm::json::Object *O) {
  Site S;
  if (!O)
    return S;
  if (auto V = O->getString("file"))
    S.File = V->str();
  S.Line = O->getInteger("line").value_or(0);
  S.Column = O->getInteger("column").value_or(0);
  S.EndLine = O->getInteger("endLine").value_or(0);
  S.EndColumn = O->getInteger("endColumn").value_or(0);
  S.Offset = O->getInteger("offset").value_or(0);
  if (auto V = O->getString("text"))
    S.Text = V->str();
  return S;
}

std::vector<std::string> stringsFrom(const llvm::json::Array *A) {
  std::vector<std::string> V;
  if (A)
    for (const llvm::json::Value &E : *A)
      if (auto S = E.getAsString())
        V.push_back(S->str());
  return V;
}

std::string str(const llvm::json::Object *O, llvm::StringRef Key) {
  if (!O)
    return {};
  if (auto V = O->getString(Key))
    return V->str();
  return {};
}

} // namespace

llvm::json::Object toJSON(const Finding &F) {
  llvm::json::Array Fixes;
  for (const FixIt &X : F.Fixes)
    Fixes.push_back(llvm::json::Object{{"file", X.File},
                                       {"offset", X.Offset},
                                       {"length", X.Length},
                                       {"replacement", X.Replacement},
                                       {"begin", siteJSON(X.Begin)},
                                       {"end", siteJSON(X.End)}});
  const FunctionIdentity &Fn = F.Function;
  return llvm::json::Object{
      {"rule", ruleName(F.Rule)},
      {"message", F.Message},
      {"object", F.Object},
      {"objectType", F.ObjectType},
      {"family", F.Family},
      {"key", F.Key},
      {"checkApi", F.CheckApi},
      {"actApi", F.ActApi},
      {"sharedBecause", F.SharedBecause},
      {"confidence", confidenceName(F.Conf)},
      {"evidence", llvm::json::Array(F.Evidence)},
      {"check", siteJSON(F.Check)},
      {"act", siteJSON(F.Act)},
      {"function",
       llvm::json::Object{{"qualifiedName", Fn.QualifiedName},
                          {"usr", Fn.USR},
                          {"signature", Fn.Signature},
                          {"class", Fn.ClassName},
                          {"isMethod", Fn.IsMethod},
                          {"isStaticMethod", Fn.IsStaticMethod},
                          {"isConstMethod", Fn.IsConstMethod},
                          {"isLambda", Fn.IsLambda},
                          {"location", siteJSON(Fn.Location)}}},
      {"locks", llvm::json::Object{{"atCheck", llvm::json::Array(F.Locks.AtCheck)},
                                   {"atAct", llvm::json::Array(F.Locks.AtAct)},
                                   {"checkShared", F.Locks.CheckShared},
                                   {"actShared", F.Locks.ActShared},
                                   {"recheck", F.Locks.HasRecheck}}},
      {"replacement", F.Replacement},
      {"fixes", std::move(Fixes)},
      {"fingerprint", F.fingerprint()},
  };
}

llvm::Expected<Finding> findingFromJSON(const llvm::json::Value &V) {
  const llvm::json::Object *O = V.getAsObject();
  if (!O)
    return llvm::createStringError(std::errc::invalid_argument,
                                   "finding is not a JSON object");
  Finding F;
  std::optional<RuleId> R = parseRuleName(str(O, "rule"));
  if (!R)
    return llvm::createStringError(std::errc::invalid_argument,
                                   "finding has unknown rule '%s'",
                                   str(O, "rule").c_str());
  F.Rule = *R;
  F.Message = str(O, "message");
  F.Object = str(O, "object");
  F.ObjectType = str(O, "objectType");
  F.Family = str(O, "family");
  F.Key = str(O, "key");
  F.CheckApi = str(O, "checkApi");
  F.ActApi = str(O, "actApi");
  F.SharedBecause = str(O, "sharedBecause");
  // Findings written before confidence existed were all reported: high.
  F.Conf = parseConfidence(str(O, "confidence")).value_or(Confidence::High);
  F.Evidence = stringsFrom(O->getArray("evidence"));
  F.Check = siteFrom(O->getObject("check"));
  F.Act = siteFrom(O->getObject("act"));
  if (const llvm::json::Object *Fn = O->getObject("function")) {
    F.Function.QualifiedName = str(Fn, "qualifiedName");
    F.Function.USR = str(Fn, "usr");
    F.Function.Signature = str(Fn, "signature");
    F.Function.ClassName = str(Fn, "class");
    F.Function.IsMethod = Fn->getBoolean("isMethod").value_or(false);
    F.Function.IsStaticMethod = Fn->getBoolean("isStaticMethod").value_or(false);
    F.Function.IsConstMethod = Fn->getBoolean("isConstMethod").value_or(false);
    F.Function.IsLambda = Fn->getBoolean("isLambda").value_or(false);
    F.Function.Location = siteFrom(Fn->getObject("location"));
  }
  if (const llvm::json::Object *L = O->getObject("locks")) {
    F.Locks.AtCheck = stringsFrom(L->getArray("atCheck"));
    F.Locks.AtAct = stringsFrom(L->getArray("atAct"));
    F.Locks.CheckShared = L->getBoolean("checkShared").value_or(false);
    F.Locks.ActShared = L->getBoolean("actShared").value_or(false);
    F.Locks.HasRecheck = L->getBoolean("recheck").value_or(false);
  }
  F.Replacement = str(O, "replacement");
  if (const llvm::json::Array *Fixes = O->getArray("fixes"))
    for (const llvm::json::Value &XV : *Fixes) {
      const llvm::json::Object *XO = XV.getAsObject();
      if (!XO)
        continue;
      FixIt X;
      X.File = str(XO, "file");
      X.Offset = XO->getInteger("offset").value_or(0);
      X.Length = XO->getInteger("length").value_or(0);
      X.Replacement = str(XO, "replacement");
      X.Begin = siteFrom(XO->getObject("begin"));
      X.End = siteFrom(XO->getObject("end"));
      F.Fixes.push_back(std::move(X));
    }
  return F;
}

llvm::Error writeFileAtomically(llvm::StringRef Path, llvm::StringRef Text) {
  llvm::SmallString<256> Tmp;
  int FD = -1;
  llvm::StringRef Dir = llvm::sys::path::parent_path(Path);
  llvm::SmallString<256> Model(Dir.empty() ? "." : Dir);
  llvm::sys::path::append(Model, llvm::sys::path::filename(Path) + ".%%%%%%.tmp");
  if (std::error_code EC = llvm::sys::fs::createUniqueFile(Model, FD, Tmp))
    return llvm::createStringError(EC, "cannot write '%s': %s",
                                   Path.str().c_str(), EC.message().c_str());
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Text;
    OS.close();
    if (OS.has_error()) {
      llvm::sys::fs::remove(Tmp);
      return llvm::createStringError(OS.error(), "cannot write '%s': %s",
                                     Path.str().c_str(),
                                     OS.error().message().c_str());
    }
  }
  if (std::error_code EC = llvm::sys::fs::rename(Tmp, Path)) {
    llvm::sys::fs::remove(Tmp);
    return llvm::createStringError(EC, "cannot write '%s': %s",
                                   Path.str().c_str(), EC.message().c_str());
  }
  return llvm::Error::success();
}

} // namespace cta
