//===- Filters.cpp - Which translation units and findings `cta lint` reports =//

#include "Filters.h"
#include "Baseline.h"
#include "GitDiff.h"
#include "Options.h"
#include "Support.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/xxhash.h"
#include <fmt/format.h>
#include <map>
#include <mutex>

namespace cta {
namespace {

/// One entry of clang-tidy's `--line-filter`.
struct LineFilterEntry {
  std::string Name;
  LineRanges Lines; ///< Empty: the whole file.
};

/// `[{"name":"file.cpp","lines":[[1,3],[5,7]]}, ...]`, as clang-tidy reads it.
llvm::Expected<std::vector<LineFilterEntry>>
parseLineFilter(llvm::StringRef Text) {
  auto Bad = [](const llvm::Twine &What) {
    return fail("--line-filter: " + What +
                " (expected [{\"name\":\"file.cpp\",\"lines\":[[1,3]]}, ...])");
  };
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(Text);
  if (!V)
    return Bad("not valid JSON: " + llvm::toString(V.takeError()));
  const llvm::json::Array *A = V->getAsArray();
  if (!A)
    return Bad("not a JSON array");
  std::vector<LineFilterEntry> Out;
  for (size_t I = 0; I < A->size(); ++I) {
    std::string Where = "entry " + std::to_string(I + 1);
    const llvm::json::Object *E = (*A)[I].getAsObject();
    if (!E)
      return Bad(Where + " is not an object");
    std::optional<llvm::StringRef> Name = E->getString("name");
    if (!Name || Name->empty())
      return Bad(Where + " has no 'name' string");
    LineFilterEntry Entry{Name->str(), {}};
    if (const llvm::json::Value *Lines = E->get("lines")) {
      const llvm::json::Array *Ranges = Lines->getAsArray();
      if (!Ranges)
        return Bad(Where + ": 'lines' is not an array");
      for (const llvm::json::Value &R : *Ranges) {
        const llvm::json::Array *Pair = R.getAsArray();
        std::optional<int64_t> From, To;
        if (Pair && Pair->size() == 2) {
          From = (*Pair)[0].getAsInteger();
          To = (*Pair)[1].getAsInteger();
        }
        if (!From || !To || *From < 1 || *To < *From)
          return Bad(Where + ": each of 'lines' must be [first, last] with "
                             "1 <= first <= last");
        Entry.Lines.emplace_back(unsigned(*From), unsigned(*To));
      }
    }
    Out.push_back(std::move(Entry));
  }
  return Out;
}

/// `src/a.cpp` names `/work/src/a.cpp`, not `/work/data.cpp`.
bool pathHasSuffix(llvm::StringRef Path, llvm::StringRef Suffix) {
  if (!Path.consume_back(Suffix))
    return false;
  return Path.empty() || Path.ends_with("/") || Suffix.starts_with("/");
}

bool inRanges(const LineRanges &Ranges, unsigned Line) {
  return llvm::any_of(Ranges, [&](const std::pair<unsigned, unsigned> &R) {
    return R.first <= Line && Line <= R.second;
  });
}

/// What a changed file that is no translation unit may be: included by one.
bool mayBeIncluded(llvm::StringRef File) {
  llvm::StringRef Ext = llvm::sys::path::extension(File);
  static const char *const Included[] = {
      "",     ".h",   ".hh",  ".hpp", ".hxx", ".h++", ".inc", ".inl", ".ipp",
      ".tcc", ".tpp", ".def", ".c",   ".cc",  ".cpp", ".cxx", ".c++", ".cppm"};
  return llvm::is_contained(Included, Ext.lower());
}

/// The user's include directories of a compile command (-I, -iquote),
/// absolute; system ones (-isystem) hold no reported finding.
std::vector<std::string>
includeDirs(const clang::tooling::CompileCommand &Cmd) {
  std::vector<std::string> Out;
  const std::vector<std::string> &Args = Cmd.CommandLine;
  for (size_t I = 0; I < Args.size(); ++I) {
    llvm::StringRef A = Args[I], Dir;
    for (llvm::StringRef Flag : {"-I", "-iquote"}) {
      if (A == Flag && I + 1 < Args.size())
        Dir = Args[++I];
      else if (A.size() > Flag.size() && A.starts_with(Flag))
        Dir = A.drop_front(Flag.size());
      if (!Dir.empty())
        break;
    }
    if (Dir.empty())
      continue;
    llvm::SmallString<256> P(Dir);
    if (llvm::sys::path::is_relative(P))
      llvm::sys::fs::make_absolute(Cmd.Directory, P);
    if (llvm::sys::fs::is_directory(P))
      Out.push_back(std::string(P.str()));
  }
  return Out;
}

std::string normalized(llvm::StringRef Path) {
  llvm::SmallString<256> P(Path);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P.str());
}

} // namespace

