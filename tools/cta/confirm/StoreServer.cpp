//===- StoreServer.cpp - The throw-away servers of store rounds -----------===//
//
/// \file
/// Every server runs in its own process group (so Ctrl-C on cta reaches it
/// only through the registry of ChildGroups.h) with no persistence,
/// listening only on a unix socket in a fresh temporary directory that the
/// registry removes after it. PostgreSQL refuses to run as root: run as
/// root, cta runs initdb, postgres and pg_ctl as the user 'postgres' (else
/// 'nobody') and gives it the directory.
//
//===----------------------------------------------------------------------===//

#include "StoreServer.h"
#include "ChildGroups.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <grp.h>
#include <pwd.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char **environ;

namespace cta {
namespace {

using Clock = std::chrono::steady_clock;

std::string commandLine(const std::vector<std::string> &Args) {
  std::string S;
  for (const std::string &A : Args) {
    bool Plain = !A.empty() && A.find_first_of(" '\"\\$") == std::string::npos;
    S += (S.empty() ? "" : " ") + (Plain ? A : "'" + A + "'");
  }
  return S;
}

std::string lastLine(llvm::StringRef Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf)
    return "";
  llvm::StringRef T = (*Buf)->getBuffer().rtrim();
  return T.substr(T.rfind('\n') + 1).trim().str();
}

/// Who a server's processes run as: cta's own user, or (as root) \p Uid.
struct Credentials {
  bool Drop = false;
  uid_t Uid = 0;
  gid_t Gid = 0;
};

/// Starts \p Args (Args[0] searched on PATH) in a process group of its own,
/// stdin /dev/null, stdout and stderr to \p Out, in \p Cwd. Returns the
/// pid, or 0 with \p Error naming the command and why exec failed.
pid_t spawnGroup(const std::vector<std::string> &Args, const std::string &Out,
                 const std::string &Cwd, const Credentials &Cred,
                 std::string &Error) {
  std::string Cmd = commandLine(Args);
  std::string Exe = Args[0];
  if (Exe.find('/') == std::string::npos) {
    if (llvm::ErrorOr<std::string> P = llvm::sys::findProgramByName(Exe))
      Exe = *P;
  }
  std::vector<std::string> Copy = Args;
  std::vector<char *> Argv;
  for (std::string &A : Copy)
    Argv.push_back(A.data());
  Argv.push_back(nullptr);
  // The C locale: initdb otherwise takes (and may reject) the caller's.
  std::vector<std::string> EnvStore;
  for (char **E = environ; *E; ++E)
    if (!llvm::StringRef(*E).starts_with("LC_ALL="))
      EnvStore.push_back(*E);
  EnvStore.push_back("LC_ALL=C");
  std::vector<char *> Envp;
  for (std::string &E : EnvStore)
    Envp.push_back(E.data());
  Envp.push_back(nullptr);

  // exec's failure comes back through a close-on-exec pipe.
  int Pipe[2];
  if (::pipe2(Pipe, O_CLOEXEC) != 0) {
    Error = fmt::format("'{}' failed: {}", Cmd, std::strerror(errno));
    return 0;
  }
  pid_t Pid = ::fork();
  if (Pid == 0) {
    // Only async-signal-safe calls: the parent has threads.
    ::close(Pipe[0]);
    ::setpgid(0, 0);
    int In = ::open("/dev/null", O_RDONLY);
    int O = ::open(Out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int Err = errno;
    if (In >= 0)
      ::dup2(In, 0);
    if (O >= 0) {
      if (Cred.Drop && ::fchown(O, Cred.Uid, Cred.Gid) != 0)
        Err = errno;
      ::dup2(O, 1);
      ::dup2(O, 2);
    }
    if (O >= 0 && Cred.Drop &&
        (::setgroups(0, nullptr) != 0 || ::setgid(Cred.Gid) != 0 ||
         ::setuid(Cred.Uid) != 0))
      O = -1, Err = errno;
    if (O >= 0 && ::chdir(Cwd.c_str()) != 0)
      O = -1, Err = errno;
    if (O >= 0) {
      ::execve(Exe.c_str(), Argv.data(), Envp.data());
      Err = errno;
    }
    (void)!::write(Pipe[1], &Err, sizeof Err);
    ::_exit(127);
  }
  ::close(Pipe[1]);
  if (Pid < 0) {
    ::close(Pipe[0]);
    Error = fmt::format("'{}' failed: {}", Cmd, std::strerror(errno));
    return 0;
  }
  ::setpgid(Pid, Pid);
  int Err = 0;
  ssize_t N;
  do
    N = ::read(Pipe[0], &Err, sizeof Err);
  while (N < 0 && errno == EINTR);
  ::close(Pipe[0]);
  if (N == ssize_t(sizeof Err)) {
    ::waitpid(Pid, nullptr, 0);
    Error = fmt::format("'{}' failed: {}", Cmd, std::strerror(Err));
    return 0;
  }
  return Pid;
}

std::string exitStatus(const std::string &Cmd, int Status,
                       llvm::StringRef Out) {
  std::string Why = lastLine(Out);
  return fmt::format("'{}' exited with status {}{}{}", Cmd,
                     WIFEXITED(Status) ? WEXITSTATUS(Status)
                                       : 128 + WTERMSIG(Status),
                     Why.empty() ? "" : ": ", Why);
}

/// Runs \p Args to completion (bounded by \p Seconds); "" or why it failed.
std::string runToEnd(const std::vector<std::string> &Args,
                     const std::string &Out, const std::string &Cwd,
                     const Credentials &Cred, unsigned Seconds) {
  std::string Error;
  pid_t Pid = spawnGroup(Args, Out, Cwd, Cred, Error);
  if (!Pid)
    return Error;
  trackGroup(Pid);
  auto Until = Clock::now() + std::chrono::seconds(Seconds);
  int Status = 0;
  while (::waitpid(Pid, &Status, WNOHANG) != Pid) {
    if (Clock::now() > Until) {
      ::kill(-Pid, SIGKILL);
      ::waitpid(Pid, nullptr, 0);
      untrackGroup(Pid);
      return fmt::format("'{}' did not finish within {} s", commandLine(Args),
                         Seconds);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  untrackGroup(Pid);
  if (WIFEXITED(Status) && WEXITSTATUS(Status) == 0)
    return "";
  return exitStatus(commandLine(Args), Status, Out);
}

/// Waits until \p Ready, the server \p Pid exits (\p Error: its status;
/// it is reaped and forgotten, \p Pid becomes 0) or \p Seconds pass.
template <class Pred>
bool waitReady(pid_t &Pid, const std::string &Cmd, const std::string &Out,
               unsigned Seconds, Pred Ready, std::string &Error) {
  auto Until = Clock::now() + std::chrono::seconds(Seconds);
  while (!Ready()) {
    int Status = 0;
    if (::waitpid(Pid, &Status, WNOHANG) == Pid) {
      Error = exitStatus(Cmd, Status, Out);
      untrackGroup(Pid);
      Pid = 0;
      return false;
    }
    if (Clock::now() > Until) {
      Error =
          fmt::format("'{}' did not open its socket within {} s", Cmd, Seconds);
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

/// --pg-bin, else the directory of initdb on PATH, else the newest
/// /usr/lib/postgresql/<version>/bin (Debian keeps initdb off PATH).
std::string postgresBin(llvm::StringRef Given) {
  if (!Given.empty())
    return Given.str();
  if (llvm::ErrorOr<std::string> P = llvm::sys::findProgramByName("initdb"))
    return llvm::sys::path::parent_path(*P).str();
  std::string Best;
  int BestVersion = -1;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator I("/usr/lib/postgresql", EC), E;
       I != E && !EC; I.increment(EC)) {
    int V = 0;
    llvm::StringRef Name = llvm::sys::path::filename(I->path());
    if (!Name.getAsInteger(10, V) && V > BestVersion &&
        llvm::sys::fs::exists(I->path() + "/bin/initdb")) {
      BestVersion = V;
      Best = I->path() + "/bin";
    }
  }
  return Best.empty() ? "" : Best;
}

/// Whether a user other than cta's can reach \p Dir (every ancestor
/// searchable by others).
bool searchableByOthers(llvm::StringRef Dir) {
  for (llvm::StringRef D = Dir; !D.empty() && D != "/";
       D = llvm::sys::path::parent_path(D)) {
    llvm::sys::fs::file_status St;
    if (llvm::sys::fs::status(D, St) ||
        !(St.permissions() & llvm::sys::fs::others_exe))
      return false;
  }
  return true;
}

} // namespace

StoreServers::StoreServers(StoreOptions O, std::string Root)
    : Opts(std::move(O)), WorkRoot(std::move(Root)) {
  if (Opts.RedisServer.empty())
    Opts.RedisServer = "redis-server";
}

StoreServers::~StoreServers() {
  stop(Redis);
  stopPostgres();
}

bool StoreServers::startRedis(std::string &Error) {
  // A unix socket path is short (108 bytes): a directory of its own in the
  // system's temporary directory.
  llvm::SmallString<128> Dir;
  if (std::error_code EC =
          llvm::sys::fs::createUniqueDirectory("cta-redis", Dir)) {
    Error = "cannot create a directory for redis-server: " + EC.message();
    return false;
  }
  std::string Sock = (Dir + "/redis.sock").str();
  std::string Out = (Dir + "/redis.out").str();
  std::vector<std::string> Args = {Opts.RedisServer,
                                   "--port",
                                   "0",
                                   "--unixsocket",
                                   Sock,
                                   "--unixsocketperm",
                                   "700",
                                   "--save",
                                   "",
                                   "--appendonly",
                                   "no",
                                   "--dir",
                                   Dir.str().str()};
  installInterruptHandler();
  Redis.Pid = spawnGroup(Args, Out, Dir.str().str(), Credentials(), Error);
  if (!Redis.Pid) {
    llvm::sys::fs::remove_directories(Dir);
    return false;
  }
  trackGroup(Redis.Pid, Dir);
  Redis.Dir = Dir.str().str();
  if (!waitReady(
          Redis.Pid, commandLine(Args), Out, 10,
          [&] { return llvm::sys::fs::exists(Sock); }, Error)) {
    stop(Redis);
    return false;
  }
  Redis.Url = "unix:" + Sock;
  return true;
}

bool StoreServers::startPostgres(std::string &Error) {
  std::string Bin = postgresBin(Opts.PgBin);
  if (Bin.empty()) {
    Error = "no PostgreSQL server found (initdb is not on PATH nor in "
            "/usr/lib/postgresql/*/bin); name its directory with --pg-bin";
    return false;
  }
  Credentials Cred;
  if (::geteuid() == 0) {
    const struct passwd *Pw = ::getpwnam("postgres");
    if (!Pw)
      Pw = ::getpwnam("nobody");
    if (!Pw || Pw->pw_uid == 0) {
      Error = "PostgreSQL refuses to run as root and there is no "
              "unprivileged user 'postgres' or 'nobody' to run it as; run "
              "cta as another user or use --pg-dsn";
      return false;
    }
    Cred = {true, Pw->pw_uid, Pw->pw_gid};
  }
  // The user postgres runs as must reach its directory: the system's
  // temporary directory when it can, else /tmp.
  llvm::SmallString<128> Tmp;
  llvm::sys::path::system_temp_directory(/*ErasedOnReboot=*/true, Tmp);
  if (Cred.Drop && !searchableByOthers(Tmp))
    Tmp = "/tmp";
  llvm::sys::path::append(Tmp, "cta-pg");
  llvm::SmallString<128> Dir;
  if (std::error_code EC = llvm::sys::fs::createUniqueDirectory(Tmp, Dir)) {
    Error = "cannot create a directory for PostgreSQL: " + EC.message();
    return false;
  }
  std::string D = Dir.str().str();
  if (Cred.Drop && ::chown(D.c_str(), Cred.Uid, Cred.Gid) != 0) {
    Error = fmt::format("cannot give {} to the user PostgreSQL runs as: {}", D,
                        std::strerror(errno));
    llvm::sys::fs::remove_directories(D);
    return false;
  }
  installInterruptHandler();
  Pg.Dir = D;
  PgUid = Cred.Uid;
  PgGid = Cred.Gid;
  PgDropRoot = Cred.Drop;
  std::string Data = D + "/data";
  Error = runToEnd({Bin + "/initdb", "-D", Data, "-U", "cta", "--auth=trust",
                    "--no-sync", "--no-instructions", "-E", "UTF8"},
                   D + "/initdb.out", D, Cred, 120);
  if (!Error.empty()) {
    stopPostgres();
    return false;
  }
  // No TCP listener: the port only names the socket in the directory.
  std::vector<std::string> Args = {Bin + "/postgres",
                                   "-D",
                                   Data,
                                   "-k",
                                   D,
                                   "-p",
                                   "5432",
                                   "-c",
                                   "listen_addresses=",
                                   "-c",
                                   "fsync=off",
                                   "-c",
                                   "synchronous_commit=off",
                                   "-c",
                                   "full_page_writes=off",
                                   "-c",
                                   "max_connections=200"};
  std::string Out = D + "/postgres.out";
  Pg.Pid = spawnGroup(Args, Out, D, Cred, Error);
  if (!Pg.Pid) {
    stopPostgres();
    return false;
  }
  // Its own immediate shutdown first (SIGQUIT): the backends are group
  // leaders of their own and go down with the postmaster.
  trackGroup(Pg.Pid, D, SIGQUIT);
  // Ready when postmaster.pid's status line says so (as pg_ctl -w reads).
  auto Ready = [&] {
    auto Buf = llvm::MemoryBuffer::getFile(Data + "/postmaster.pid");
    if (!Buf)
      return false;
    llvm::SmallVector<llvm::StringRef, 10> Lines;
    (*Buf)->getBuffer().split(Lines, '\n');
    return Lines.size() > 7 && Lines[7].trim() == "ready";
  };
  if (!waitReady(Pg.Pid, commandLine(Args), Out, 60, Ready, Error)) {
    stopPostgres();
    return false;
  }
  Pg.Url = fmt::format("host={} port=5432 user=cta dbname=postgres", D);
  return true;
}

/// Waits up to \p Seconds for the leader \p Pid to exit, then kills its
/// group; forgets it either way. A leader that is gone already (reaped when
/// it exited during start-up: waitpid says ECHILD) ends the wait at once.
void StoreServers::reap(pid_t Pid, unsigned Seconds) {
  auto Until = Clock::now() + std::chrono::seconds(Seconds);
  while (true) {
    pid_t W = ::waitpid(Pid, nullptr, WNOHANG);
    if (W == Pid || (W < 0 && errno == ECHILD))
      break;
    if (Clock::now() > Until) {
      ::kill(-Pid, SIGKILL);
      ::waitpid(Pid, nullptr, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  untrackGroup(Pid);
}

void StoreServers::stop(Server &S) {
  if (S.Pid > 0) {
    ::kill(-S.Pid, SIGTERM);
    reap(S.Pid, 3);
    S.Pid = 0;
  }
  if (!S.Dir.empty())
    llvm::sys::fs::remove_directories(S.Dir);
  S.Dir.clear();
}

void StoreServers::stopPostgres() {
  if (Pg.Pid > 0) {
    Credentials Cred{PgDropRoot, PgUid, PgGid};
    std::string Bin = postgresBin(Opts.PgBin);
    // pg_ctl stop -m immediate; should it fail, SIGQUIT is the same.
    if (!runToEnd({Bin + "/pg_ctl", "stop", "-D", Pg.Dir + "/data", "-m",
                   "immediate", "-w", "-t", "10"},
                  Pg.Dir + "/pg_ctl.out", Pg.Dir, Cred, 15)
             .empty())
      ::kill(Pg.Pid, SIGQUIT);
    reap(Pg.Pid, 5);
    Pg.Pid = 0;
  }
  stop(Pg);
}

bool StoreServers::environment(llvm::StringRef Store, llvm::StringRef JobDir,
                               unsigned Job, std::vector<std::string> &Env,
                               std::string &Error) {
  if (Store == "sqlite") {
    Env.push_back("CTA_STORE_URL=" + (JobDir + "/store.sqlite").str());
    return true;
  }
  bool IsPg = Store == "postgres";
  Server &S = IsPg ? Pg : Redis;
  const std::string &Given = IsPg ? Opts.PgDsn : Opts.RedisUrl;
  std::lock_guard<std::mutex> L(M);
  if (!Given.empty()) {
    S.Url = Given;
  } else if (!S.Tried) {
    S.Tried = true;
    if (!(IsPg ? startPostgres(S.Error) : startRedis(S.Error)))
      S.Url.clear();
  }
  if (S.Url.empty()) {
    Error = S.Error;
    return false;
  }
  Env.push_back("CTA_STORE_URL=" + S.Url);
  // Parallel jobs share the server: a Redis database or a PostgreSQL
  // schema each.
  Env.push_back("CTA_STORE_DB=" + (IsPg ? "cta_job" + std::to_string(Job)
                                        : std::to_string(Job % 16)));
  return true;
}

} // namespace cta
