//===- Runner.cpp - Running the rounds of a harness -----------------------===//

#include "Runner.h"
#include "ChildGroups.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Errno.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"
#include <atomic>
#include <chrono>
#include <csignal>
#include <fmt/format.h>
#include <mutex>
#include <optional>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace cta {

namespace {

/// The descriptor the harness writes its report to.
constexpr int ReportFd = 3;
/// Stop reading a round's report beyond this size; a report is a few KiB.
constexpr size_t MaxReportBytes = 16 << 20;
/// How much of a round's stderr is searched for a deadly-signal report.
constexpr uint64_t MaxStderrScan = 4 << 20;

const char *signalName(int Sig) {
  switch (Sig) {
  case SIGSEGV:
    return "SIGSEGV";
  case SIGBUS:
    return "SIGBUS";
  case SIGABRT:
    return "SIGABRT";
  case SIGFPE:
    return "SIGFPE";
  case SIGILL:
    return "SIGILL";
  case SIGKILL:
    return "SIGKILL";
  case SIGTERM:
    return "SIGTERM";
  case SIGTRAP:
    return "SIGTRAP";
  case SIGPIPE:
    return "SIGPIPE";
  case SIGINT:
    return "SIGINT";
  case SIGQUIT:
    return "SIGQUIT";
  case SIGALRM:
    return "SIGALRM";
  case SIGSYS:
    return "SIGSYS";
  case SIGXCPU:
    return "SIGXCPU";
  default:
    return nullptr;
  }
}

std::string signalString(int Sig) {
  if (const char *Name = signalName(Sig))
    return Name;
  return "signal " + std::to_string(Sig);
}

/// What a round's stderr says when the round did not end with a report.
struct StderrFacts {
  /// ThreadSanitizer catches SIGSEGV and friends itself, prints a report and
  /// exits with `exitcode` (0 here): the signal it caught.
  std::string DeadlySignal;
  /// Another fatal sanitizer error ("ERROR: ThreadSanitizer: requested
  /// allocation size ... exceeds maximum supported size"), first line.
  std::string FatalError;
  /// The first data race report has a memory-access frame in the target.
  bool TargetRace = false;
  /// Where the deadly signal hit: the first frame in the target, else the
  /// innermost one ("Table::add at table.cpp:17").
  std::string CrashFrame;
};

/// Is a TSan stack line ("    #3 ns::C::get(std::string const&) f.cpp:12")
/// a frame of \p Target?
bool isFrameOf(llvm::StringRef Line, llvm::StringRef Target) {
  Line = Line.ltrim();
  if (!Line.consume_front("#"))
    return false;
  Line = Line.drop_while(llvm::isDigit).ltrim();
  return Line.starts_with((Target + "(").str()) ||
         Line.starts_with((Target + " ").str());
}

/// What \p StderrPath says about a crash; with \p FindRace also whether a
/// data race report blamed \p Target (for a round that left no record).
StderrFacts scanStderr(llvm::StringRef StderrPath, llvm::StringRef Target,
                       bool FindRace) {
  StderrFacts Facts;
  uint64_t Size = 0;
  if (llvm::sys::fs::file_size(StderrPath, Size) || Size == 0)
    return Facts;
  // A slice no longer than the file: mapping past its end would fault.
  auto Buf = llvm::MemoryBuffer::getFileSlice(
      StderrPath, std::min<uint64_t>(Size, MaxStderrScan), 0);
  if (!Buf)
    return Facts;
  llvm::StringRef Text = (*Buf)->getBuffer();

  const char Error[] = "ERROR: ThreadSanitizer: ";
  for (size_t At = Text.find(Error); At != llvm::StringRef::npos;
       At = Text.find(Error, At + 1)) {
    llvm::StringRef Rest = Text.drop_front(At + strlen(Error));
    llvm::StringRef Word = Rest.take_until([](char C) { return C == ' '; });
    llvm::StringRef After = Rest.drop_front(Word.size());
    if (After.starts_with(" on unknown address") ||
        After.starts_with(" on address")) {
      if (Word == "stack-overflow")
        Facts.DeadlySignal = "SIGSEGV (stack overflow)";
      else if (Word == "UNKNOWN")
        Facts.DeadlySignal = "unknown signal";
      else
        Facts.DeadlySignal = ("SIG" + Word).str();
      llvm::SmallVector<llvm::StringRef, 32> Lines;
      Rest.take_front(Rest.find("SUMMARY:")).split(Lines, '\n');
      for (llvm::StringRef L : Lines) {
        if (!L.ltrim().starts_with("#"))
          continue;
        if (Facts.CrashFrame.empty() || isFrameOf(L, Target))
          Facts.CrashFrame = frameSummary(L);
        if (isFrameOf(L, Target))
          break;
      }
      break;
    }
    if (Facts.FatalError.empty())
      Facts.FatalError =
          ("ThreadSanitizer: " +
           Rest.take_until([](char C) { return C == '\n'; }).rtrim())
              .str();
  }

  // The access stacks of the first data race report: from its WARNING line
  // to the first section that is not an access.
  size_t Warn = Text.find("WARNING: ThreadSanitizer: data race");
  if (FindRace && Warn != llvm::StringRef::npos && !Target.empty()) {
    llvm::StringRef Report = Text.drop_front(Warn);
    Report = Report.take_front(Report.find("SUMMARY: ThreadSanitizer:"));
    llvm::SmallVector<llvm::StringRef, 64> Lines;
    Report.split(Lines, '\n');
    for (llvm::StringRef L : Lines) {
      if (L.starts_with("  Location is") || L.starts_with("  Thread T") ||
          L.starts_with("  Mutex "))
        break;
      if (isFrameOf(L, Target)) {
        Facts.TargetRace = true;
        break;
      }
    }
  }
  return Facts;
}

/// The record file the runtime rewrites after every ThreadSanitizer report:
/// one JSON line, or std::nullopt when the round left none (it died before
/// its round began) or left it cut short.
std::optional<llvm::json::Value> readTsanRecord(llvm::StringRef Path,
                                                std::string &Line) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf)
    return std::nullopt;
  llvm::StringRef Text = (*Buf)->getBuffer().trim();
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(Text);
  if (!V) {
    llvm::consumeError(V.takeError());
    return std::nullopt;
  }
  const llvm::json::Object *O = V->getAsObject();
  if (!O || !O->get("cta_tsan_record") || !O->getObject("tsan"))
    return std::nullopt;
  Line = Text.str();
  return std::move(*V);
}

