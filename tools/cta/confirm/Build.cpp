//===- Build.cpp - Compiling the harness of a finding ---------------------===//

#include "Build.h"
#include "Support.h"
#include "report/Report.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include <optional>

#ifndef CTA_CLANGXX
#define CTA_CLANGXX "clang++"
#endif
#ifndef CTA_SOURCE_INCLUDE_DIR
#define CTA_SOURCE_INCLUDE_DIR ""
#endif

namespace cta {

namespace {

std::string parentOf(llvm::StringRef Path) {
  return llvm::sys::path::parent_path(Path).str();
}

/// Options whose value is a path, resolved against the compile directory.
/// Each is accepted separate (`-I dir`) and joined (`-Idir`).
const llvm::StringRef PathOptions[] = {
    "-isystem", "-iquote", "-idirafter", "-imacros", "-include", "-isysroot",
    "-iprefix", "-I", "-L", "-F"};

/// Options removed with their separate value.
bool dropsNextArg(llvm::StringRef A) {
  return llvm::StringSwitch<bool>(A)
      .Cases("-o", "-MF", "-MT", "-MQ", "-MJ", true)
      .Default(false);
}

/// Options removed on their own (or with a joined value).
bool dropsArg(llvm::StringRef A) {
  if (A.starts_with("-fsanitize") || A.starts_with("-fno-sanitize"))
    return true; // Ours is TSan; ASan/MSan would not link with it.
  if (A.starts_with("-fplugin") || A.starts_with("-fpass-plugin"))
    return true; // The analysis plugin has nothing to say about a harness.
  if (A.starts_with("-Werror") || A == "-pedantic-errors")
    return true; // Instrumented code must not fail on a warning.
  if (A.starts_with("-flto") || A.starts_with("-fprofile-") ||
      A == "--coverage")
    return true;
  if (A == "-c" || A == "-S" || A == "-E" || A.starts_with("-o"))
    return true;
  return llvm::StringSwitch<bool>(A)
      .Cases("-M", "-MM", "-MD", "-MMD", "-MP", "-MG", true)
      .Default(false);
}

/// The language standard of the harness build for the TU's `-std=` \p A:
/// the runtime headers and the harness are C++17, and code written for an
/// older standard builds as C++17 (its GNU dialect stays GNU); \p A itself
/// for C++17 and later.
std::string harnessStandard(llvm::StringRef A) {
  llvm::StringRef Std = A;
  if (!Std.consume_front("-std=") && !Std.consume_front("--std="))
    return A.str();
  bool Gnu = Std.starts_with("gnu++");
  if (!Std.consume_front("c++") && !Std.consume_front("gnu++"))
    return A.str();
  bool Older = llvm::StringSwitch<bool>(Std)
                   .Cases("98", "03", "0x", "11", "1y", "14", true)
                   .Default(false);
  return Older ? (Gnu ? "-std=gnu++17" : "-std=c++17") : A.str();
}

/// \p S as a single-quoted YAML scalar.
std::string yamlQuoted(llvm::StringRef S) {
  std::string Out = "'";
  for (char C : S) {
    if (C == '\'')
      Out += '\'';
    Out += C;
  }
  return Out + "'";
}

std::string absoluteFrom(llvm::StringRef Dir, llvm::StringRef Path) {
  if (Path.empty() || llvm::sys::path::is_absolute(Path) || Dir.empty() ||
      Path.starts_with("="))
    return Path.str();
  return joinPath(Dir, Path);
}

/// Runs one compiler command; returns the empty string on success, else
/// the first error line. Appends the command and its output to \p LogPath.
std::string compile(const Toolchain &TC, const std::vector<std::string> &Args,
                    llvm::StringRef LogPath, llvm::StringRef PartLog,
                    unsigned TimeoutSeconds) {
  std::vector<llvm::StringRef> Argv;
  Argv.push_back(TC.Compiler);
  for (const std::string &A : Args)
    Argv.push_back(A);
  std::optional<llvm::StringRef> Redirects[] = {
      llvm::StringRef(""), PartLog, PartLog};
  std::string ErrMsg;
  bool ExecFailed = false;
  int RC = llvm::sys::ExecuteAndWait(TC.Compiler, Argv, std::nullopt,
                                     Redirects, TimeoutSeconds, 0, &ErrMsg,
                                     &ExecFailed);
  std::string Output;
  if (auto Buf = llvm::MemoryBuffer::getFile(PartLog))
    Output = (*Buf)->getBuffer().str();
  llvm::sys::fs::remove(PartLog);

  std::error_code EC;
  llvm::raw_fd_ostream Log(LogPath, EC, llvm::sys::fs::OF_Append);
  if (!EC) {
    Log << "$";
    for (llvm::StringRef A : Argv)
      Log << " " << A;
    Log << "\n" << Output;
    if (RC != 0)
      Log << "[exit " << RC << (ErrMsg.empty() ? "" : ": ") << ErrMsg << "]\n";
    Log << "\n";
  }

  if (ExecFailed)
    return "cannot run '" + TC.Compiler + "': " + ErrMsg;
  if (RC == -2)
    return "the compiler timed out after " + std::to_string(TimeoutSeconds) +
           " s";
  if (RC != 0) {
    std::string Line = firstErrorLine(Output);
    if (!Line.empty())
      return Line;
    return "the compiler failed (exit " + std::to_string(RC) + ")" +
           (ErrMsg.empty() ? "" : ": " + ErrMsg);
  }
  return "";
}

} // namespace

llvm::Expected<Toolchain> findToolchain(const char *Argv0,
                                        llvm::StringRef RuntimeOverride) {
  Toolchain TC;
  static int Anchor;
  std::string Self = llvm::sys::fs::getMainExecutable(Argv0, &Anchor);
  std::string BinDir = parentOf(Self);
  std::string Prefix = parentOf(BinDir);

  if (!RuntimeOverride.empty()) {
    llvm::SmallString<256> Abs(RuntimeOverride);
    llvm::sys::fs::make_absolute(Abs);
    if (!llvm::sys::fs::is_regular_file(Abs))
      return fail("runtime library '" + RuntimeOverride + "' does not exist");
    TC.RuntimeLib = std::string(Abs.str());
  } else {
    TC.RuntimeLib = joinPath(Prefix, "lib/libcta_rt.a");
    if (!llvm::sys::fs::is_regular_file(TC.RuntimeLib))
      return fail("runtime library not found at '" + TC.RuntimeLib +
                  "' (pass --runtime <path to libcta_rt.a>)");
  }

  // An install has include/cta/rt.h beside bin/; a build tree uses the
  // source tree's header.
  std::string Installed = joinPath(Prefix, "include");
  for (llvm::StringRef Candidate :
       {llvm::StringRef(Installed), llvm::StringRef(CTA_SOURCE_INCLUDE_DIR)}) {
    if (!Candidate.empty() &&
        llvm::sys::fs::exists(joinPath(Candidate, "cta/rt.h"))) {
      TC.RuntimeInclude = Candidate.str();
      break;
    }
  }
  if (TC.RuntimeInclude.empty())
    return fail("runtime header cta/rt.h not found in '" +
                joinPath(Prefix, "include") + "'");

  TC.Compiler = CTA_CLANGXX;
  if (!llvm::sys::fs::can_execute(TC.Compiler)) {
    auto Found = llvm::sys::findProgramByName("clang++-19");
    if (!Found)
      return fail("clang++ 19 not found (looked for '" + TC.Compiler +
                  "' and clang++-19 on PATH)");
    TC.Compiler = *Found;
  }

  std::string Sibling = joinPath(parentOf(TC.Compiler), "llvm-symbolizer");
  if (llvm::sys::fs::can_execute(Sibling))
    TC.Symbolizer = Sibling;
  else if (auto Found = llvm::sys::findProgramByName("llvm-symbolizer-19"))
    TC.Symbolizer = *Found;
  else if (auto Found = llvm::sys::findProgramByName("llvm-symbolizer"))
    TC.Symbolizer = *Found;
  return TC;
}

std::vector<std::string> harnessCompileArgs(const HarnessPlan &Plan) {
  const std::vector<std::string> &In = Plan.CompileArgs;
  std::vector<std::string> Out;
  for (size_t I = 0; I < In.size(); ++I) {
    llvm::StringRef A = In[I];
    // -Xclang pairs that load plugins or precompiled headers built with
    // other flags.
    if (A == "-Xclang" && I + 1 < In.size()) {
      llvm::StringRef Next = In[I + 1];
      if ((Next == "-load" || Next == "-add-plugin" || Next == "-plugin" ||
           Next.starts_with("-plugin-arg-") || Next == "-include-pch") &&
          I + 3 < In.size() && In[I + 2] == "-Xclang") {
        I += 3;
        continue;
      }
    }
    if (A == "-include-pch" && I + 1 < In.size()) {
      ++I;
      continue;
    }
    if (dropsNextArg(A)) {
      ++I;
      continue;
    }
    if (dropsArg(A))
      continue;

    bool Done = false;
    for (llvm::StringRef Opt : PathOptions) {
      if (A == Opt && I + 1 < In.size()) {
        Out.push_back(A.str());
        Out.push_back(absoluteFrom(Plan.Directory, In[++I]));
        Done = true;
        break;
      }
      if (A.starts_with(Opt) && A.size() > Opt.size()) {
        // -Ifoo, but not -include-pch or -isystem-after: only the
        // options above take a joined path.
        llvm::StringRef Value = A.drop_front(Opt.size());
        if ((Opt == "-I" || Opt == "-L" || Opt == "-F") &&
            Value.starts_with("-"))
          break;
        if (Opt.size() > 2 && !(Opt == "-isystem" || Opt == "-iquote" ||
                                Opt == "-idirafter"))
          break;
        Out.push_back((Opt + absoluteFrom(Plan.Directory, Value)).str());
        Done = true;
        break;
      }
    }
    if (Done)
      continue;
    if (A.starts_with("-std=") || A.starts_with("--std=")) {
      Out.push_back(harnessStandard(A));
      continue;
    }
    if (A.starts_with("--sysroot=")) {
      Out.push_back("--sysroot=" +
                    absoluteFrom(Plan.Directory, A.drop_front(10)));
      continue;
    }
    Out.push_back(A.str());
  }
  return Out;
}

std::string firstErrorLine(llvm::StringRef Log) {
  llvm::SmallVector<llvm::StringRef, 64> Lines;
  Log.split(Lines, '\n');
  std::string Fallback;
  for (llvm::StringRef L : Lines) {
    L = L.trim();
    if (L.contains("linker command failed") ||
        L.contains("clang++: error: ") || L.contains("clang: error: ")) {
      if (Fallback.empty())
        Fallback = L.str();
      continue;
    }
    if (L.contains("error:") || L.contains("undefined reference to"))
      return L.str();
  }
  return Fallback;
}

BuildResult buildHarness(const HarnessPlan &Plan, llvm::StringRef Dir,
                         const Toolchain &TC, const BuildOptions &Opts) {
  BuildResult R;
  R.LogPath = joinPath(Dir, "build.log");
  llvm::sys::fs::remove(R.LogPath);
  std::string Instrumented = joinPath(Dir, "cta_instrumented.cpp");
  std::string Harness = joinPath(Dir, "cta_harness.cpp");
  for (auto [Path, Text] :
       {std::pair<std::string, llvm::StringRef>(Instrumented,
                                                Plan.InstrumentedSource),
        std::pair<std::string, llvm::StringRef>(Harness,
                                                Plan.HarnessSource)}) {
    if (llvm::Error E = writeFileAtomically(Path, Text)) {
      R.Error = llvm::toString(std::move(E));
      return R;
    }
  }

  std::vector<std::string> Args = harnessCompileArgs(Plan);
  if (!Plan.InstrumentedHeader.empty()) {
    // The function is defined in a header: its instrumented copy takes the
    // header's place wherever the TU includes it. The overlay keeps the
    // header's own name, so its quoted includes resolve beside the original.
    std::string Copy =
        joinPath(Dir, "cta_" + llvm::sys::path::filename(Plan.DefinitionFile).str());
    std::string Overlay = joinPath(Dir, "cta_overlay.yaml");
    std::string Yaml;
    llvm::raw_string_ostream OS(Yaml);
    OS << "{ 'version': 0, 'use-external-names': false, 'roots': [ { "
          "'type': 'directory', 'name': "
       << yamlQuoted(parentOf(Plan.DefinitionFile))
       << ", 'contents': [ { 'type': 'file', 'name': "
       << yamlQuoted(llvm::sys::path::filename(Plan.DefinitionFile))
       << ", 'external-contents': " << yamlQuoted(Copy) << " } ] } ] }\n";
    OS.flush();
    for (auto [Path, Text] :
         {std::pair<std::string, llvm::StringRef>(Copy,
                                                  Plan.InstrumentedHeader),
          std::pair<std::string, llvm::StringRef>(Overlay, Yaml)}) {
      if (llvm::Error E = writeFileAtomically(Path, Text)) {
        R.Error = llvm::toString(std::move(E));
        return R;
      }
    }
    Args.push_back("-ivfsoverlay");
    Args.push_back(Overlay);
  }
  if (!Plan.Directory.empty() && llvm::sys::fs::is_directory(Plan.Directory)) {
    // Whatever relative path harnessCompileArgs does not know about.
    Args.push_back("-working-directory");
    Args.push_back(Plan.Directory);
  }
  // A store round races processes, not threads: ThreadSanitizer has
  // nothing to see there and slows every fork.
  if (Plan.Store.empty())
    Args.push_back("-fsanitize=thread");
  for (const char *A : {"-g", "-O1", "-fno-omit-frame-pointer", "-w"})
    Args.push_back(A);
  Args.push_back("-I" + TC.RuntimeInclude);
  Args.push_back("-iquote");
  Args.push_back(parentOf(Plan.OriginalFile));

  auto Link = [&](std::vector<std::string> &Cmd, llvm::StringRef Output) {
    Cmd.push_back(Harness);
    Cmd.push_back("-o");
    Cmd.push_back(Output.str());
    Cmd.push_back(TC.RuntimeLib);
    for (const std::string &L : Opts.LinkInputs)
      Cmd.push_back(L);
    for (const std::string &L : Plan.LinkLibs)
      Cmd.push_back(L);
    Cmd.push_back("-lpthread");
  };

  std::string PartLog = joinPath(Dir, "build.part.log");
  std::vector<std::string> Steered = Args;
  R.Executable = joinPath(Dir, "harness");
  Link(Steered, R.Executable);
  R.Error = compile(TC, Steered, R.LogPath, PartLog, Opts.TimeoutSeconds);
  if (!R.Error.empty())
    return R;

  if (Opts.Naive) {
    std::vector<std::string> Naive = Args;
    Naive.push_back("-DCTA_NAIVE");
    R.NaiveExecutable = joinPath(Dir, "harness-naive");
    Link(Naive, R.NaiveExecutable);
    R.Error = compile(TC, Naive, R.LogPath, PartLog, Opts.TimeoutSeconds);
    if (!R.Error.empty()) {
      R.Error = "(naive baseline) " + R.Error;
      return R;
    }
  }
  R.Ok = true;
  return R;
}

} // namespace cta
