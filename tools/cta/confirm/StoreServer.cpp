//===- StoreServer.cpp - The throw-away servers of store rounds -----------===//
//
/// \file
/// redis-server runs in its own process group (so Ctrl-C on cta reaches it
/// only through the registry of ChildGroups.h) with no persistence, listening
/// only on a unix socket in a fresh temporary directory.
//
//===----------------------------------------------------------------------===//

#include "StoreServer.h"
#include "ChildGroups.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char **environ;

namespace cta {
namespace {

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

} // namespace

StoreServers::StoreServers(StoreOptions O, std::string Root)
    : Opts(std::move(O)), WorkRoot(std::move(Root)) {
  if (Opts.RedisServer.empty())
    Opts.RedisServer = "redis-server";
}

StoreServers::~StoreServers() { stop(); }

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
  std::string Cmd = commandLine(Args);
  installInterruptHandler();
  std::vector<char *> Argv;
  for (std::string &A : Args)
    Argv.push_back(A.data());
  Argv.push_back(nullptr);

  posix_spawn_file_actions_t Fa;
  posix_spawn_file_actions_init(&Fa);
  posix_spawn_file_actions_addopen(&Fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&Fa, 1, Out.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&Fa, 1, 2);
  posix_spawnattr_t At;
  posix_spawnattr_init(&At);
  posix_spawnattr_setflags(&At, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&At, 0);
  pid_t Pid = 0;
  int Rc = posix_spawnp(&Pid, Args[0].c_str(), &Fa, &At, Argv.data(), environ);
  posix_spawn_file_actions_destroy(&Fa);
  posix_spawnattr_destroy(&At);
  if (Rc != 0) {
    llvm::sys::fs::remove_directories(Dir);
    Error = fmt::format("'{}' failed: {}", Cmd, std::strerror(Rc));
    return false;
  }
  trackGroup(Pid, Dir);
  RedisPid = Pid;
  RedisDir = Dir.str().str();
  auto Until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!llvm::sys::fs::exists(Sock)) {
    int Status = 0;
    if (::waitpid(Pid, &Status, WNOHANG) == Pid) {
      std::string Why = lastLine(Out);
      untrackGroup(Pid);
      RedisPid = 0;
      llvm::sys::fs::remove_directories(Dir);
      RedisDir.clear();
      Error = fmt::format("'{}' exited with status {}{}{}", Cmd,
                          WIFEXITED(Status) ? WEXITSTATUS(Status)
                                            : 128 + WTERMSIG(Status),
                          Why.empty() ? "" : ": ", Why);
      return false;
    }
    if (std::chrono::steady_clock::now() > Until) {
      stop();
      Error = fmt::format("'{}' did not open its socket within 10 s", Cmd);
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  RedisUrl = "unix:" + Sock;
  return true;
}

void StoreServers::stop() {
  if (RedisPid > 0) {
    ::kill(-RedisPid, SIGTERM);
    auto Until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (::waitpid(RedisPid, nullptr, WNOHANG) != RedisPid) {
      if (std::chrono::steady_clock::now() > Until) {
        ::kill(-RedisPid, SIGKILL);
        ::waitpid(RedisPid, nullptr, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    untrackGroup(RedisPid);
    RedisPid = 0;
  }
  if (!RedisDir.empty())
    llvm::sys::fs::remove_directories(RedisDir);
  RedisDir.clear();
}

bool StoreServers::environment(llvm::StringRef Store, llvm::StringRef JobDir,
                               unsigned Job, std::vector<std::string> &Env,
                               std::string &Error) {
  if (Store == "sqlite") {
    Env.push_back("CTA_STORE_URL=" + (JobDir + "/store.sqlite").str());
    return true;
  }
  std::lock_guard<std::mutex> L(M);
  if (!Opts.RedisUrl.empty()) {
    RedisUrl = Opts.RedisUrl;
  } else if (!RedisTried) {
    RedisTried = true;
    if (!startRedis(RedisError))
      RedisUrl.clear();
  }
  if (RedisUrl.empty()) {
    Error = RedisError;
    return false;
  }
  Env.push_back("CTA_STORE_URL=" + RedisUrl);
  // Parallel jobs share the server, one database each.
  Env.push_back("CTA_STORE_DB=" + std::to_string(Job % 16));
  return true;
}

} // namespace cta