int verdictBitsOf(llvm::StringRef Report, bool &Valid) {
  Valid = false;
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(Report);
  if (!V) {
    llvm::consumeError(V.takeError());
    return 0;
  }
  const llvm::json::Object *O = V->getAsObject();
  if (!O || !O->get("cta_report"))
    return 0;
  Valid = true;
  return int(O->getInteger("verdict_bits").value_or(0));
}

/// The first line of the report stream (a round writes one).
llvm::StringRef firstLine(llvm::StringRef Text) {
  Text = Text.ltrim();
  return Text.take_until([](char C) { return C == '\n'; }).rtrim();
}

double secondsSince(std::chrono::steady_clock::time_point Start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
      .count();
}

/// Reads what is available on \p Fd; returns false at end of file.
bool drain(int Fd, std::string &Into) {
  char Buf[8192];
  for (;;) {
    ssize_t N = read(Fd, Buf, sizeof(Buf));
    if (N > 0) {
      if (Into.size() < MaxReportBytes)
        Into.append(Buf, size_t(N));
      continue;
    }
    if (N == 0)
      return false;
    if (errno == EINTR)
      continue;
    return errno == EAGAIN || errno == EWOULDBLOCK;
  }
}

/// Parses `key=value` pairs the way sanitizers do (separated by ':', ',',
/// or white space), keeping their order.
std::vector<std::pair<std::string, std::string>>
parseSanitizerOptions(llvm::StringRef Text) {
  std::vector<std::pair<std::string, std::string>> Out;
  llvm::SmallVector<llvm::StringRef, 16> Parts;
  llvm::SplitString(Text, Parts, ": ,\t\n\r");
  for (llvm::StringRef P : Parts) {
    auto [K, V] = P.split('=');
    if (!K.empty())
      Out.emplace_back(K.str(), V.str());
  }
  return Out;
}

} // namespace

