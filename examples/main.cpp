// example_server: wires the service's components together, serves a batch of
// canned requests on worker threads and prints a summary.
#include "service/config.h"
#include "service/connection_cache.h"
#include "service/handler_registry.h"
#include "service/job_leases.h"
#include "service/session_table.h"

#include <hiredis/hiredis.h>
#include <unistd.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

using example::Config;
using example::ConnectionCache;
using example::HandlerRegistry;
using example::JobLeases;
using example::SessionTable;

namespace {

struct Request {
  std::uint64_t user;
  std::string route;
  std::string body;
};

const char *const kRoutes[] = {"query", "ping", "metrics", "admin", "export"};
constexpr std::uint64_t kRequestsPerWorker = 50;
constexpr std::uint64_t kUsersPerWorker = 4;

std::string serve(const Request &r, SessionTable &sessions,
                  const HandlerRegistry &routes) {
  auto session = sessions.open(r.user);
  return routes.dispatch(r.route, session->token.substr(0, 8) + " " + r.body);
}

// The Redis every instance of the service shares: SERVICE_REDIS is a unix
// socket path or host:port. Null when it is unset or unreachable.
redisContext *connectRedis(const char *address) {
  if (!address || !*address)
    return nullptr;
  std::string a = address;
  redisContext *c = nullptr;
  if (a[0] == '/') {
    c = redisConnectUnix(a.c_str());
  } else {
    std::size_t colon = a.rfind(':');
    std::string host = colon == std::string::npos ? a : a.substr(0, colon);
    int port =
        colon == std::string::npos ? 6379 : std::atoi(a.c_str() + colon + 1);
    c = redisConnect(host.c_str(), port);
  }
  if (c && c->err) {
    std::fprintf(stderr, "example_server: redis at %s: %s\n", address,
                 c->errstr);
    redisFree(c);
    return nullptr;
  }
  return c;
}

// This instance's share of the scheduled jobs: every instance fires both at
// the same minute and the leases decide which instance runs each.
std::size_t runScheduledJobs(JobLeases &leases) {
  std::size_t ran = 0;
  // The cache sweep predates claimExclusive() and still uses claim().
  if (leases.claim("cache-sweep")) {
    ++ran;
    leases.release("cache-sweep");
  }
  if (leases.claimExclusive("nightly-export")) {
    ++ran;
    leases.release("nightly-export");
  }
  return ran;
}

} // namespace

int main() {
  const example::Settings &settings = Config::get().settings();
  ConnectionCache connections;
  HandlerRegistry routes;
  SessionTable sessions;

  // Startup runs before the workers exist: warm the connection pool and
  // register the routes.
  connections.connect(settings.upstream);
  routes.add("query", [&connections, upstream = settings.upstream](
                          const std::string &request) {
    return connections.get(upstream)->send("QUERY " + request);
  });
  routes.add("ping",
             [](const std::string &) { return std::string("200 pong"); });
  // The metrics module predates Config::get() and keeps a Config *.
  const Config *legacy = Config::instance();
  routes.lookupOrAdd("metrics").callback = [legacy](const std::string &) {
    return "200 port=" + std::to_string(legacy->settings().port);
  };
  // The admin module registers its callback once it has loaded; until then
  // the route answers 501.
  routes.lookupOrAdd("admin");

  std::atomic<std::size_t> served{0};
  std::atomic<std::size_t> answered{0};
  std::vector<std::thread> workers;
  for (std::size_t w = 0; w < settings.worker_threads; ++w) {
    workers.emplace_back([&, w] {
      for (std::uint64_t i = 0; i < kRequestsPerWorker; ++i) {
        Request r{1000 + w * 100 + i % kUsersPerWorker,
                  kRoutes[i % (sizeof kRoutes / sizeof kRoutes[0])],
                  "id=" + std::to_string(i)};
        std::string reply = serve(r, sessions, routes);
        served.fetch_add(1, std::memory_order_relaxed);
        if (reply.compare(0, 3, "404") != 0)
          answered.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  for (std::thread &t : workers)
    t.join();

  // Scheduled jobs need the shared Redis; without one this instance runs
  // none of them.
  std::size_t jobs = 0;
  if (redisContext *redis = connectRedis(std::getenv("SERVICE_REDIS"))) {
    JobLeases leases(redis, "example_server:" + std::to_string(::getpid()));
    jobs = runScheduledJobs(leases);
    redisFree(redis);
  }

  std::printf("example_server: %zu requests (%zu routed) from %zu sessions, "
              "%zu upstream connection(s), %zu routes, %zu scheduled job(s)\n",
              served.load(), answered.load(), sessions.size(),
              connections.size(), routes.size(), jobs);
  return 0;
}
