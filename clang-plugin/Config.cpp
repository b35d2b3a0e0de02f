//===- Config.cpp ---------------------------------------------------------===//

#include "Config.h"
#include "ModelTables.h"
#include "store/SqlParser.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/YAMLTraits.h"

using llvm::yaml::IO;
using llvm::yaml::MappingTraits;

LLVM_YAML_IS_SEQUENCE_VECTOR(cta::ContainerAlias)

namespace llvm {
namespace yaml {
template <> struct MappingTraits<cta::ContainerAlias> {
  static void mapping(IO &Io, cta::ContainerAlias &A) {
    Io.mapRequired("type", A.Type);
    Io.mapRequired("like", A.Like);
  }
};
template <> struct MappingTraits<cta::Config> {
  static void mapping(IO &Io, cta::Config &C) {
    Io.mapOptional("containers", C.Containers);
    Io.mapOptional("shared-classes", C.SharedClasses);
    Io.mapOptional("unshared-classes", C.UnsharedClasses);
    Io.mapOptional("thread-spawners", C.ThreadSpawners);
    Io.mapOptional("thread-affinity-asserts", C.ThreadAffinityAsserts);
    Io.mapOptional("disabled-rules", C.DisabledRules);
    Io.mapOptional("min-confidence", C.MinConfidenceName);
    Io.mapOptional("schema", C.SchemaPath);
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
  for (const std::string &R : C.DisabledRules)
    if (!parseRuleName(R))
      return llvm::createStringError(std::errc::invalid_argument,
                                     "invalid config '%s': unknown rule '%s'",
                                     Name.str().c_str(), R.c_str());
  if (!C.MinConfidenceName.empty()) {
    std::optional<Confidence> Min = parseConfidence(C.MinConfidenceName);
    if (!Min)
      return llvm::createStringError(
          std::errc::invalid_argument,
          "invalid config '%s': min-confidence '%s' is not low, medium or "
          "high",
          Name.str().c_str(), C.MinConfidenceName.c_str());
    C.MinConfidence = *Min;
  }
  for (const ContainerAlias &A : C.Containers)
    if (A.Type.empty() || !builtinContainer(A.Like))
      return llvm::createStringError(
          std::errc::invalid_argument,
          "invalid config '%s': container '%s' is 'like' unknown type '%s'",
          Name.str().c_str(), A.Type.c_str(), A.Like.c_str());
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
