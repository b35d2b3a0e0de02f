//===- Config.cpp ---------------------------------------------------------===//

#include "Config.h"
#include "ModelTables.h"
#include "llvm/ADT/STLExtras.h"
#include "store/SqlParser.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"

using llvm::yaml::IO;
using llvm::yaml::MappingTraits;

namespace {
/// A rule id in `disabled-rules` or `enabled-rules`, checked as it is read so
/// that an unknown one is reported at its line.
struct RuleNameScalar {
  std::string Name;
};
/// The value of `min-confidence`, likewise.
struct ConfidenceScalar {
  std::string Name;
};

/// The message a ScalarTraits::input returns must outlive the call.
llvm::StringRef scalarError(std::string Msg) {
  static thread_local std::string Storage;
  Storage = std::move(Msg);
  return Storage;
}

std::vector<RuleNameScalar> wrapRules(const std::vector<std::string> &Names) {
  std::vector<RuleNameScalar> R;
  for (const std::string &N : Names)
    R.push_back({N});
  return R;
}

std::vector<std::string> unwrapRules(const std::vector<RuleNameScalar> &Rs) {
  std::vector<std::string> R;
  for (const RuleNameScalar &N : Rs)
    R.push_back(N.Name);
  return R;
}
} // namespace

LLVM_YAML_IS_SEQUENCE_VECTOR(cta::ContainerAlias)
LLVM_YAML_IS_SEQUENCE_VECTOR(RuleNameScalar)

namespace llvm {
namespace yaml {
template <> struct ScalarTraits<RuleNameScalar> {
  static void output(const RuleNameScalar &R, void *, raw_ostream &OS) {
    OS << R.Name;
  }
  static StringRef input(StringRef S, void *, RuleNameScalar &R) {
    if (!cta::parseRuleName(S))
      return scalarError("unknown rule '" + S.str() + "'");
    R.Name = S.str();
    return StringRef();
  }
  static QuotingType mustQuote(StringRef) { return QuotingType::None; }
};
template <> struct ScalarTraits<ConfidenceScalar> {
  static void output(const ConfidenceScalar &C, void *, raw_ostream &OS) {
    OS << C.Name;
  }
  static StringRef input(StringRef S, void *, ConfidenceScalar &C) {
    if (!cta::parseConfidence(S))
      return scalarError("min-confidence '" + S.str() +
                         "' is not low, medium or high");
    C.Name = S.str();
    return StringRef();
  }
  static QuotingType mustQuote(StringRef) { return QuotingType::None; }
};
template <> struct MappingTraits<cta::ContainerAlias> {
  static void mapping(IO &Io, cta::ContainerAlias &A) {
    Io.mapRequired("type", A.Type);
    Io.mapRequired("like", A.Like);
  }
  static std::string validate(IO &, cta::ContainerAlias &A) {
    if (A.Type.empty() || !cta::builtinContainer(A.Like))
      return "container '" + A.Type + "' is 'like' unknown type '" + A.Like +
             "'";
    return "";
  }
};
template <> struct MappingTraits<cta::Config> {
  static void mapping(IO &Io, cta::Config &C) {
    std::vector<RuleNameScalar> Disabled = wrapRules(C.DisabledRules);
    std::vector<RuleNameScalar> Enabled = wrapRules(C.EnabledRules);
    ConfidenceScalar Min{C.MinConfidenceName};
    Io.mapOptional("min-confidence", Min);
    Io.mapOptional("enabled-rules", Enabled);
    Io.mapOptional("disabled-rules", Disabled);
    Io.mapOptional("containers", C.Containers);
    Io.mapOptional("shared-classes", C.SharedClasses);
    Io.mapOptional("unshared-classes", C.UnsharedClasses);
    Io.mapOptional("thread-spawners", C.ThreadSpawners);
    Io.mapOptional("thread-affinity-asserts", C.ThreadAffinityAsserts);
    Io.mapOptional("loop-run-functions", C.LoopRunFunctions);
    Io.mapOptional("loop-entry-functions", C.LoopEntryFunctions);
    Io.mapOptional("schema", C.SchemaPath, std::string());
    Io.mapOptional("inherit-parent-config", C.InheritParent, false);
    if (Io.outputting())
      return;
    C.DisabledRules = unwrapRules(Disabled);
    C.EnabledRules = unwrapRules(Enabled);
    C.MinConfidenceName = Min.Name;
  }
};
} // namespace yaml
} // namespace llvm

