//===- Database.cpp - Loading the compilation database for cta commands ---===//

#include "Database.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

namespace cta {

namespace {
llvm::Error fail(const llvm::Twine &Msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Msg);
}
} // namespace

llvm::Expected<std::unique_ptr<clang::tooling::CompilationDatabase>>
loadCompilationDatabase(llvm::StringRef BuildDir) {
  if (!llvm::sys::fs::is_directory(BuildDir))
    return fail("build directory '" + BuildDir + "' does not exist");
  llvm::SmallString<256> DBPath(BuildDir);
  llvm::sys::path::append(DBPath, "compile_commands.json");
  if (!llvm::sys::fs::exists(DBPath))
    return fail("no compile_commands.json in '" + BuildDir +
                "' (configure with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)");
  std::string Err;
  std::unique_ptr<clang::tooling::CompilationDatabase> DB =
      clang::tooling::JSONCompilationDatabase::loadFromFile(
          DBPath, Err, clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (!DB)
    return fail("cannot load '" + DBPath + "': " + llvm::StringRef(Err).trim());
  return std::move(DB);
}

llvm::Expected<std::string>
resolveSourceFile(llvm::StringRef File,
                  const clang::tooling::CompilationDatabase *DB,
                  llvm::StringRef BuildDir) {
  llvm::SmallString<256> Abs(File);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  if (!llvm::sys::fs::exists(Abs))
    return fail("'" + File + "': no such file");
  if (llvm::sys::fs::is_directory(Abs))
    return fail("'" + File + "' is a directory");
  if (auto Buf = llvm::MemoryBuffer::getFile(Abs); !Buf)
    return fail("cannot read '" + File + "': " + Buf.getError().message());
  if (DB && DB->getCompileCommands(Abs).empty())
    return fail("'" + File + "' is not in the compilation database '" +
                BuildDir + "/compile_commands.json'");
  return std::string(Abs.str());
}

} // namespace cta
