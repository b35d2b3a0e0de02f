//===- Hook.cpp -----------------------------------------------------------===//

#include "Hook.h"
#include "Database.h"
#include "Frontend.h"
#include "Support.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendActions.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include <mutex>

using namespace clang;

namespace cta {
namespace {

/// \p Path against \p Dir, itself against the working directory.
std::string absolute(llvm::StringRef Path, llvm::StringRef Dir = "") {
  return absolutePath(Path, Dir.empty() ? "" : absolutePath(Dir));
}

/// The file as the file system names it: symbolic links resolved, so that a
/// header reached through two spellings is one.
std::string canonical(llvm::StringRef Path) {
  llvm::SmallString<256> Real;
  if (llvm::sys::fs::real_path(Path, Real))
    return absolute(Path);
  return std::string(Real.str());
}

/// The depfile a compile command writes: `-MF <file>`, else `-MD`/`-MMD`
/// beside the `-o` output with the extension `.d`. Empty when there is none.
std::string depfileOf(const tooling::CompileCommand &C) {
  const std::vector<std::string> &Args = C.CommandLine;
  std::string MF, Out;
  bool MD = false;
  for (size_t I = 0; I < Args.size(); ++I) {
    llvm::StringRef A = Args[I];
    if (A == "-MF" && I + 1 < Args.size())
      MF = Args[++I];
    else if (A.starts_with("-MF"))
      MF = A.drop_front(3).str();
    else if (A == "-MD" || A == "-MMD")
      MD = true;
    else if (A == "-o" && I + 1 < Args.size())
      Out = Args[++I];
  }
  if (!MF.empty())
    return absolute(MF, C.Directory);
  if (MD && !Out.empty()) {
    llvm::SmallString<256> D(Out);
    llvm::sys::path::replace_extension(D, ".d");
    return absolute(D, C.Directory);
  }
  return "";
}

/// The prerequisites of a Makefile-syntax depfile, as written.
std::vector<std::string> readDepfile(llvm::StringRef Text) {
  std::vector<std::string> Deps;
  std::string Cur;
  bool InDeps = false; // After the target's colon.
  auto Flush = [&] {
    if (InDeps && !Cur.empty())
      Deps.push_back(Cur);
    Cur.clear();
  };
  for (size_t I = 0; I < Text.size(); ++I) {
    char C = Text[I];
    if (C == '\\' && I + 1 < Text.size()) {
      char N = Text[I + 1];
      if (N == '\n' || N == '\r') { // A continued line.
        Flush();
        ++I;
        continue;
      }
      if (N == ' ' || N == '#' || N == '\\') {
        Cur += N;
        ++I;
        continue;
      }
    }
    if (C == '$' && I + 1 < Text.size() && Text[I + 1] == '$') {
      Cur += '$';
      ++I;
      continue;
    }
    if (C == ':' && !InDeps &&
        (I + 1 == Text.size() || Text[I + 1] == ' ' || Text[I + 1] == '\n')) {
      Cur.clear();
      InDeps = true;
      continue;
    }
    if (C == '\n') {
      Flush();
      InDeps = false; // The next rule (-MP's phony targets) starts.
      continue;
    }
    if (C == ' ' || C == '\t' || C == '\r') {
      Flush();
      continue;
    }
    Cur += C;
  }
  Flush();
  return Deps;
}

/// A preprocessor-only pass that records every file the TU reads.
class IncludesAction : public PreprocessOnlyAction {
public:
  explicit IncludesAction(std::vector<std::string> &Files) : Files(Files) {}

