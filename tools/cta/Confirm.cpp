//===- Confirm.cpp - `cta confirm` ----------------------------------------===//

#include "Commands.h"
#include "llvm/Support/raw_ostream.h"

namespace cta {

int runConfirm(const char *, llvm::ArrayRef<llvm::StringRef>) {
  llvm::errs() << "cta confirm: error: dynamic confirmation is not available "
                  "in this build yet\n";
  return ExitError;
}

} // namespace cta
