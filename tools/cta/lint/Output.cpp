//===- Output.cpp - What `cta lint` prints and writes ---------------------===//
//
/// \file
/// See Output.h.
//
//===----------------------------------------------------------------------===//

#include "lint/Output.h"
#include "Support.h"
#include "clang/Tooling/Core/Diagnostic.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"
#include <fmt/format.h>
#include <map>

#ifndef CTA_VERSION
#define CTA_VERSION "0.0.0"
#endif

using namespace clang;

namespace cta {

std::string findingKey(const Finding &F) {
  return (llvm::Twine(ruleName(F.Rule)) + "|" + F.Check.File + ":" +
          llvm::Twine(F.Check.Line) + ":" + llvm::Twine(F.Check.Column) + "|" +
          F.Act.File + ":" + llvm::Twine(F.Act.Line) + ":" +
          llvm::Twine(F.Act.Column))
      .str();
}

unsigned applyFixes(const std::vector<Finding> &Findings,
                    std::vector<std::string> &Errors) {
  auto Overlap = [](const FixIt &A, const FixIt &B) {
    if (A.File != B.File)
      return false;
    if (A.Offset == B.Offset && A.Length == B.Length)
      return A.Replacement != B.Replacement;
    return A.Offset < B.Offset + B.Length && B.Offset < A.Offset + A.Length;
  };
  auto Same = [](const FixIt &A, const FixIt &B) {
    return A.File == B.File && A.Offset == B.Offset && A.Length == B.Length &&
           A.Replacement == B.Replacement;
  };
  std::vector<const FixIt *> Taken;
  unsigned Applied = 0;
  for (const Finding &F : Findings) {
    if (F.Fixes.empty())
      continue;
    bool Conflicts = llvm::any_of(F.Fixes, [&](const FixIt &X) {
      return llvm::any_of(Taken,
                          [&](const FixIt *T) { return Overlap(X, *T); });
    });
    if (Conflicts)
      continue;
    bool New = false;
    for (const FixIt &X : F.Fixes)
      if (llvm::none_of(Taken, [&](const FixIt *T) { return Same(X, *T); })) {
        Taken.push_back(&X);
        New = true;
      }
    Applied += New;
  }

  std::map<std::string, std::vector<const FixIt *>> ByFile;
  for (const FixIt *X : Taken)
    ByFile[X->File].push_back(X);
  for (auto &[File, Fixes] : ByFile) {
    auto Buf = llvm::MemoryBuffer::getFile(File);
    if (!Buf) {
      std::string Why = Buf.getError().message();
      Why[0] = llvm::toLower(Why[0]);
      Errors.push_back("cannot read '" + File + "': " + Why);
      continue;
    }
    std::string Text = (*Buf)->getBuffer().str();
    // Back to front, so that earlier offsets stay valid; at one offset the
    // replacement before the insertion, so that the insertion lands in front.
    llvm::sort(Fixes, [](const FixIt *A, const FixIt *B) {
      return std::tie(A->Offset, A->Length) > std::tie(B->Offset, B->Length);
    });
    if (llvm::any_of(Fixes, [&](const FixIt *X) {
          return X->Offset + X->Length > Text.size();
        })) {
      Errors.push_back("'" + File + "' changed during the analysis; not fixed");
      continue;
    }
    for (const FixIt *X : Fixes)
      Text.replace(X->Offset, X->Length, X->Replacement);
    llvm::ErrorOr<llvm::sys::fs::perms> Perms =
        llvm::sys::fs::getPermissions(File);
    if (llvm::Error E = writeFileAtomically(File, Text)) {
      Errors.push_back(llvm::toString(std::move(E)));
      continue;
    }
    if (Perms)
      llvm::sys::fs::setPermissions(File, *Perms);
  }
  return Applied;
}

llvm::Error exportFixes(const std::vector<Finding> &Findings,
                        llvm::StringRef Path) {
  tooling::TranslationUnitDiagnostics TUD;
  for (const Finding &F : Findings) {
    if (F.Fixes.empty())
      continue;
    tooling::Diagnostic D;
    D.DiagnosticName = ruleName(F.Rule).str();
    D.DiagLevel = tooling::Diagnostic::Warning;
    D.Message.Message = F.Message;
    D.Message.FilePath = F.Check.File;
    D.Message.FileOffset = F.Check.Offset;
    for (const FixIt &X : F.Fixes) {
      tooling::Replacement R(X.File, X.Offset, X.Length, X.Replacement);
      llvm::consumeError(D.Message.Fix[X.File].add(R));
    }
    TUD.Diagnostics.push_back(std::move(D));
  }
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  llvm::yaml::Output YAML(OS);
  YAML << TUD;
  OS.flush();
  return writeFileAtomically(Path, Text);
}

SarifRunInfo sarifRunInfo(const LintOptions &Opts, const LintRun &Run) {
  SarifRunInfo Info;
  Info.ToolVersion = CTA_VERSION;
  if (!Opts.SourceRoot.empty()) {
    Info.SourceRoot = absolutePath(Opts.SourceRoot);
  } else {
    Info.SourceRoot = gitRoot(Opts.BuildDir.empty() ? "." : Opts.BuildDir);
  }
  for (const std::string &F : Run.Failed)
    Info.Notifications.push_back(
        {"cta-tu-does-not-compile", F,
         "'" + F + "' does not compile; it was not analyzed"});
  for (const std::string &F : Run.Crashed)
    Info.Notifications.push_back({"cta-internal-error", F,
                                  "internal error while analyzing '" + F +
                                      "'; please report it with this file"});
  for (const auto &[F, How] : Run.ClangCrashed)
    Info.Notifications.push_back({"cta-tu-crashed", F,
                                  "Clang crashed while analyzing '" + F +
                                      "' (" + How + "); it was not analyzed"});
  for (const std::string &F : Run.TimedOut)
    Info.Notifications.push_back(
        {"cta-tu-timed-out", F,
         fmt::format("the analysis of '{}' did not finish in {} second{} "
                     "(--tu-timeout); it was not analyzed",
                     F, Opts.TUTimeout, Opts.TUTimeout == 1 ? "" : "s")});
  for (const std::string &E : Run.Unreadable)
    Info.Notifications.push_back({"cta-tu-not-run", "", E});
  return Info;
}

llvm::Error writeStructured(const LintOptions &Opts,
                            const std::vector<Finding> &Findings,
                            const SarifRunInfo &Sarif) {
  if (Opts.Fmt != Format::Text || !Opts.Output.empty()) {
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    if (Opts.Fmt == Format::Sarif) {
      OS << llvm::formatv("{0:2}", toSarif(Findings, Sarif)) << "\n";
    } else if (Opts.Fmt == Format::Json) {
      llvm::json::Array A;
      for (const Finding &F : Findings)
        A.push_back(toJSON(F));
      OS << llvm::formatv("{0:2}", llvm::json::Value(std::move(A))) << "\n";
    } else {
      for (const Finding &F : Findings)
        OS << fmt::format("{}:{}:{}: warning: {} [{}]\n", F.Check.File,
                          F.Check.Line, F.Check.Column, F.Message,
                          ruleName(F.Rule).str());
    }
    OS.flush();
    if (Opts.Output.empty())
      llvm::outs() << Text;
    else if (llvm::Error E = writeFileAtomically(Opts.Output, Text))
      return E;
  }
  if (!Opts.SarifOut.empty()) {
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    OS << llvm::formatv("{0:2}", toSarif(Findings, Sarif)) << "\n";
    OS.flush();
    if (llvm::Error E = writeFileAtomically(Opts.SarifOut, Text))
      return E;
  }
  return llvm::Error::success();
}

void printSummary(const LintOptions &Opts, const LintRun &Run, size_t TUs,
                  const std::vector<Finding> &Findings, llvm::StringRef Elapsed,
                  unsigned Fixed) {
  if (Opts.Quiet)
    return;
  size_t Analyzed = TUs - Run.Failed.size() - Run.Crashed.size() -
                    Run.Unreadable.size() - Run.ClangCrashed.size() -
                    Run.TimedOut.size();
  llvm::StringSet<> FilesHit;
  for (const Finding &F : Findings)
    FilesHit.insert(F.Check.File);
  llvm::errs() << fmt::format(
      "cta lint: {} finding{} in {} file{} ({} translation unit{} analyzed",
      Findings.size(), Findings.size() == 1 ? "" : "s", FilesHit.size(),
      FilesHit.size() == 1 ? "" : "s", Analyzed, Analyzed == 1 ? "" : "s");
  if (!Run.Failed.empty())
    llvm::errs() << fmt::format(", {} failed to compile", Run.Failed.size());
  if (!Run.ClangCrashed.empty())
    llvm::errs() << fmt::format(", {} crashed Clang", Run.ClangCrashed.size());
  if (!Run.TimedOut.empty())
    llvm::errs() << fmt::format(", {} timed out", Run.TimedOut.size());
  if (!Run.Unreadable.empty())
    llvm::errs() << fmt::format(", {} could not be read",
                                Run.Unreadable.size());
  llvm::errs() << ")";
  if (!Elapsed.empty())
    llvm::errs() << " in " << Elapsed;
  llvm::errs() << "\n";
  if (Opts.Fix)
    llvm::errs() << fmt::format("cta lint: applied {} fix-it{}\n", Fixed,
                                Fixed == 1 ? "" : "s");
}

} // namespace cta
