//===- ConfigDiscovery.cpp ------------------------------------------------===//

#include "ConfigDiscovery.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace cta {

const ConfigResolver::Entry &ConfigResolver::discovered(llvm::StringRef Dir) {
  auto It = ByDirectory.find(Dir);
  if (It != ByDirectory.end())
    return It->second;
  Entry E;
  llvm::StringRef Parent = llvm::sys::path::parent_path(Dir);
  bool HasParent = !Parent.empty() && Parent != Dir;
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, ConfigFileName);
  if (!llvm::sys::fs::is_regular_file(Path)) {
    // Nothing here: the parent's applies.
    E.Resolved = HasParent ? discovered(Parent).Resolved
                           : std::make_shared<const ResolvedConfig>();
    E.Error = HasParent ? discovered(Parent).Error : "";
    return ByDirectory[Dir] = std::move(E);
  }
  llvm::Expected<Config> Own = Config::load(Path);
  if (!Own) {
    E.Error = llvm::toString(Own.takeError());
    return ByDirectory[Dir] = std::move(E);
  }
  auto R = std::make_shared<ResolvedConfig>();
  if (Own->InheritParent && HasParent) {
    const Entry &Above = discovered(Parent);
    if (!Above.Error.empty()) {
      E.Error = Above.Error;
      return ByDirectory[Dir] = std::move(E);
    }
    *R = *Above.Resolved;
  }
  R->Effective.mergeOnTop(*Own);
  R->Sources.push_back(std::string(Path.str()));
  E.Resolved = std::move(R);
  return ByDirectory[Dir] = std::move(E);
}

llvm::Expected<std::shared_ptr<const ResolvedConfig>>
ConfigResolver::forFile(llvm::StringRef File) {
  llvm::SmallString<256> Start(File);
  llvm::sys::fs::make_absolute(Start);
  llvm::sys::path::remove_dots(Start, /*remove_dot_dot=*/true);
  if (!llvm::sys::fs::is_directory(Start))
    llvm::sys::path::remove_filename(Start);
  std::lock_guard<std::mutex> L(M);
  auto It = ByStart.find(Start);
  if (It == ByStart.end()) {
    Entry E = discovered(Start);
    if (E.Error.empty() && !Top.empty()) {
      auto R = std::make_shared<ResolvedConfig>(*E.Resolved);
      for (const ConfigLayer &T : Top) {
        R->Effective.mergeOnTop(T.Cfg);
        R->Sources.push_back(T.Source);
      }
      E.Resolved = std::move(R);
    }
    It = ByStart.try_emplace(Start, std::move(E)).first;
  }
  if (!It->second.Error.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   It->second.Error);
  return It->second.Resolved;
}

} // namespace cta