std::string frameSummary(llvm::StringRef Line) {
  Line = Line.ltrim();
  Line.consume_front("#");
  Line = Line.drop_while(llvm::isDigit).ltrim();
  // Drop the trailing "(harness+0x1f)" and "(BuildId: ...)" groups.
  for (;;) {
    llvm::StringRef Trimmed = Line.rtrim();
    size_t Open = Trimmed.rfind(" (");
    if (!Trimmed.ends_with(")") || Open == llvm::StringRef::npos)
      break;
    llvm::StringRef Group = Trimmed.drop_front(Open + 2).drop_back();
    if (!Group.starts_with("BuildId: ") &&
        !(Group.contains("+0x") && !Group.contains(' ')))
      break;
    Line = Trimmed.take_front(Open);
  }
  auto [Function, Where] = Line.rsplit(' ');
  if (Where.empty())
    return Line.str();
  size_t Op = Function.find("operator()");
  size_t Paren = Op != llvm::StringRef::npos ? Function.find('(', Op + 10)
                                             : Function.find('(');
  llvm::StringRef File = llvm::sys::path::filename(Where);
  // Keep file:line, drop the column.
  if (File.count(':') == 2)
    File = File.rsplit(':').first;
  return (Function.take_front(Paren) + " at " + File).str();
}

std::string mergeTsanOptions(llvm::StringRef User, llvm::StringRef Symbolizer) {
  // Forced: a round must not die at the first report (the runtime writes
  // its report after the threads joined) and must exit 0 so an exit status
  // means a real failure.
  const std::pair<const char *, const char *> Forced[] = {
      {"halt_on_error", "0"}, {"exitcode", "0"}};
  std::vector<std::pair<std::string, std::string>> Defaults = {
      {"atexit_sleep_ms", "0"},
      {"report_signal_unsafe", "0"},
      {"history_size", "4"}};
  if (!Symbolizer.empty())
    Defaults.emplace_back("external_symbolizer_path", Symbolizer.str());

  std::vector<std::pair<std::string, std::string>> Opts =
      parseSanitizerOptions(User);
  auto Has = [&](llvm::StringRef K) {
    for (const auto &[Key, Value] : Opts)
      if (Key == K)
        return true;
    return false;
  };
  for (const auto &[K, V] : Defaults)
    if (!Has(K))
      Opts.emplace_back(K, V);
  std::vector<std::pair<std::string, std::string>> Merged;
  for (const auto &[K, V] : Opts) {
    bool IsForced = false;
    for (const auto &F : Forced)
      IsForced |= K == F.first;
    if (!IsForced)
      Merged.emplace_back(K, V);
  }
  for (const auto &F : Forced)
    Merged.emplace_back(F.first, F.second);
  std::string Out;
  for (const auto &[K, V] : Merged) {
    if (!Out.empty())
      Out += ":";
    Out += K;
    Out += "=";
    Out += V;
  }
  return Out;
}

std::vector<std::string> harnessEnvironment(llvm::StringRef Symbolizer) {
  std::vector<std::string> Env;
  llvm::StringRef User;
  for (char **E = environ; E && *E; ++E) {
    llvm::StringRef Var(*E);
    if (Var.starts_with("TSAN_OPTIONS=")) {
      User = Var.drop_front(strlen("TSAN_OPTIONS="));
      continue;
    }
    Env.push_back(Var.str());
  }
  Env.push_back("TSAN_OPTIONS=" + mergeTsanOptions(User, Symbolizer));
  return Env;
}

