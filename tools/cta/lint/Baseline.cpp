//===- Baseline.cpp - Known findings, recorded to be hidden ---------------===//

#include "Baseline.h"
#include "Support.h"
#include "report/Report.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"
#include <tuple>

namespace cta {
namespace {

/// Bumped when the fingerprint's recipe changes; a file of another version
/// is refused rather than silently matching nothing.
constexpr int64_t BaselineVersion = 1;

std::string fingerprintOf(const BaselineEntry &E) {
  std::string Key = E.Rule + "\n" + E.Function + "\n" + E.Object + "\n" +
                    E.Check + "\n" + E.Act;
  return llvm::utohexstr(llvm::xxh3_64bits(Key), /*LowerCase=*/true, 16);
}

} // namespace

SourceLines::SourceLines() = default;
SourceLines::~SourceLines() = default;

std::string SourceLines::normalizedLine(llvm::StringRef File, unsigned Line) {
  llvm::StringRef Text;
  {
    std::lock_guard<std::mutex> L(M);
    auto It = Files.find(File);
    if (It == Files.end()) {
      auto Buf = llvm::MemoryBuffer::getFile(File, /*IsText=*/true);
      It = Files.try_emplace(File, Buf ? std::move(*Buf) : nullptr).first;
    }
    if (!It->second || Line == 0)
      return "";
    Text = It->second->getBuffer(); // The buffer outlives the lock.
  }
  for (unsigned I = 1; I < Line && !Text.empty(); ++I)
    Text = Text.split('\n').second;
  return foldWhitespace(Text.split('\n').first);
}

BaselineEntry baselineEntry(const Finding &F, SourceLines &Src,
                            llvm::StringRef BaseDir) {
  BaselineEntry E;
  E.Rule = ruleName(F.Rule).str();
  E.Function = F.Function.QualifiedName;
  E.Object = F.Object;
  E.Check = Src.normalizedLine(F.Check.File, F.Check.Line);
  E.Act = Src.normalizedLine(F.Act.File, F.Act.Line);
  E.Fingerprint = fingerprintOf(E);
  llvm::StringRef Rel = F.Check.File;
  if (!BaseDir.empty() && Rel.consume_front(BaseDir) &&
      Rel.consume_front("/") && !Rel.empty())
    E.File = Rel.str();
  else
    E.File = F.Check.File;
  return E;
}

llvm::Expected<Baseline> Baseline::load(llvm::StringRef Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf) {
    std::string Why = Buf.getError().message();
    Why[0] = llvm::toLower(Why[0]);
    return fail("cannot read baseline '" + Path + "': " + Why);
  }
  llvm::Expected<llvm::json::Value> V = llvm::json::parse((*Buf)->getBuffer());
  if (!V)
    return fail("baseline '" + Path +
                "' is not valid JSON: " + llvm::toString(V.takeError()));
  const llvm::json::Object *Top = V->getAsObject();
  const llvm::json::Array *Entries = Top ? Top->getArray("findings") : nullptr;
  if (!Entries)
    return fail("baseline '" + Path + "' has no 'findings' array");
  if (Top->getInteger("version") != BaselineVersion)
    return fail("baseline '" + Path + "' is not of version " +
                llvm::Twine(BaselineVersion) +
                "; write it again with --write-baseline");
  Baseline B;
  for (size_t I = 0; I < Entries->size(); ++I) {
    const llvm::json::Object *E = (*Entries)[I].getAsObject();
    std::optional<llvm::StringRef> FP =
        E ? E->getString("fingerprint") : std::nullopt;
    if (!FP)
      return fail("baseline '" + Path + "': finding " + llvm::Twine(I + 1) +
                  " has no 'fingerprint' string");
    B.Fingerprints.insert(*FP);
  }
  return B;
}

llvm::Expected<size_t> writeBaseline(llvm::StringRef Path,
                                     std::vector<BaselineEntry> Entries) {
  auto Key = [](const BaselineEntry &E) {
    return std::tie(E.File, E.Function, E.Rule, E.Fingerprint);
  };
  llvm::sort(Entries, [&](const BaselineEntry &A, const BaselineEntry &B) {
    return Key(A) < Key(B);
  });
  llvm::StringSet<> Seen;
  llvm::json::Array Out;
  for (BaselineEntry &E : Entries) {
    if (!Seen.insert(E.Fingerprint).second)
      continue;
    Out.push_back(llvm::json::Object{{"fingerprint", std::move(E.Fingerprint)},
                                     {"rule", std::move(E.Rule)},
                                     {"function", std::move(E.Function)},
                                     {"object", std::move(E.Object)},
                                     {"file", std::move(E.File)},
                                     {"check", std::move(E.Check)},
                                     {"act", std::move(E.Act)}});
  }
  size_t Count = Out.size();
  llvm::json::Value Log = llvm::json::Object{{"version", BaselineVersion},
                                             {"findings", std::move(Out)}};
  if (llvm::Error E =
          writeFileAtomically(Path, llvm::formatv("{0:2}\n", Log).str()))
    return std::move(E);
  return Count;
}

} // namespace cta