namespace cta {

bool Config::isRuleEnabled(RuleId R) const {
  for (const std::string &D : DisabledRules)
    if (parseRuleName(D) == R)
      return false;
  return true;
}

void Config::mergeOnTop(const Config &Over) {
  for (const ContainerAlias &A : Over.Containers) {
    auto It = llvm::find_if(Containers, [&](const ContainerAlias &Mine) {
      return Mine.Type == A.Type;
    });
    if (It != Containers.end())
      It->Like = A.Like;
    else
      Containers.push_back(A);
  }
  auto Unite = [](std::vector<std::string> &To,
                  const std::vector<std::string> &From) {
    for (const std::string &S : From)
      if (!llvm::is_contained(To, S))
        To.push_back(S);
  };
  Unite(SharedClasses, Over.SharedClasses);
  Unite(UnsharedClasses, Over.UnsharedClasses);
  Unite(ThreadSpawners, Over.ThreadSpawners);
  Unite(ThreadAffinityAsserts, Over.ThreadAffinityAsserts);
  Unite(LoopRunFunctions, Over.LoopRunFunctions);
  Unite(LoopEntryFunctions, Over.LoopEntryFunctions);

  bool Off[NumRules] = {};
  for (const std::string &D : DisabledRules)
    if (std::optional<RuleId> R = parseRuleName(D))
      Off[unsigned(*R)] = true;
  for (const std::string &E : Over.EnabledRules)
    if (std::optional<RuleId> R = parseRuleName(E))
      Off[unsigned(*R)] = false;
  for (const std::string &D : Over.DisabledRules)
    if (std::optional<RuleId> R = parseRuleName(D))
      Off[unsigned(*R)] = true;
  DisabledRules.clear();
  EnabledRules.clear();
  for (unsigned I = 0; I < NumRules; ++I)
    if (Off[I])
      DisabledRules.push_back(ruleName(RuleId(I)).str());

  if (!Over.MinConfidenceName.empty()) {
    MinConfidenceName = Over.MinConfidenceName;
    MinConfidence = Over.MinConfidence;
  }
  if (Over.Schema) {
    SchemaPath = Over.SchemaPath;
    Schema = Over.Schema;
  }
  InheritParent = false;
}

std::string Config::toYAML() const {
  Config Out = *this;
  Out.MinConfidenceName = confidenceName(MinConfidence).str();
  Out.DisabledRules.clear();
  Out.EnabledRules.clear();
  for (unsigned I = 0; I < NumRules; ++I)
    (isRuleEnabled(RuleId(I)) ? Out.EnabledRules : Out.DisabledRules)
        .push_back(ruleName(RuleId(I)).str());
  Out.InheritParent = false;
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  llvm::yaml::Output YAML(OS);
  YAML << Out;
  OS.flush();
  return Text;
}

llvm::Expected<Config> Config::parse(llvm::StringRef Text,
                                     llvm::StringRef Name) {
  Config C;
  std::string Diag;
  llvm::yaml::Input In(Text, nullptr,
                       [](const llvm::SMDiagnostic &D, void *Ctx) {
                         *static_cast<std::string *>(Ctx) = D.getMessage().str();
                         if (D.getLineNo() > 0)
                           *static_cast<std::string *>(Ctx) +=
                               " (line " + std::to_string(D.getLineNo()) + ")";
                       },
                       &Diag);
  if (!Text.trim().empty())
    In >> C;
  if (In.error())
    return llvm::createStringError(
        In.error(), "invalid config '%s': %s", Name.str().c_str(),
        Diag.empty() ? In.error().message().c_str() : Diag.c_str());
  for (const std::string &R : C.EnabledRules)
    if (llvm::any_of(C.DisabledRules, [&](const std::string &D) {
          return parseRuleName(D) == parseRuleName(R);
        }))
      return llvm::createStringError(
          std::errc::invalid_argument,
          "invalid config '%s': rule '%s' is both in enabled-rules and in "
          "disabled-rules",
          Name.str().c_str(), R.c_str());
  if (!C.MinConfidenceName.empty())
    C.MinConfidence = *parseConfidence(C.MinConfidenceName);
  return C;
}

llvm::Expected<Config> Config::load(llvm::StringRef Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return llvm::createStringError(Buf.getError(), "cannot read config '%s': %s",
                                   Path.str().c_str(),
                                   Buf.getError().message().c_str());
  llvm::Expected<Config> C = parse((*Buf)->getBuffer(), Path);
  if (!C || C->SchemaPath.empty())
    return C;
  llvm::SmallString<256> Schema(C->SchemaPath);
  if (!llvm::sys::path::is_absolute(Schema)) {
    Schema = llvm::sys::path::parent_path(Path);
    llvm::sys::path::append(Schema, C->SchemaPath);
  }
  if (llvm::Error E = C->loadSchema(Schema))
    return std::move(E);
  return C;
}

llvm::Error Config::loadSchema(llvm::StringRef Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return llvm::createStringError(Buf.getError(),
                                   "cannot read schema '%s': %s",
                                   Path.str().c_str(),
                                   Buf.getError().message().c_str());
  SchemaPath = Path.str();
  Schema = std::make_shared<SqlSchema>(SqlSchema::parse((*Buf)->getBuffer()));
  return llvm::Error::success();
}

} // namespace cta
