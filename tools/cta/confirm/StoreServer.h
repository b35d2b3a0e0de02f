//===- StoreServer.h - The throw-away servers of store rounds -------------===//
//
/// \file
/// A store finding's rounds run against a server of their own
/// (docs/confirm.md, "Store findings"): redis-server on a unix socket in
/// the work directory, a PostgreSQL cluster (initdb) listening only on a
/// unix socket in its directory, or the file of a SQLite database. One server
/// serves every round of one `cta confirm` run; the harness resets the store
/// before each half of a round. The server is stopped and its directory
/// removed at the end, and on Ctrl-C (ChildGroups.h).
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_CONFIRM_STORESERVER_H
#define CTA_TOOLS_CONFIRM_STORESERVER_H

#include "llvm/ADT/StringRef.h"
#include <mutex>
#include <string>
#include <sys/types.h>
#include <vector>

namespace cta {

struct StoreOptions {
  std::string RedisUrl;    ///< --redis-url: the user's server.
  std::string RedisServer; ///< --redis-server; default "redis-server".
  std::string PgDsn;       ///< --pg-dsn: the user's PostgreSQL (conninfo).
  /// --pg-bin: the directory of initdb, postgres and pg_ctl; default the
  /// one of initdb on PATH, else the newest /usr/lib/postgresql/*/bin.
  std::string PgBin;
};

/// The servers of one `cta confirm` run.
class StoreServers {
public:
  StoreServers(StoreOptions Opts, std::string WorkRoot);
  ~StoreServers();

  /// The environment a harness of \p Store ("redis", "postgres",
  /// "sqlite") needs to
  /// reach its store (CTA_STORE_URL, CTA_STORE_DB), for job \p Job whose
  /// work directory is \p JobDir; starts the server on first use. Returns
  /// false with \p Error naming the command that failed.
  bool environment(llvm::StringRef Store, llvm::StringRef JobDir, unsigned Job,
                   std::vector<std::string> &Env, std::string &Error);

private:
  /// One throw-away server: its process group, directory and address.
  struct Server {
    bool Tried = false;
    std::string Error;
    std::string Url;
    std::string Dir;
    pid_t Pid = 0;
  };
  bool startRedis(std::string &Error);
  bool startPostgres(std::string &Error);
  void stopPostgres();
  void stop(Server &S);
  static void reap(pid_t Pid, unsigned Seconds);

  StoreOptions Opts;
  std::string WorkRoot;
  std::mutex M;
  Server Redis, Pg;
  /// The user postgres runs as when cta runs as root (it refuses root).
  uid_t PgUid = 0;
  gid_t PgGid = 0;
  bool PgDropRoot = false;
};

} // namespace cta

#endif // CTA_TOOLS_CONFIRM_STORESERVER_H