llvm::Expected<bool> parseFilterOption(const llvm::opt::Arg &A,
                                       FilterOptions &O) {
  unsigned Id = A.getOption().getID();
  if (Id != opts::OPT_diff && Id != opts::OPT_line_filter &&
      Id != opts::OPT_header_filter && Id != opts::OPT_baseline &&
      Id != opts::OPT_write_baseline && Id != opts::OPT_shard)
    return false;
  llvm::StringRef V = A.getValue();
  switch (Id) {
  case opts::OPT_diff:
    if (V.empty())
      return fail("option '--diff' needs a revision");
    O.DiffRev = V.str();
    return true;
  case opts::OPT_line_filter:
    O.LineFilter = V.str();
    return true;
  case opts::OPT_header_filter:
    O.HeaderFilter = V.str();
    return true;
  case opts::OPT_baseline:
    O.Baseline = V.str();
    return true;
  case opts::OPT_write_baseline:
    O.WriteBaseline = V.str();
    return true;
  case opts::OPT_shard: {
    auto [KText, NText] = V.split('/');
    unsigned K = 0, N = 0;
    if (!V.contains('/') || KText.getAsInteger(10, K) ||
        NText.getAsInteger(10, N) || K < 1 || K > N)
      return fail("option '--shard' needs K/N with 1 <= K <= N, got '" + V +
                  "'");
    O.ShardIndex = K;
    O.ShardCount = N;
    return true;
  }
  default:
    return false;
  }
}

unsigned shardOf(llvm::StringRef File, llvm::StringRef Root, unsigned Count) {
  llvm::StringRef Rel = File;
  if (!Root.empty() && Rel.consume_front(Root) && Rel.consume_front("/"))
    File = Rel;
  return unsigned(llvm::xxh3_64bits(File) % Count);
}

struct FindingFilters::Impl {
  FilterOptions Opts;
  std::string Root;
  std::optional<llvm::Regex> HeaderFilter;
  std::optional<std::vector<LineFilterEntry>> LineFilter;
  std::unique_ptr<GitDiff> Diff;
  std::optional<Baseline> Known;
  SourceLines Src;
  std::string BaselineDir; ///< Paths in a written baseline are below it.

  std::mutex M;
  /// The findings the baseline hid, once per site (a header's finding comes
  /// from every translation unit that includes it).
  std::map<std::string, BaselineEntry> Hidden;

  bool passesLineFilter(const Site &S) const {
    for (const LineFilterEntry &E : *LineFilter)
      if (pathHasSuffix(S.File, E.Name) &&
          (E.Lines.empty() || inRanges(E.Lines, S.Line)))
        return true;
    return false;
  }

  /// Whether \p F is hidden; records what the baseline hides.
  bool hides(llvm::StringRef MainFile, const Finding &F) {
    if (HeaderFilter && normalized(F.Check.File) != MainFile &&
        !HeaderFilter->match(F.Check.File))
      return true;
    if (LineFilter && !passesLineFilter(F.Check) && !passesLineFilter(F.Act))
      return true;
    if (Diff && !Diff->lineChanged(F.Check.File, F.Check.Line) &&
        !Diff->lineChanged(F.Act.File, F.Act.Line))
      return true;
    // With --write-baseline the lines are read now, before --fix edits
    // them; finish() reads them from the same cache.
    if (!Known && Opts.WriteBaseline.empty())
      return false;
    BaselineEntry E = baselineEntry(F, Src, BaselineDir);
    if (!Known || !Known->contains(E.Fingerprint))
      return false;
    std::string Where = fmt::format("{}:{}:{}|{}", F.Check.File, F.Check.Line,
                                    F.Check.Column, E.Fingerprint);
    std::lock_guard<std::mutex> L(M);
    Hidden.try_emplace(Where, std::move(E));
    return true;
  }
};

FindingFilters::FindingFilters() : P(std::make_unique<Impl>()) {}
FindingFilters::~FindingFilters() = default;

llvm::Expected<std::unique_ptr<FindingFilters>>
FindingFilters::create(const FilterOptions &O, std::string Root) {
  std::unique_ptr<FindingFilters> F(new FindingFilters());
  Impl &I = *F->P;
  I.Opts = O;
  if (!Root.empty()) {
    I.Root = llvm::StringRef(absolutePath(Root)).rtrim('/').str();
  }
  // An empty regex reports no header, as clang-tidy's default does.
  if (O.HeaderFilter && O.HeaderFilter->empty()) {
    I.HeaderFilter.emplace("$^");
  } else if (O.HeaderFilter) {
    I.HeaderFilter.emplace(*O.HeaderFilter);
    std::string Why;
    if (!I.HeaderFilter->isValid(Why))
      return fail("--header-filter: invalid regular expression '" +
                  *O.HeaderFilter + "': " + Why);
  }
  if (O.LineFilter) {
    auto LF = parseLineFilter(*O.LineFilter);
    if (!LF)
      return LF.takeError();
    if (!LF->empty()) // As in clang-tidy, `[]` filters nothing.
      I.LineFilter = std::move(*LF);
  }
  if (O.DiffRev)
    I.Diff = std::make_unique<GitDiff>(*O.DiffRev);
  if (!O.Baseline.empty()) {
    auto B = Baseline::load(O.Baseline);
    if (!B)
      return B.takeError();
    I.Known = std::move(*B);
  }
  if (!O.WriteBaseline.empty()) {
    llvm::SmallString<256> Dir(absolutePath(O.WriteBaseline));
    llvm::sys::path::remove_filename(Dir);
    I.BaselineDir = std::string(Dir.str());
  }
  return std::move(F);
}

