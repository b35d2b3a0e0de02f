//===- GitDiff.cpp - The lines `git diff -U0 <rev>` changed ---------------===//

#include "GitDiff.h"
#include "Support.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include <optional>

namespace cta {
namespace {

struct GitOutput {
  int Status = -1;
  std::string Out;
  std::string Err; ///< The first line of git's standard error.
};

/// Runs `git <Args>`, capturing both streams.
llvm::Expected<GitOutput> runGit(llvm::ArrayRef<std::string> Args) {
  llvm::ErrorOr<std::string> Git = llvm::sys::findProgramByName("git");
  if (!Git)
    return fail("--diff needs git, which is not on PATH");
  llvm::SmallString<128> OutPath, ErrPath;
  if (std::error_code EC =
          llvm::sys::fs::createTemporaryFile("cta-git", "out", OutPath))
    return fail("cannot create a temporary file: " + EC.message());
  llvm::FileRemover RemoveOut(OutPath);
  if (std::error_code EC =
          llvm::sys::fs::createTemporaryFile("cta-git", "err", ErrPath))
    return fail("cannot create a temporary file: " + EC.message());
  llvm::FileRemover RemoveErr(ErrPath);
  std::vector<llvm::StringRef> Argv{"git"};
  for (const std::string &A : Args)
    Argv.push_back(A);
  std::optional<llvm::StringRef> Redirects[] = {
      llvm::StringRef(""), llvm::StringRef(OutPath), llvm::StringRef(ErrPath)};
  std::string Why;
  GitOutput R;
  R.Status =
      llvm::sys::ExecuteAndWait(*Git, Argv, std::nullopt, Redirects,
                                /*SecondsToWait=*/0, /*MemoryLimit=*/0, &Why);
  if (R.Status < 0)
    return fail("cannot run git: " + Why);
  if (auto Buf = llvm::MemoryBuffer::getFile(OutPath))
    R.Out = (*Buf)->getBuffer().str();
  if (auto Buf = llvm::MemoryBuffer::getFile(ErrPath))
    R.Err = (*Buf)->getBuffer().split('\n').first.trim().str();
  return R;
}

/// `b/dir/file.cpp` as the `+++` line names it: quoted by git when the
/// name holds a quote, a backslash or a control character.
std::string diffPath(llvm::StringRef S) {
  S = S.rtrim("\r");
  if (S.size() < 2 || !S.starts_with("\"") || !S.ends_with("\""))
    return S.str();
  std::string Out;
  S = S.drop_front().drop_back();
  for (size_t I = 0; I < S.size(); ++I) {
    if (S[I] != '\\' || I + 1 == S.size()) {
      Out += S[I];
      continue;
    }
    char C = S[++I];
    switch (C) {
    case 'n':
      Out += '\n';
      break;
    case 't':
      Out += '\t';
      break;
    default:
      if (C >= '0' && C <= '7' && I + 2 < S.size()) {
        unsigned V = 0;
        S.substr(I, 3).getAsInteger(8, V);
        Out += char(V);
        I += 2;
      } else {
        Out += C;
      }
    }
  }
  return Out;
}

} // namespace

std::string realPath(llvm::StringRef Path) {
  llvm::SmallString<256> Real;
  if (llvm::sys::fs::real_path(Path, Real))
    return Path.str();
  return std::string(Real.str());
}

ChangedLines parseUnifiedDiff(llvm::StringRef Diff, llvm::StringRef TopLevel) {
  ChangedLines Out;
  LineRanges *Current = nullptr;
  llvm::SmallVector<llvm::StringRef> Lines;
  Diff.split(Lines, '\n');
  for (llvm::StringRef L : Lines) {
    if (L.consume_front("+++ ")) {
      Current = nullptr;
      std::string Name = diffPath(L);
      llvm::StringRef Rel(Name);
      if (!Rel.consume_front("b/"))
        continue; // +++ /dev/null: the file was deleted.
      llvm::SmallString<256> P(TopLevel);
      llvm::sys::path::append(P, Rel);
      Current = &Out[std::string(P.str())];
      continue;
    }
    // @@ -a[,b] +c[,d] @@
    if (!Current || !L.consume_front("@@ "))
      continue;
    llvm::StringRef New = L.split(' ').second.split(' ').first;
    if (!New.consume_front("+"))
      continue;
    auto [StartText, CountText] = New.split(',');
    unsigned Start = 0, Count = 1;
    if (StartText.getAsInteger(10, Start) ||
        (!CountText.empty() && CountText.getAsInteger(10, Count)))
      continue;
    if (Count)
      Current->emplace_back(Start, Start + Count - 1);
  }
  return Out;
}

llvm::Expected<std::string> GitDiff::topLevel(llvm::StringRef Dir) {
  auto It = TopLevelOfDir.find(Dir);
  if (It != TopLevelOfDir.end())
    return It->second;
  llvm::Expected<GitOutput> R =
      runGit({"-C", Dir.str(), "rev-parse", "--show-toplevel"});
  if (!R)
    return R.takeError();
  std::string Top =
      R->Status == 0 ? realPath(llvm::StringRef(R->Out).trim()) : "";
  TopLevelOfDir[Dir] = Top;
  return Top;
}

llvm::Expected<const ChangedLines *> GitDiff::changesFor(llvm::StringRef File) {
  llvm::Expected<const ChangedLines *> C =
      changesIn(llvm::sys::path::parent_path(File));
  if (C && !*C)
    return fail("--diff: '" + File + "' is not in a git repository");
  return C;
}

llvm::Expected<const ChangedLines *> GitDiff::changesIn(llvm::StringRef Dir) {
  std::lock_guard<std::mutex> L(M);
  llvm::Expected<std::string> Top = topLevel(Dir);
  if (!Top)
    return Top.takeError();
  if (Top->empty())
    return nullptr;
  if (auto E = RepoError.find(*Top); E != RepoError.end())
    return fail(E->second);
  if (auto C = ByRepo.find(*Top); C != ByRepo.end())
    return &C->second;
  // The prefixes and quoting are spelled out: the user's git config may
  // change both.
  llvm::Expected<GitOutput> R = runGit(
      {"-C", *Top, "-c", "core.quotePath=false", "diff", "-U0", "--no-color",
       "--no-ext-diff", "--src-prefix=a/", "--dst-prefix=b/", Rev, "--"});
  if (!R)
    return R.takeError();
  if (R->Status != 0) {
    std::string Msg =
        "--diff: 'git diff " + Rev + "' failed in '" + *Top + "': " +
        (R->Err.empty() ? "exit status " + std::to_string(R->Status) : R->Err);
    RepoError[*Top] = Msg;
    return fail(Msg);
  }
  return &(ByRepo[*Top] = parseUnifiedDiff(R->Out, *Top));
}

bool GitDiff::lineChanged(llvm::StringRef File, unsigned Line) {
  llvm::Expected<const ChangedLines *> C = changesFor(File);
  if (!C) {
    llvm::consumeError(C.takeError());
    return false;
  }
  auto It = (*C)->find(realPath(File));
  if (It == (*C)->end())
    return false;
  return llvm::any_of(It->second, [&](const std::pair<unsigned, unsigned> &R) {
    return R.first <= Line && Line <= R.second;
  });
}

} // namespace cta
