//===- LintConfig.cpp -----------------------------------------------------===//

#include "LintConfig.h"
#include "Support.h"
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
  std::string Abs = absolutePath(File.empty() ? "." : File);
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