llvm::Error FindingFilters::selectTranslationUnits(
    std::vector<std::string> &Files,
    const clang::tooling::CompilationDatabase &DB) {
  Impl &I = *P;
  if (I.Opts.ShardCount)
    llvm::erase_if(Files, [&](const std::string &F) {
      return shardOf(F, I.Root, I.Opts.ShardCount) != I.Opts.ShardIndex - 1;
    });
  if (!I.Diff)
    return llvm::Error::success();
  // Every file git names, by real path, in the repository of each TU and
  // of each of its -I and -iquote directories (headers may come from
  // another repository).
  llvm::StringSet<> Changed;
  auto Add = [&](const ChangedLines *C) {
    for (const auto &Entry : *C)
      Changed.insert(Entry.first);
  };
  llvm::StringSet<> Dirs;
  for (const std::string &F : Files) {
    llvm::Expected<const ChangedLines *> C = I.Diff->changesFor(F);
    if (!C)
      return C.takeError();
    Add(*C);
    for (const clang::tooling::CompileCommand &Cmd : DB.getCompileCommands(F))
      for (std::string &D : includeDirs(Cmd))
        Dirs.insert(D);
  }
  for (const auto &D : Dirs) {
    llvm::Expected<const ChangedLines *> C = I.Diff->changesIn(D.getKey());
    if (!C)
      return C.takeError();
    if (*C)
      Add(*C);
  }
  llvm::StringSet<> TUs;
  for (const std::string &F : DB.getAllFiles())
    TUs.insert(realPath(F));
  for (const std::string &F : Files)
    TUs.insert(realPath(F));
  for (const auto &C : Changed)
    if (!TUs.contains(C.getKey()) && mayBeIncluded(C.getKey()))
      return llvm::Error::success(); // A header changed: every TU may see it.
  llvm::erase_if(Files, [&](const std::string &F) {
    return !Changed.contains(realPath(F));
  });
  return llvm::Error::success();
}

void keepFindings(std::vector<Finding> &Findings,
                  std::vector<std::string> &Rendered,
                  llvm::function_ref<bool(size_t)> Keep) {
  size_t Out = 0;
  for (size_t In = 0; In < Findings.size(); ++In) {
    if (!Keep(In))
      continue;
    if (Out != In) {
      Findings[Out] = std::move(Findings[In]);
      if (In < Rendered.size())
        Rendered[Out] = std::move(Rendered[In]);
    }
    ++Out;
  }
  Findings.resize(Out);
  if (Rendered.size() > Out)
    Rendered.resize(Out);
}

void FindingFilters::apply(llvm::StringRef MainFile,
                           std::vector<Finding> &Findings,
                           std::vector<std::string> &Rendered) {
  std::string Main = normalized(MainFile);
  keepFindings(Findings, Rendered,
               [&](size_t I) { return !P->hides(Main, Findings[I]); });
}

llvm::Error FindingFilters::finish(const std::vector<Finding> &Reported,
                                   llvm::raw_ostream &OS) {
  Impl &I = *P;
  if (I.Known) {
    OS << fmt::format("cta lint: {} finding{} hidden by the baseline '{}'\n",
                      I.Hidden.size(), I.Hidden.size() == 1 ? "" : "s",
                      I.Opts.Baseline);
  }
  if (I.Opts.WriteBaseline.empty())
    return llvm::Error::success();
  std::vector<BaselineEntry> Entries;
  for (const Finding &F : Reported)
    Entries.push_back(baselineEntry(F, I.Src, I.BaselineDir));
  for (const auto &H : I.Hidden)
    Entries.push_back(H.second);
  llvm::Expected<size_t> Written =
      writeBaseline(I.Opts.WriteBaseline, std::move(Entries));
  if (!Written)
    return Written.takeError();
  OS << fmt::format("cta lint: wrote the baseline '{}' ({} finding{})\n",
                    I.Opts.WriteBaseline, *Written, *Written == 1 ? "" : "s");
  return llvm::Error::success();
}

} // namespace cta
