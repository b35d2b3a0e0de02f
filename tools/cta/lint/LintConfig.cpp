//===- LintConfig.cpp -----------------------------------------------------===//

#include "LintConfig.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace cta {

llvm::Error resolveAll(ConfigResolver &R,
                       const std::vector<std::string> &Files) {
  for (const std::string &F : Files)
    if (auto C = R.forFile(F); !C)
      return C.takeError();
  return llvm::Error::success();
}

llvm::Error dumpConfig(ConfigResolver &R, llvm::StringRef File,
                       llvm::raw_ostream &OS) {
  llvm::SmallString<256> Abs(File.empty() ? "." : File);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  auto C = R.forFile(Abs);
  if (!C)
    return C.takeError();
  OS << "# The configuration of " << Abs << "\n";
  if ((*C)->Sources.empty())
    OS << "# (the defaults: no .cta.yaml applies and no --config)\n";
  for (const std::string &S : (*C)->Sources)
    OS << "# from " << S << "\n";
  OS << (*C)->Effective.toYAML();
  return llvm::Error::success();
}

} // namespace cta