RoundResult runRound(llvm::StringRef Exe, llvm::StringRef Dir, uint64_t Seed,
                     const RoundOptions &Opts) {
  installInterruptHandler();
  RoundResult R;
  R.Seed = Seed;
  llvm::SmallString<256> Out(Dir), Err(Dir);
  llvm::sys::path::append(Out, "round.stdout");
  llvm::sys::path::append(Err, "round.stderr");
  R.StdoutPath = std::string(Out.str());
  R.StderrPath = std::string(Err.str());
  llvm::SmallString<256> Record(Dir);
  llvm::sys::path::append(Record, "round.tsan");
  llvm::sys::fs::remove(Record);

  // Everything the child needs is prepared before fork(): after it, the
  // child of a multi-threaded parent may only make async-signal-safe calls.
  std::vector<std::string> Args = {Exe.str(),
                                   "--seed",
                                   std::to_string(Seed),
                                   "--threads",
                                   std::to_string(Opts.Threads),
                                   "--flags",
                                   std::to_string(Opts.Flags),
                                   "--report-fd",
                                   std::to_string(ReportFd)};
  std::vector<char *> Argv;
  for (std::string &A : Args)
    Argv.push_back(A.data());
  Argv.push_back(nullptr);
  std::vector<std::string> EnvCopy = Opts.Env;
  EnvCopy.push_back(("CTA_TSAN_RECORD=" + Record).str());
  std::vector<char *> Envp;
  for (std::string &E : EnvCopy)
    Envp.push_back(E.data());
  Envp.push_back(nullptr);
  std::string ExePath = Exe.str();
  std::string DirPath = Dir.str();

  auto Failed = [&](const llvm::Twine &What) {
    R.Status = RoundStatus::LaunchFailed;
    R.Error = (What + ": " + llvm::sys::StrError(errno)).str();
    return R;
  };

  // O_CLOEXEC everywhere: with -j, another thread's round must not inherit
  // this round's pipe (its end of file would never come).
  int Pipe[2];
  if (pipe2(Pipe, O_CLOEXEC) != 0)
    return Failed("cannot create a pipe");
  int OutFd = open(R.StdoutPath.c_str(),
                   O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int ErrFd = open(R.StderrPath.c_str(),
                   O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int NullFd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  auto CloseAll = [&] {
    for (int Fd : {Pipe[0], Pipe[1], OutFd, ErrFd, NullFd})
      if (Fd >= 0)
        close(Fd);
  };
  if (OutFd < 0 || ErrFd < 0 || NullFd < 0) {
    CloseAll();
    return Failed("cannot open the round's output files in '" + Dir + "'");
  }

  auto Start = std::chrono::steady_clock::now();
  pid_t Pid = fork();
  if (Pid < 0) {
    CloseAll();
    return Failed("cannot fork");
  }
  if (Pid == 0) {
    setpgid(0, 0);
    dup2(NullFd, 0);
    dup2(OutFd, 1);
    dup2(ErrFd, 2);
    if (Pipe[1] == ReportFd)
      fcntl(ReportFd, F_SETFD, 0);
    else
      dup2(Pipe[1], ReportFd);
    if (chdir(DirPath.c_str()) != 0)
      _exit(126);
    execve(ExePath.c_str(), Argv.data(), Envp.data());
    _exit(127);
  }
  // Also in the parent, so the group exists before anything kills it.
  setpgid(Pid, Pid);
  trackGroup(Pid);
  close(Pipe[1]);
  Pipe[1] = -1;
  fcntl(Pipe[0], F_SETFL, O_NONBLOCK);

  std::string Report;
  bool PipeOpen = true;
  bool Exited = false;
  bool TimedOut = false;
  int Status = 0;
  auto Deadline = Start + std::chrono::seconds(Opts.TimeoutSeconds);
  while (!Exited) {
    auto Now = std::chrono::steady_clock::now();
    if (Now >= Deadline) {
      TimedOut = true;
      break;
    }
    int WaitMs = int(std::min<int64_t>(
        20,
        std::chrono::duration_cast<std::chrono::milliseconds>(Deadline - Now)
                .count() +
            1));
    if (PipeOpen) {
      struct pollfd P = {Pipe[0], POLLIN, 0};
      int N = poll(&P, 1, WaitMs);
      if (N > 0)
        PipeOpen = drain(Pipe[0], Report);
    } else {
      poll(nullptr, 0, std::min(WaitMs, 2));
    }
    pid_t W = waitpid(Pid, &Status, WNOHANG);
    if (W == Pid)
      Exited = true;
    else if (W < 0 && errno != EINTR)
      Exited = true; // Nothing to wait for any more.
  }
  if (TimedOut) {
    ::kill(-Pid, SIGKILL);
    // SIGKILL cannot be caught; the wait is short but stays bounded.
    auto KillDeadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (waitpid(Pid, &Status, WNOHANG) == 0 &&
           std::chrono::steady_clock::now() < KillDeadline)
      poll(nullptr, 0, 5);
  }
  if (PipeOpen)
    drain(Pipe[0], Report);
  // Whatever the harness left behind in its group goes with it.
  ::kill(-Pid, SIGKILL);
  untrackGroup(Pid);
  CloseAll();
  R.Seconds = secondsSince(Start);

  R.Report = firstLine(Report).str();
  bool Valid = false;
  if (!R.Report.empty())
    R.VerdictBits = verdictBitsOf(R.Report, Valid);
  if (!Valid)
    R.Report.clear();

  // A report that proves a race stands even if the process then crashed or
  // hung on the way out; otherwise the failure is the verdict.
  if (Valid && R.VerdictBits) {
    R.Status = RoundStatus::Race;
    return R;
  }
  R.ExitCode = WIFEXITED(Status) ? WEXITSTATUS(Status) : -1;
  if (Valid && !TimedOut && !WIFSIGNALED(Status)) {
    R.Status = RoundStatus::Clean;
    return R;
  }
  if (!TimedOut && !WIFSIGNALED(Status) &&
      (R.ExitCode == 126 || R.ExitCode == 127)) {
    R.Status = RoundStatus::LaunchFailed;
    R.Error = "cannot execute '" + ExePath + "'";
    return R;
  }

  // The round did not end well. What ThreadSanitizer reported before it
  // died may still prove the race: the data race report comes before the
  // corruption it causes. The runtime's record says it; stderr only for a
  // round that died before the runtime could write one.
  std::optional<llvm::json::Value> Rec = readTsanRecord(Record, R.TsanRecord);
  StderrFacts Facts = scanStderr(R.StderrPath, Opts.Target,
                                 /*FindRace=*/!Rec);
  if (Rec)
    Facts.TargetRace = Rec->getAsObject()
                           ->getObject("tsan")
                           ->getInteger("attributed")
                           .value_or(0) > 0;
  std::string Ending =
      TimedOut              ? "hung"
      : WIFSIGNALED(Status) ? "died of " + signalString(WTERMSIG(Status))
      : !Facts.DeadlySignal.empty() ? "died of " + Facts.DeadlySignal
      : !Facts.FatalError.empty()
          ? "died: " + Facts.FatalError
          : "exited " + std::to_string(R.ExitCode) + " without a report";
  if (Facts.TargetRace) {
    R.Status = RoundStatus::Race;
    R.VerdictBits = CTA_VERDICT_DATA_RACE;
    R.Note = "the round then " + Ending;
    return R;
  }
  if (TimedOut) {
    R.Status = RoundStatus::Hang;
    return R;
  }
  if (WIFSIGNALED(Status)) {
    R.Status = RoundStatus::Crash;
    R.Signal = signalString(WTERMSIG(Status));
    return R;
  }
  if (!Facts.DeadlySignal.empty()) {
    R.Status = RoundStatus::Crash;
    R.Signal = Facts.DeadlySignal;
    if (!Facts.CrashFrame.empty())
      R.Note = "the round crashed in " + Facts.CrashFrame;
    return R;
  }
  R.Status = RoundStatus::NoReport;
  R.Note = Facts.FatalError;
  return R;
}

RunSummary runRounds(llvm::StringRef Exe, llvm::StringRef Dir, uint64_t Base,
                     unsigned Rounds, const RoundOptions &Opts, bool Verbose) {
  static const char *Names[] = {"clean", "race",      "hang",
                                "crash", "no report", "launch failed"};
  RunSummary S;
  // The first failed round of each kind, with its output files kept (the
  // next round overwrites them).
  std::optional<RoundResult> FirstCrash, FirstHang;
  unsigned FirstCrashRound = 0, FirstHangRound = 0;
  auto Keep = [](std::optional<RoundResult> &Slot, unsigned &SlotRound,
                 RoundResult &R, unsigned Round, const char *Suffix) {
    if (Slot)
      return;
    Slot = std::move(R);
    SlotRound = Round;
    for (std::string *Path : {&Slot->StdoutPath, &Slot->StderrPath}) {
      std::string Kept = *Path + Suffix;
      if (!llvm::sys::fs::rename(*Path, Kept))
        *Path = Kept;
    }
  };
  for (unsigned I = 0; I < Rounds; ++I) {
    RoundResult R = runRound(Exe, Dir, Base + I, Opts);
    ++S.RoundsRun;
    if (Verbose)
      llvm::errs() << fmt::format(
          "cta confirm: round {} seed {}: {} ({:.0f} ms)\n", I + 1, Base + I,
          Names[unsigned(R.Status)], R.Seconds * 1000);
    if (R.Status == RoundStatus::Crash || R.Status == RoundStatus::NoReport) {
      ++S.Crashes;
      Keep(FirstCrash, FirstCrashRound, R, I + 1, ".crash");
      if (S.Crashes >= MaxCrashedRounds)
        break;
      continue;
    }
    if (R.Status == RoundStatus::Hang) {
      ++S.Hangs;
      Keep(FirstHang, FirstHangRound, R, I + 1, ".hang");
      if (S.Hangs >= MaxHungRounds)
        break;
      continue;
    }
    S.Deciding = std::move(R);
    S.Round = I + 1;
    if (S.Deciding.Status != RoundStatus::Clean)
      return S;
  }
  if (FirstHang) {
    S.Deciding = std::move(*FirstHang);
    S.Round = FirstHangRound;
  } else if (FirstCrash) {
    S.Deciding = std::move(*FirstCrash);
    S.Round = FirstCrashRound;
  }
  return S;
}

} // namespace cta
