//===- Progress.cpp -------------------------------------------------------===//

#include "Progress.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include <fmt/format.h>

namespace cta {

Progress::Progress(ProgressRequest Req, bool StderrIsTerminal, size_t Total,
                   llvm::raw_ostream &OS)
    : Total(Total), OS(OS), Start(std::chrono::steady_clock::now()) {
  switch (Req) {
  case ProgressRequest::Off:
    M = Mode::Off;
    break;
  case ProgressRequest::Auto:
    M = StderrIsTerminal ? Mode::InPlace : Mode::Off;
    break;
  case ProgressRequest::On:
    M = StderrIsTerminal ? Mode::InPlace : Mode::Lines;
    break;
  }
  llvm::SmallString<256> Dir;
  if (!llvm::sys::fs::current_path(Dir))
    Cwd = std::string(Dir.str());
}

std::string Progress::shown(llvm::StringRef File) const {
  llvm::StringRef Rel = File;
  if (!Cwd.empty() && Rel.consume_front(Cwd) &&
      llvm::sys::path::is_separator(Rel.empty() ? 'x' : Rel.front()))
    return Rel.drop_front().str();
  return File.str();
}

void Progress::beforeOutput() {
  if (!LineShown)
    return;
  OS << "\r\x1b[K";
  OS.flush();
  LineShown = false;
}

void Progress::printing(size_t Index, llvm::StringRef File) {
  if (M != Mode::Lines)
    return;
  OS << fmt::format("[{}/{}] {}\n", Index + 1, Total, shown(File));
  OS.flush();
}

void Progress::finished(llvm::StringRef File) {
  ++Done;
  if (M != Mode::InPlace)
    return;
  std::string Line = fmt::format("[{}/{}] {}", Done, Total, shown(File));
  // A line longer than the terminal wraps, and "\r" then rewrites only its
  // last row: keep it to one row.
  unsigned Columns = llvm::sys::Process::StandardErrColumns();
  if (Columns > 1 && Line.size() >= Columns)
    Line = Line.substr(0, Columns - 1);
  OS << "\r" << Line << "\x1b[K";
  OS.flush();
  LineShown = true;
}

void Progress::finish() { beforeOutput(); }

std::string Progress::elapsed() const {
  double S =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
          .count();
  if (S < 60)
    return fmt::format("{:.1f}s", S);
  unsigned Whole = unsigned(S);
  return fmt::format("{}m{:02}s", Whole / 60, Whole % 60);
}

} // namespace cta
