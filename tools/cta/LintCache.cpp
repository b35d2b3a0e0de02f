//===- LintCache.cpp - What `cta lint` keeps of a TU between runs ---------===//

#include "LintCache.h"
#include "report/Report.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

#ifndef CTA_VERSION
#define CTA_VERSION "0.0.0"
#endif

namespace cta {
namespace {

/// Bumped when the layout of an entry changes.
constexpr int64_t EntryFormat = 1;

std::string hexHash(llvm::StringRef Text) {
  return llvm::utohexstr(llvm::xxh3_64bits(Text), /*LowerCase=*/true);
}

/// A file as the cache compares it: its size and modification time.
struct Stamp {
  int64_t Size = -1;
  int64_t Time = 0;
};

Stamp stampOf(llvm::StringRef Path) {
  llvm::sys::fs::file_status St;
  if (llvm::sys::fs::status(Path, St))
    return {};
  return {static_cast<int64_t>(St.getSize()),
          static_cast<int64_t>(
              St.getLastModificationTime().time_since_epoch().count())};
}

} // namespace

std::string lintRunKey(const char *Argv0) {
  std::string Key = std::string("cta ") + CTA_VERSION + "\n";
  static int Anchor;
  std::string Exe = llvm::sys::fs::getMainExecutable(Argv0, &Anchor);
  Stamp S = stampOf(Exe);
  Key +=
      Exe + " " + std::to_string(S.Size) + " " + std::to_string(S.Time) + "\n";
  return Key;
}

std::string LintCache::entryPath(llvm::StringRef File) const {
  llvm::SmallString<256> P(Dir);
  llvm::sys::path::append(P, hexHash((File + "\n" + Variant).str()) + ".json");
  return std::string(P.str());
}

std::string LintCache::key(const clang::tooling::CompilationDatabase &DB,
                           llvm::StringRef File, llvm::StringRef Extra) const {
  std::string K = RunKey + "\n" + Extra.str() + "\n";
  for (const clang::tooling::CompileCommand &C : DB.getCompileCommands(File)) {
    K += C.Directory + "\n";
    for (const std::string &A : C.CommandLine)
      K += A + "\x1f";
    K += "\n";
  }
  return hexHash(K);
}

llvm::json::Object toJSON(const CachedTU &TU) {
  llvm::json::Array Inputs;
  for (const std::string &P : TU.Inputs)
    Inputs.push_back(llvm::json::Object{{"path", P}});
  llvm::json::Array Findings;
  for (size_t I = 0; I < TU.Findings.size(); ++I) {
    const Finding &F = TU.Findings[I];
    llvm::json::Object FO{{"finding", toJSON(F)}};
    if (F.Pending)
      FO["pending"] = toJSON(*F.Pending);
    if (I < TU.Rendered.size())
      FO["rendered"] = TU.Rendered[I];
    Findings.push_back(std::move(FO));
  }
  return llvm::json::Object{{"inputs", std::move(Inputs)},
                            {"clangOutput", TU.ClangOutput},
                            {"findings", std::move(Findings)},
                            {"summary", toJSON(TU.Summary)}};
}

bool fromJSON(const llvm::json::Object &O, CachedTU &TU) {
  const llvm::json::Array *Inputs = O.getArray("inputs");
  const llvm::json::Array *Findings = O.getArray("findings");
  const llvm::json::Value *Summary = O.get("summary");
  std::optional<llvm::StringRef> Clang = O.getString("clangOutput");
  if (!Inputs || !Findings || !Summary || !Clang ||
      !unitSummaryFromJSON(*Summary, TU.Summary))
    return false;
  TU.ClangOutput = Clang->str();
  for (const llvm::json::Value &IV : *Inputs) {
    const llvm::json::Object *IO = IV.getAsObject();
    std::optional<llvm::StringRef> Path =
        IO ? IO->getString("path") : std::nullopt;
    if (!Path)
      return false;
    TU.Inputs.push_back(Path->str());
  }
  for (const llvm::json::Value &FV : *Findings) {
    const llvm::json::Object *FO = FV.getAsObject();
    const llvm::json::Value *Fd = FO ? FO->get("finding") : nullptr;
    if (!Fd)
      return false;
    llvm::Expected<Finding> F = findingFromJSON(*Fd);
    if (!F) {
      llvm::consumeError(F.takeError());
      return false;
    }
    if (const llvm::json::Value *Q = FO->get("pending")) {
      CallerQuestion CQ;
      if (!callerQuestionFromJSON(*Q, CQ))
        return false;
      F->Pending = std::move(CQ);
    }
    if (std::optional<llvm::StringRef> R = FO->getString("rendered"))
      TU.Rendered.push_back(R->str());
    TU.Findings.push_back(std::move(*F));
  }
  return TU.Rendered.empty() || TU.Rendered.size() == TU.Findings.size();
}

std::optional<CachedTU>
LintCache::load(const clang::tooling::CompilationDatabase &DB,
                llvm::StringRef File, llvm::StringRef Extra) const {
  if (!enabled())
    return std::nullopt;
  auto Buf = llvm::MemoryBuffer::getFile(entryPath(File));
  if (!Buf)
    return std::nullopt;
  llvm::Expected<llvm::json::Value> V = llvm::json::parse((*Buf)->getBuffer());
  if (!V) {
    llvm::consumeError(V.takeError());
    return std::nullopt;
  }
  const llvm::json::Object *O = V->getAsObject();
  CachedTU TU;
  if (!O || O->getInteger("format") != EntryFormat ||
      O->getString("file") != File ||
      O->getString("key") != key(DB, File, Extra) || !fromJSON(*O, TU))
    return std::nullopt;
  // Every file the TU read must be as it was.
  for (const llvm::json::Value &IV : *O->getArray("inputs")) {
    const llvm::json::Object *IO = IV.getAsObject();
    Stamp S = stampOf(*IO->getString("path"));
    if (S.Size < 0 || IO->getInteger("size") != S.Size ||
        IO->getInteger("mtime") != S.Time)
      return std::nullopt;
  }
  return TU;
}

void LintCache::store(const clang::tooling::CompilationDatabase &DB,
                      llvm::StringRef File, const CachedTU &TU,
                      llvm::StringRef Extra) const {
  if (!enabled() || llvm::sys::fs::create_directories(Dir))
    return;
  llvm::json::Object O = toJSON(TU);
  for (llvm::json::Value &IV : *O.getArray("inputs")) {
    llvm::json::Object &IO = *IV.getAsObject();
    Stamp S = stampOf(*IO.getString("path"));
    if (S.Size < 0)
      return; // A file that is gone now: nothing to compare with later.
    IO["size"] = S.Size;
    IO["mtime"] = S.Time;
  }
  O["format"] = EntryFormat;
  O["file"] = File;
  O["key"] = key(DB, File, Extra);
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  OS << llvm::json::Value(std::move(O));
  OS.flush();
  llvm::consumeError(writeFileAtomically(entryPath(File), Text));
}

} // namespace cta
