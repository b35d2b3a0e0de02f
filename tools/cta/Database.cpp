//===- Database.cpp - Loading the compilation database for cta commands ---===//

#include "Database.h"
#include "Support.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <cstdio>

namespace cta {

namespace {
/// "Expected , or ]" -> "expected , or ]": messages are lower-case.
std::string lowerFirst(llvm::StringRef S) {
  std::string R = S.rtrim(".").str();
  if (!R.empty())
    R[0] = llvm::toLower(R[0]);
  return R;
}

/// llvm::json::ParseError logs "[L:C, byte=B]: Message"; say it as
/// "line L, column C: message".
std::string describeParseError(llvm::Error E) {
  std::string Log = llvm::toString(std::move(E));
  unsigned Line = 0, Column = 0, Byte = 0;
  int Consumed = 0;
  if (std::sscanf(Log.c_str(), "[%u:%u, byte=%u]: %n", &Line, &Column, &Byte,
                  &Consumed) == 3 &&
      Consumed > 0)
    return "line " + std::to_string(Line) + ", column " +
           std::to_string(Column) + ": " +
           lowerFirst(llvm::StringRef(Log).drop_front(Consumed));
  return lowerFirst(Log);
}

/// The shape JSONCompilationDatabase requires, checked first so that a bad
/// file gets a one-line message naming the entry instead of the YAML
/// parser's multi-line dump.
llvm::Error validateDatabase(llvm::StringRef Text, llvm::StringRef Path) {
  if (Text.trim().empty())
    return fail("'" + Path + "' is empty");
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(Text);
  if (!V)
    return fail("'" + Path + "' is not valid JSON: " +
                describeParseError(V.takeError()));
  const llvm::json::Array *Entries = V->getAsArray();
  if (!Entries)
    return fail("'" + Path + "' is not a JSON array of compile commands");
  for (size_t I = 0; I < Entries->size(); ++I) {
    auto Bad = [&](const llvm::Twine &What) {
      return fail("'" + Path + "': entry " + llvm::Twine(I + 1) + " " + What);
    };
    const llvm::json::Object *E = (*Entries)[I].getAsObject();
    if (!E)
      return Bad("is not an object");
    for (llvm::StringRef Key : {"directory", "file"})
      if (!E->getString(Key))
        return Bad(E->get(Key) ? "has a non-string '" + Key + "'"
                               : "has no '" + Key + "'");
    const llvm::json::Value *Command = E->get("command");
    const llvm::json::Value *Arguments = E->get("arguments");
    if (!Command && !Arguments)
      return Bad("has neither 'command' nor 'arguments'");
    if (Command && !Command->getAsString())
      return Bad("has a non-string 'command'");
    if (Arguments) {
      const llvm::json::Array *A = Arguments->getAsArray();
      if (!A || llvm::any_of(*A, [](const llvm::json::Value &X) {
            return !X.getAsString();
          }))
        return Bad("has an 'arguments' that is not an array of strings");
    }
  }
  return llvm::Error::success();
}
} // namespace

llvm::Expected<std::unique_ptr<clang::tooling::CompilationDatabase>>
loadCompilationDatabase(llvm::StringRef BuildDir) {
  if (!llvm::sys::fs::exists(BuildDir))
    return fail("build directory '" + BuildDir + "' does not exist");
  if (!llvm::sys::fs::is_directory(BuildDir))
    return fail("build directory '" + BuildDir + "' is not a directory");
  llvm::SmallString<256> DBPath(BuildDir);
  llvm::sys::path::append(DBPath, "compile_commands.json");
  if (!llvm::sys::fs::exists(DBPath))
    return fail("no compile_commands.json in '" + BuildDir +
                "' (configure with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)");
  if (llvm::sys::fs::is_directory(DBPath))
    return fail("'" + DBPath + "' is a directory");
  auto Buf = llvm::MemoryBuffer::getFile(DBPath, /*IsText=*/true);
  if (!Buf)
    return fail("cannot read '" + DBPath + "': " +
                lowerFirst(Buf.getError().message()));
  llvm::StringRef Text = (*Buf)->getBuffer();
  if (llvm::Error E = validateDatabase(Text, DBPath))
    return std::move(E);
  std::string Err;
  std::unique_ptr<clang::tooling::CompilationDatabase> DB =
      clang::tooling::JSONCompilationDatabase::loadFromBuffer(
          Text, Err, clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (!DB)
    return fail("cannot load '" + DBPath +
                "': " + lowerFirst(llvm::StringRef(Err).trim()));
  return std::move(DB);
}

llvm::Error checkReadableFile(llvm::StringRef Path, llvm::StringRef Shown) {
  llvm::sys::fs::file_status St;
  if (std::error_code EC = llvm::sys::fs::status(Path, St)) {
    // status() follows symbolic links: tell a dangling link apart.
    llvm::sys::fs::file_status Link;
    if (!llvm::sys::fs::status(Path, Link, /*follow=*/false) &&
        Link.type() == llvm::sys::fs::file_type::symlink_file)
      return fail("'" + Shown + "' is a dangling symbolic link");
    if (EC == std::errc::no_such_file_or_directory)
      return fail("'" + Shown + "': no such file");
    return fail("cannot read '" + Shown + "': " + lowerFirst(EC.message()));
  }
  if (St.type() == llvm::sys::fs::file_type::directory_file)
    return fail("'" + Shown + "' is a directory");
  if (auto Buf = llvm::MemoryBuffer::getFile(Path); !Buf)
    return fail("cannot read '" + Shown + "': " +
                lowerFirst(Buf.getError().message()));
  return llvm::Error::success();
}

llvm::Expected<std::string>
resolveSourceFile(llvm::StringRef File,
                  const clang::tooling::CompilationDatabase *DB,
                  llvm::StringRef BuildDir) {
  std::string Abs = absolutePath(File);
  if (llvm::Error E = checkReadableFile(Abs, File))
    return std::move(E);
  if (DB && DB->getCompileCommands(Abs).empty()) {
    llvm::SmallString<256> DBPath(BuildDir);
    llvm::sys::path::append(DBPath, "compile_commands.json");
    return fail("'" + File + "' is not in the compilation database '" +
                DBPath + "'");
  }
  return Abs;
}

} // namespace cta
