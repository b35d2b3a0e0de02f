//===- BuildTree.cpp - Link inputs of a translation unit from its build ---===//

#include "BuildTree.h"
#include "Support.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/StringSaver.h"
#include <optional>

namespace cta {
namespace {

/// What `ninja -t query <target>` says of one target.
struct Query {
  std::string Rule;                 ///< The rule of the step that writes it.
  std::vector<std::string> Inputs;  ///< Its explicit inputs.
  std::vector<std::string> Outputs; ///< The targets that use it, once each.
};

Query parseQuery(llvm::StringRef Text) {
  Query Q;
  enum { None, Inputs, Outputs } In = None;
  llvm::StringSet<> Seen;
  llvm::SmallVector<llvm::StringRef, 32> Lines;
  Text.split(Lines, '\n');
  for (llvm::StringRef L : Lines) {
    llvm::StringRef T = L.trim();
    if (T.empty())
      continue;
    if (T.consume_front("input:")) {
      Q.Rule = T.trim().str();
      In = Inputs;
    } else if (T == "outputs:") {
      In = Outputs;
    } else if (!L.starts_with("    ")) {
      In = None; // The target's own line, or a section we do not read.
    } else if (In == Inputs && !T.starts_with("|")) {
      Q.Inputs.push_back(T.str());
    } else if (In == Outputs && Seen.insert(T).second) {
      Q.Outputs.push_back(T.str());
    }
  }
  return Q;
}

bool isStaticArchiveRule(llvm::StringRef Rule) {
  return Rule.contains("STATIC");
}

bool isLinkRule(llvm::StringRef Rule) {
  return !isStaticArchiveRule(Rule) && Rule.contains("LINK");
}

bool isObject(llvm::StringRef P) {
  return P.ends_with(".o") || P.ends_with(".obj");
}

bool isLibrary(llvm::StringRef P) {
  llvm::StringRef Name = llvm::sys::path::filename(P);
  return Name.ends_with(".a") || Name.ends_with(".so") ||
         Name.contains(".so.") || Name.ends_with(".dylib");
}

/// Linker options a harness keeps: where libraries are and which.
bool keepsLinkFlag(llvm::StringRef A) {
  if (A.starts_with("-l") || A.starts_with("-L") || A == "-pthread")
    return true;
  return A.starts_with("-Wl,-rpath") || A.starts_with("-Wl,--start-group") ||
         A.starts_with("-Wl,--end-group") || A.starts_with("-Wl,--as-needed") ||
         A.starts_with("-Wl,--no-as-needed") || A == "-Wl,-Bstatic" ||
         A == "-Wl,-Bdynamic";
}

/// Does the object file \p Path define `main`? Unreadable files do not.
bool definesMain(llvm::StringRef Path) {
  auto Bin = llvm::object::ObjectFile::createObjectFile(Path);
  if (!Bin) {
    llvm::consumeError(Bin.takeError());
    return false;
  }
  for (const llvm::object::SymbolRef &S : Bin->getBinary()->symbols()) {
    llvm::Expected<uint32_t> Flags = S.getFlags();
    llvm::Expected<llvm::StringRef> Name = S.getName();
    if (!Flags || !Name) {
      llvm::consumeError(Flags.takeError());
      llvm::consumeError(Name.takeError());
      continue;
    }
    if (*Name == "main" && !(*Flags & llvm::object::SymbolRef::SF_Undefined))
      return true;
  }
  return false;
}

/// The link command of a step, split into its arguments: the part of a
/// `: && clang++ ... && :` or `cd dir && clang++ ...` line that writes
/// `-o`, with the directory it runs in.
struct LinkCommand {
  std::vector<std::string> Args;
  std::string Cwd;
};

LinkCommand parseLinkCommand(llvm::StringRef Line, llvm::StringRef BuildDir) {
  llvm::BumpPtrAllocator Alloc;
  llvm::StringSaver Saver(Alloc);
  llvm::SmallVector<const char *, 64> Tokens;
  llvm::cl::TokenizeGNUCommandLine(Line, Saver, Tokens);
  LinkCommand Out;
  Out.Cwd = BuildDir.str();
  std::vector<std::string> Part;
  auto Finish = [&] {
    if (Part.size() == 2 && Part[0] == "cd")
      Out.Cwd = absolutePath(Part[1], Out.Cwd);
    else if (Out.Args.empty() && llvm::is_contained(Part, "-o"))
      Out.Args = Part;
    Part.clear();
  };
  for (const char *T : Tokens) {
    llvm::StringRef S(T);
    if (S == "&&" || S == ";") {
      Finish();
      continue;
    }
    Part.push_back(S.str());
  }
  Finish();
  return Out;
}

} // namespace

llvm::Expected<std::unique_ptr<BuildTree>>
BuildTree::open(llvm::StringRef Dir) {
  std::string Abs = absolutePath(Dir);
  if (!llvm::sys::fs::is_directory(Abs))
    return fail("build directory '" + Dir + "' does not exist");
  llvm::SmallString<256> Manifest(Abs);
  llvm::sys::path::append(Manifest, "build.ninja");
  if (!llvm::sys::fs::is_regular_file(Manifest))
    return fail("no build.ninja in '" + Dir +
                "': --link-from reads a Ninja build tree (configure with "
                "-G Ninja, or name the inputs with --link)");
  auto Ninja = llvm::sys::findProgramByName("ninja");
  if (!Ninja)
    return fail("ninja not found on PATH (--link-from asks it for the "
                "build's link steps)");
  return std::unique_ptr<BuildTree>(new BuildTree(Abs, *Ninja));
}

namespace {

/// Runs `ninja -C Dir -t <Tool...>`; its standard output, or an error with
/// the first line ninja printed.
llvm::Expected<std::string> runNinja(llvm::StringRef Ninja, llvm::StringRef Dir,
                                     llvm::ArrayRef<llvm::StringRef> Tool) {
  llvm::SmallString<128> OutPath, ErrPath;
  if (std::error_code EC =
          llvm::sys::fs::createTemporaryFile("cta-ninja", "out", OutPath))
    return fail("cannot create a temporary file: " + EC.message());
  if (std::error_code EC =
          llvm::sys::fs::createTemporaryFile("cta-ninja", "err", ErrPath))
    return fail("cannot create a temporary file: " + EC.message());
  std::vector<llvm::StringRef> Argv = {Ninja, "-C", Dir, "-t"};
  Argv.insert(Argv.end(), Tool.begin(), Tool.end());
  std::optional<llvm::StringRef> Redirects[] = {llvm::StringRef(""),
                                                OutPath.str(), ErrPath.str()};
  std::string ErrMsg;
  int RC = llvm::sys::ExecuteAndWait(Ninja, Argv, std::nullopt, Redirects,
                                     /*SecondsToWait=*/120, 0, &ErrMsg);
  std::string Out, Err;
  if (auto B = llvm::MemoryBuffer::getFile(OutPath))
    Out = (*B)->getBuffer().str();
  if (auto B = llvm::MemoryBuffer::getFile(ErrPath))
    Err = (*B)->getBuffer().str();
  llvm::sys::fs::remove(OutPath);
  llvm::sys::fs::remove(ErrPath);
  if (RC != 0) {
    llvm::StringRef First =
        llvm::StringRef(Err.empty() ? Out : Err).trim().split('\n').first;
    return fail(First.empty() ? "ninja failed: " + ErrMsg : First.str());
  }
  return Out;
}

/// The object a compile command writes, as the build names it.
std::string objectOf(const clang::tooling::CompileCommand &Cmd) {
  if (!Cmd.Output.empty())
    return Cmd.Output;
  const std::vector<std::string> &A = Cmd.CommandLine;
  for (size_t I = 0; I < A.size(); ++I) {
    if (A[I] == "-o" && I + 1 < A.size())
      return A[I + 1];
    if (llvm::StringRef(A[I]).starts_with("-o") && A[I].size() > 2)
      return A[I].substr(2);
  }
  return "";
}

} // namespace

llvm::Expected<std::vector<std::string>>
BuildTree::linkInputsFor(const clang::tooling::CompileCommand &Cmd) {
  std::string Object = objectOf(Cmd);
  if (Object.empty())
    return fail("the compile command of '" + Cmd.Filename +
                "' names no object file (-o)");
  // Ninja names the targets of the build directory relative to it.
  std::string Abs = absolutePath(Object, Cmd.Directory);
  llvm::StringRef Rel(Abs);
  if (Rel.consume_front(Dir) && Rel.consume_front("/"))
    Object = Rel.str();
  else
    Object = Abs;

  std::lock_guard<std::mutex> L(M);
  auto It = Derived.find(Object);
  if (It != Derived.end())
    return It->second;
  llvm::Expected<std::vector<std::string>> Got = derive(Object, Cmd.Filename);
  if (Got)
    Derived[Object] = *Got;
  return Got;
}

llvm::Expected<std::vector<std::string>>
BuildTree::derive(llvm::StringRef Object, llvm::StringRef Source) {
  auto QueryOf = [&](llvm::StringRef Target) -> llvm::Expected<Query> {
    llvm::Expected<std::string> Out = runNinja(Ninja, Dir, {"query", Target});
    if (!Out)
      return Out.takeError();
    return parseQuery(*Out);
  };
  auto NotBuilt = [&](llvm::StringRef Path) {
    return fail("the build in '" + Dir + "' is not built: '" + Path +
                "' does not exist (run 'ninja -C " + Dir + "')");
  };

  llvm::Expected<Query> Obj = QueryOf(Object);
  if (!Obj)
    return fail("'" + Source + "' is not built by the Ninja build in '" + Dir +
                "' (" + llvm::toString(Obj.takeError()) + ")");
  // The steps that consume the object: a link or an archive.
  std::string Step, StepRule;
  for (const std::string &Out : Obj->Outputs) {
    llvm::Expected<Query> Q = QueryOf(Out);
    if (!Q) {
      llvm::consumeError(Q.takeError());
      continue;
    }
    if (isStaticArchiveRule(Q->Rule) || isLinkRule(Q->Rule)) {
      Step = Out;
      StepRule = Q->Rule;
      break;
    }
  }
  if (Step.empty())
    return fail("no link step of the build in '" + Dir + "' uses '" + Object +
                "', the object of '" + Source + "'");

  std::vector<std::string> Inputs;
  std::string LinkTarget = Step;
  if (isStaticArchiveRule(StepRule)) {
    // The archive, and the libraries its users link it with.
    std::string Archive = absolutePath(Step, Dir);
    if (!llvm::sys::fs::exists(Archive))
      return NotBuilt(Archive);
    Inputs.push_back(Archive);
    LinkTarget.clear();
    size_t Smallest = ~size_t(0);
    llvm::Expected<Query> Users = QueryOf(Step);
    if (!Users)
      return Users.takeError();
    for (const std::string &Out : Users->Outputs) {
      llvm::Expected<Query> Q = QueryOf(Out);
      if (!Q) {
        llvm::consumeError(Q.takeError());
        continue;
      }
      if (!isLinkRule(Q->Rule))
        continue;
      llvm::Expected<std::string> C =
          runNinja(Ninja, Dir, {"commands", "-s", Out});
      if (!C) {
        llvm::consumeError(C.takeError());
        continue;
      }
      if (C->size() < Smallest) {
        Smallest = C->size();
        LinkTarget = Out;
      }
    }
    if (LinkTarget.empty())
      return Inputs; // No user: the archive's own dependencies are unknown.
  }

  llvm::Expected<std::string> Line =
      runNinja(Ninja, Dir, {"commands", "-s", LinkTarget});
  if (!Line)
    return Line.takeError();
  // `-t commands -s` prints the one command; ninja may print a notice
  // before it.
  llvm::StringRef Last = llvm::StringRef(*Line).trim();
  Last = Last.substr(Last.rfind('\n') + 1);
  LinkCommand LC = parseLinkCommand(Last, Dir);
  if (LC.Args.empty())
    return fail("cannot read the link command of '" + LinkTarget +
                "' in the build in '" + Dir + "'");
  std::string Own = absolutePath(Object, Dir);
  bool ArchiveStep = !Inputs.empty();
  llvm::StringSet<> Taken;
  for (const std::string &I : Inputs)
    Taken.insert(I);
  for (size_t I = 1; I < LC.Args.size(); ++I) {
    llvm::StringRef A = LC.Args[I];
    if (A == "-o") {
      ++I;
      continue;
    }
    if (A.starts_with("@"))
      return fail("the link of '" + LinkTarget + "' reads a response file ('" +
                  A + "'); name its inputs with --link");
    if ((A == "-l" || A == "-L") && I + 1 < LC.Args.size()) {
      Inputs.push_back(A.str() + LC.Args[++I]);
      continue;
    }
    if (A.starts_with("-")) {
      if (keepsLinkFlag(A))
        Inputs.push_back(A.str());
      continue;
    }
    std::string Path = absolutePath(A, LC.Cwd);
    if (isObject(A)) {
      // An archive's user's objects are not the TU's target's; a link's
      // own objects are, except the TU's and the one with main().
      if (ArchiveStep || Path == Own)
        continue;
      if (!llvm::sys::fs::exists(Path))
        return NotBuilt(Path);
      if (definesMain(Path))
        continue;
    } else if (!isLibrary(A)) {
      continue;
    } else if (!llvm::sys::fs::exists(Path)) {
      return NotBuilt(Path);
    }
    if (Taken.insert(Path).second)
      Inputs.push_back(Path);
  }
  return Inputs;
}

} // namespace cta
