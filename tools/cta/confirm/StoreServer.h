//===- StoreServer.h - The throw-away servers of store rounds -------------===//
//
/// \file
/// A store finding's rounds run against a server of their own
/// (docs/confirm.md, "Store findings"): redis-server on a unix socket in
/// the work directory, or the file of a SQLite database. One server serves
/// every round of one `cta confirm` run; the harness resets the store
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
};

/// The servers of one `cta confirm` run.
class StoreServers {
public:
  StoreServers(StoreOptions Opts, std::string WorkRoot);
  ~StoreServers();

  /// The environment a harness of \p Store ("redis", "sqlite") needs to
  /// reach its store (CTA_STORE_URL, CTA_STORE_DB), for job \p Job whose
  /// work directory is \p JobDir; starts the server on first use. Returns
  /// false with \p Error naming the command that failed.
  bool environment(llvm::StringRef Store, llvm::StringRef JobDir, unsigned Job,
                   std::vector<std::string> &Env, std::string &Error);

private:
  bool startRedis(std::string &Error);
  void stop();

  StoreOptions Opts;
  std::string WorkRoot;
  std::mutex M;
  bool RedisTried = false;
  std::string RedisError;
  std::string RedisUrl;
  std::string RedisDir;
  pid_t RedisPid = 0;
};

} // namespace cta

#endif // CTA_TOOLS_CONFIRM_STORESERVER_H