  void EndSourceFileAction() override {
    SourceManager &SM = getCompilerInstance().getSourceManager();
    FileManager &FM = SM.getFileManager();
    for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It)
      Files.push_back(canonical(FM.getCanonicalName(It->first)));
    PreprocessOnlyAction::EndSourceFileAction();
  }

private:
  std::vector<std::string> &Files;
};

/// The files \p TU includes (canonical paths): from its depfile when one
/// exists, else from a preprocessor-only pass.
std::vector<std::string> includesOf(const tooling::CompilationDatabase &DB,
                                    const std::string &TU) {
  std::vector<std::string> Files;
  for (const tooling::CompileCommand &C : DB.getCompileCommands(TU)) {
    std::string D = depfileOf(C);
    if (D.empty())
      continue;
    auto Buf = llvm::MemoryBuffer::getFile(D, /*IsText=*/true);
    if (!Buf)
      continue;
    for (const std::string &Dep : readDepfile((*Buf)->getBuffer()))
      Files.push_back(canonical(absolute(Dep, C.Directory)));
  }
  if (!Files.empty())
    return Files;
  std::string Ignored;
  llvm::raw_string_ostream OS(Ignored);
  parseTranslationUnit(
      DB, TU,
      [&]() -> std::unique_ptr<FrontendAction> {
        return std::make_unique<IncludesAction>(Files);
      },
      OS, /*Color=*/false);
  return Files;
}

} // namespace

llvm::Expected<std::string> findBuildDirectory(llvm::StringRef Start) {
  std::string Dir = absolute(Start);
  for (llvm::StringRef D = Dir; !D.empty();
       D = llvm::sys::path::parent_path(D)) {
    for (llvm::StringRef Sub : {"", "build"}) {
      llvm::SmallString<256> P(D);
      llvm::sys::path::append(P, Sub, "compile_commands.json");
      if (llvm::sys::fs::is_regular_file(P))
        return std::string(llvm::sys::path::parent_path(P));
    }
    if (D == llvm::sys::path::parent_path(D))
      break;
  }
  return llvm::createStringError(
      llvm::inconvertibleErrorCode(),
      "no compilation database: no compile_commands.json in '" + Dir +
          "', its build/ or above; pass -p <build-dir>");
}

bool HookPlan::reports(llvm::StringRef TU, const Finding &F) const {
  return Direct.contains(TU) || Named.contains(F.Check.File) ||
         Named.contains(F.Act.File);
}

llvm::Expected<HookPlan> planHook(const tooling::CompilationDatabase &DB,
                                  const std::vector<std::string> &Named,
                                  unsigned Jobs) {
  HookPlan Plan;
  llvm::StringSet<> TUs;
  std::vector<std::pair<std::string, std::string>> Headers; // Shown, real.
  for (const std::string &N : Named) {
    std::string Abs = absolute(N);
    if (llvm::Error E = checkReadableFile(Abs, N))
      return std::move(E);
    Plan.Named.insert(Abs);
    if (!DB.getCompileCommands(Abs).empty()) {
      Plan.Direct.insert(Abs);
      TUs.insert(Abs);
      continue;
    }
    Headers.emplace_back(N, canonical(Abs));
  }

  if (!Headers.empty()) {
    // Which TU includes what: each TU once, in parallel.
    std::vector<std::string> All = DB.getAllFiles();
    llvm::sort(All);
    std::vector<std::vector<std::string>> Includes(All.size());
    {
      llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(Jobs));
      for (size_t I = 0; I < All.size(); ++I)
        Pool.async([&, I] { Includes[I] = includesOf(DB, All[I]); });
      Pool.wait();
    }
    for (const auto &[Shown, Real] : Headers) {
      bool Found = false;
      for (size_t I = 0; I < All.size(); ++I)
        if (llvm::is_contained(Includes[I], Real)) {
          TUs.insert(All[I]);
          Found = true;
        }
      if (!Found)
        Plan.Notes.push_back("'" + Shown +
                             "' is not in the compilation database and no "
                             "translation unit in it includes it; skipped");
    }
  }
  for (const auto &T : TUs)
    Plan.Files.push_back(T.getKey().str());
  llvm::sort(Plan.Files);
  return Plan;
}

} // namespace cta
