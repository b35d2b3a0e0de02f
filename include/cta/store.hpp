//===-- cta/store.hpp - Cross-process rounds against a live store -*- C++
//-*-===//
//
// Part of cta, a tool that finds check-then-act races in C++ services.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The part of libcta_rt that `cta confirm` links into the harness of a
/// store finding (cta-redis-check-then-act, cta-sql-check-then-act;
/// docs/runtime.md, "Store rounds"). Such a race is between *processes*,
/// each with its own connection, so one round here is:
///
///   1. reset the store (FLUSHDB of the round's database; a fresh SQLite
///      file with the schema), then the same calls one at a time, each from
///      its own process (the baseline);
///   2. reset again, then N processes, each connecting on its own, meet at
///      a barrier in shared memory and call the function; after its check
///      each parks until every peer has passed its check too (steering);
///   3. judge by what the store did: each act's reply says whether the
///      store changed (a SET that wrote, an INSERT that added a row, an
///      UPDATE that matched one), stayed as it was (SET NX that lost, a
///      conditional UPDATE that matched nothing) or refused (a duplicate
///      key). More changes or more refusals than the baseline, or more
///      successful calls, is the race.
///
/// The generated harness defines CTA_STORE_REDIS, CTA_STORE_POSTGRES or
/// CTA_STORE_SQLITE, the
/// driver (cta_driver::Driver), the sites, then calls cta_store::main.
/// The server is the runner's: its address comes in CTA_STORE_URL (a unix
/// socket, host:port, or a file) and CTA_STORE_DB (a Redis database).
//
//===----------------------------------------------------------------------===//

#ifndef CTA_STORE_HPP
#define CTA_STORE_HPP

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <sys/mman.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#ifdef CTA_STORE_REDIS
#include <hiredis/hiredis.h>
#endif
#ifdef CTA_STORE_SQLITE
#include <sqlite3.h>
#endif
#ifdef CTA_STORE_POSTGRES
#if __has_include(<libpq-fe.h>)
#include <libpq-fe.h>
#else
#include <postgresql/libpq-fe.h>
#endif
#endif

namespace cta_store {

constexpr unsigned MaxProcs = 64;
constexpr unsigned MaxEvents = 512;
constexpr unsigned DetailChars = 120;

enum Outcome : uint32_t { Passed = 0, Changed = 1, Unchanged = 2, Failed = 3 };

struct Event {
  uint32_t Proc, Site, Kind, What; ///< Kind: 1 check, 2 act, 3 park.
  char Detail[DetailChars];
};

/// Lives in a MAP_SHARED mapping made before the first fork.
struct Shared {
  std::atomic<uint32_t> Arrived, Checked, Exited, NextEvent;
  uint32_t N;
  uint32_t Steer;
  uint32_t Succeeded[MaxProcs + 1];
  Event Events[MaxEvents];
};

struct SiteDesc {
  unsigned Id;
  bool IsCheck;
  bool ReplyCounts; ///< The act's integer reply counts what it changed.
  const char *File;
  unsigned Line;
  const char *Text;
};

inline Shared *TheShared = nullptr;
inline unsigned TheProc = 0; ///< 1..N in a round process, 0 elsewhere.
inline bool Parked = false;

inline uint64_t nowMicros() {
  return uint64_t(std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now().time_since_epoch())
                      .count());
}

inline void record(unsigned Site, uint32_t Kind, uint32_t What,
                   const char *Detail = "") {
  if (!TheShared || !TheProc)
    return;
  uint32_t I = TheShared->NextEvent.fetch_add(1);
  if (I >= MaxEvents)
    return;
  Event &E = TheShared->Events[I];
  E.Proc = TheProc;
  E.Site = Site;
  E.Kind = Kind;
  E.What = What;
  std::snprintf(E.Detail, DetailChars, "%s", Detail ? Detail : "");
}

/// Every process waits here until all have arrived (bounded).
inline void barrier() {
  TheShared->Arrived.fetch_add(1);
  uint64_t Until = nowMicros() + 5000000;
  while (TheShared->Arrived.load() < TheShared->N && nowMicros() < Until)
    std::this_thread::yield();
}

/// After the first check of a steered process: wait until every peer has
/// passed its check or finished (the window held open across processes).
inline void park(unsigned Site) {
  if (!TheShared || !TheProc || !TheShared->Steer || Parked)
    return;
  Parked = true;
  TheShared->Checked.fetch_add(1);
  uint64_t Until = nowMicros() + 2000000;
  bool TimedOut = false;
  while (TheShared->Checked.load() + TheShared->Exited.load() < TheShared->N) {
    if (nowMicros() > Until) {
      TimedOut = true;
      break;
    }
    std::this_thread::yield();
  }
  record(Site, 3, TimedOut ? 1 : 0);
}

/// The check at \p Site returned \p V: record it, park, hand it on.
template <class T> T checked(unsigned Site, T V) {
  record(Site, 1, Passed);
  park(Site);
  return V;
}

/// Set in the seeding process only (seedRound).
inline bool Seeding = false;

/// Placed before the check by the instrumentation of a take: in the
/// seeding process it runs \p Seed (the command that makes the element
/// present, with the call's own arguments) and ends the process there.
template <class Fn> void seed(Fn &&Seed) {
  if (!Seeding)
    return;
  Seed();
  std::fflush(nullptr);
  std::_Exit(0);
}

/// Before each half of a round: one process runs the function up to its
/// check, where seed() makes the element present. A run that never
/// reaches the seed (exit status 5) leaves no trace: the store is reset.
inline void reset();
template <class Call> void seedRound(Call &&C) {
  std::fflush(nullptr);
  pid_t Pid = ::fork();
  if (Pid == 0) {
    Seeding = true;
    C();
    std::fflush(nullptr);
    std::_Exit(5);
  }
  int Status = 0;
  if (Pid > 0 && ::waitpid(Pid, &Status, 0) == Pid &&
      !(WIFEXITED(Status) && WEXITSTATUS(Status) == 0))
    reset();
}

// What an act's reply says the store did --------------------------------------

#ifdef CTA_STORE_REDIS
inline Outcome classify(const SiteDesc &, void *Reply, std::string &Why) {
  auto *R = static_cast<redisReply *>(Reply);
  if (!R) {
    Why = "no reply (connection error)";
    return Failed;
  }
  switch (R->type) {
  case REDIS_REPLY_ERROR:
    Why = R->str ? R->str : "error";
    return Failed;
  case REDIS_REPLY_NIL:
    return Unchanged;
  case REDIS_REPLY_INTEGER:
    return R->integer > 0 ? Changed : Unchanged;
  default:
    return Changed;
  }
}
#endif

#ifdef CTA_STORE_SQLITE
inline Outcome sqliteOutcome(sqlite3 *Db, int Rc, std::string &Why) {
  if (Rc == SQLITE_DONE || Rc == SQLITE_OK || Rc == SQLITE_ROW)
    return Db && sqlite3_changes(Db) > 0 ? Changed : Unchanged;
  Why = Db ? sqlite3_errmsg(Db) : sqlite3_errstr(Rc);
  return Failed;
}
inline Outcome classify(const SiteDesc &, int Rc, std::string &Why,
                        sqlite3 *Db) {
  return sqliteOutcome(Db, Rc, Why);
}
inline Outcome classify(const SiteDesc &, int Rc, std::string &Why,
                        sqlite3_stmt *Stmt) {
  return sqliteOutcome(Stmt ? sqlite3_db_handle(Stmt) : nullptr, Rc, Why);
}
#endif

#ifdef CTA_STORE_POSTGRES
/// A command's tag counts the rows it changed ("INSERT 0 1", "UPDATE 0");
/// an error is a refusal (a duplicate key: SQLSTATE 23505).
inline Outcome classify(const SiteDesc &, PGresult *R, std::string &Why) {
  if (!R) {
    Why = "no result (connection error)";
    return Failed;
  }
  switch (PQresultStatus(R)) {
  case PGRES_COMMAND_OK:
  case PGRES_TUPLES_OK: {
    const char *N = PQcmdTuples(R);
    return N && std::atoi(N) > 0 ? Changed : Unchanged;
  }
  default: {
    const char *M = PQresultErrorField(R, PG_DIAG_MESSAGE_PRIMARY);
    Why = M ? M : PQresStatus(PQresultStatus(R));
    return Failed;
  }
  }
}
#endif

const SiteDesc &siteDesc(unsigned Site);

/// Runs the act at \p Site (\p Call), records what its reply says the store
/// did, and hands the reply on; an exception is a refusal, rethrown.
template <class Fn, class... Handle>
decltype(auto) acted(unsigned Site, Fn &&Call, Handle... H) {
  try {
    decltype(auto) R = Call();
    std::string Why;
    Outcome O = classify(siteDesc(Site), R, Why, H...);
    record(Site, 2, O, Why.c_str());
    return R;
  } catch (const std::exception &E) {
    record(Site, 2, Failed, E.what());
    throw;
  } catch (...) {
    record(Site, 2, Failed, "exception");
    throw;
  }
}

// Connections
// -------------------------------------------------------------------

inline std::string env(const char *Name, const char *Default = "") {
  const char *V = std::getenv(Name);
  return V ? V : Default;
}

#ifdef CTA_STORE_REDIS
/// A fresh connection to the round's server and database.
inline redisContext *redis() {
  std::string Url = env("CTA_STORE_URL");
  redisContext *C = nullptr;
  if (Url.rfind("unix:", 0) == 0)
    C = redisConnectUnix(Url.substr(5).c_str());
  else {
    std::string Host = Url, Port = "6379";
    if (size_t Colon = Url.rfind(':'); Colon != std::string::npos) {
      Host = Url.substr(0, Colon);
      Port = Url.substr(Colon + 1);
    }
    C = redisConnect(Host.c_str(), std::atoi(Port.c_str()));
  }
  if (!C || C->err) {
    std::fprintf(stderr, "cta store: cannot connect to redis at %s: %s\n",
                 Url.c_str(), C ? C->errstr : "out of memory");
    std::_Exit(4);
  }
  if (auto *R = static_cast<redisReply *>(
          redisCommand(C, "SELECT %s", env("CTA_STORE_DB", "0").c_str())))
    freeReplyObject(R);
  return C;
}
inline void reset() {
  redisContext *C = redis();
  if (auto *R = static_cast<redisReply *>(redisCommand(C, "FLUSHDB")))
    freeReplyObject(R);
  redisFree(C);
}
inline std::string stateOf(const char *) { return ""; }
#endif

#ifdef CTA_STORE_POSTGRES
extern const char *const Schema;
/// A fresh connection to the round's server (CTA_STORE_URL, a conninfo or
/// URI) with the job's schema (CTA_STORE_DB) first on the search path.
inline PGconn *postgres() {
  std::string Url = env("CTA_STORE_URL");
  std::string Options = "-csearch_path=" + env("CTA_STORE_DB", "public");
  const char *Keys[] = {"dbname", "options", nullptr};
  const char *Values[] = {Url.c_str(), Options.c_str(), nullptr};
  PGconn *C = PQconnectdbParams(Keys, Values, 1);
  if (!C || PQstatus(C) != CONNECTION_OK) {
    std::fprintf(stderr, "cta store: cannot connect to PostgreSQL at %s: %s\n",
                 Url.c_str(), C ? PQerrorMessage(C) : "out of memory");
    std::_Exit(4);
  }
  return C;
}
inline void exec(PGconn *C, const std::string &Sql, const char *What) {
  PGresult *R = PQexec(C, Sql.c_str());
  ExecStatusType St = PQresultStatus(R);
  if (St != PGRES_COMMAND_OK && St != PGRES_TUPLES_OK) {
    std::fprintf(stderr, "cta store: %s failed: %s\n", What, PQerrorMessage(C));
    std::_Exit(4);
  }
  PQclear(R);
}
/// The harness's own connection for resets and row counts, made before the
/// first fork and used only by the parent (a connection costs a backend).
inline PGconn *admin() {
  static PGconn *C = postgres();
  return C;
}
/// The job's schema dropped and made again with the tables of Schema.
inline void reset() {
  PGconn *C = admin();
  std::string Job = env("CTA_STORE_DB", "public");
  exec(C,
       "SET client_min_messages = warning; DROP SCHEMA IF EXISTS \"" + Job +
           "\" CASCADE; CREATE SCHEMA \"" + Job + "\"",
       "resetting the schema");
  exec(C, Schema, "loading the schema");
}
/// The row count of \p Table.
inline std::string stateOf(const char *Table) {
  if (!*Table)
    return "";
  PGconn *C = admin();
  PGresult *R = PQexec(
      C, (std::string("SELECT COUNT(*) FROM \"") + Table + "\"").c_str());
  std::string Out;
  if (PQresultStatus(R) == PGRES_TUPLES_OK && PQntuples(R) == 1)
    Out = PQgetvalue(R, 0, 0);
  PQclear(R);
  return Out;
}
#endif

#ifdef CTA_STORE_SQLITE
extern const char *const Schema;
inline sqlite3 *sqlite() {
  sqlite3 *Db = nullptr;
  std::string Path = env("CTA_STORE_URL");
  if (sqlite3_open(Path.c_str(), &Db) != SQLITE_OK) {
    std::fprintf(stderr, "cta store: cannot open %s\n", Path.c_str());
    std::_Exit(4);
  }
  sqlite3_busy_timeout(Db, 5000);
  return Db;
}
inline void reset() {
  std::string Path = env("CTA_STORE_URL");
  for (const char *Suffix : {"", "-wal", "-shm", "-journal"})
    ::unlink((Path + Suffix).c_str());
  sqlite3 *Db = sqlite();
  char *Err = nullptr;
  sqlite3_exec(Db, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
  if (sqlite3_exec(Db, Schema, nullptr, nullptr, &Err) != SQLITE_OK) {
    std::fprintf(stderr, "cta store: the schema does not load: %s\n",
                 Err ? Err : "?");
    std::_Exit(4);
  }
  sqlite3_close(Db);
}
/// "3 rows" in \p Table.
inline std::string stateOf(const char *Table) {
  if (!*Table)
    return "";
  sqlite3 *Db = sqlite();
  sqlite3_stmt *S = nullptr;
  std::string Out;
  std::string Q = std::string("SELECT COUNT(*) FROM \"") + Table + "\"";
  if (sqlite3_prepare_v2(Db, Q.c_str(), -1, &S, nullptr) == SQLITE_OK &&
      sqlite3_step(S) == SQLITE_ROW)
    Out = std::to_string(sqlite3_column_int64(S, 0));
  sqlite3_finalize(S);
  sqlite3_close(Db);
  return Out;
}
#endif

// The round
// ---------------------------------------------------------------------

struct Tally {
  unsigned Changed[MaxProcs + 1] = {}, Failed[MaxProcs + 1] = {};
  unsigned NumChanged = 0, NumFailed = 0, NumSucceeded = 0;
  std::string FirstFailure;
  std::string State;
};

inline void jsonString(std::string &Out, const char *S) {
  Out += '"';
  for (; *S; ++S) {
    unsigned char C = static_cast<unsigned char>(*S);
    if (C == '"' || C == '\\') {
      Out += '\\';
      Out += char(C);
    } else if (C < 0x20) {
      char Buf[8];
      std::snprintf(Buf, sizeof Buf, "\\u%04x", C);
      Out += Buf;
    } else {
      Out += char(C);
    }
  }
  Out += '"';
}

/// Runs the N calls: one process each, all at once (\p Concurrent) or one
/// after another; fills \p T from the shared events of acts at \p ActSite.
template <class Prepare, class Call>
void runCalls(unsigned N, bool Concurrent, bool Steer, uint64_t Seed,
              unsigned ActSite, const char *Table, Prepare &&Prep, Call &&C,
              Tally &T) {
  Shared *S = TheShared;
  reset();
  Prep();
  S->Arrived = 0;
  S->Checked = 0;
  S->Exited = 0;
  S->NextEvent = 0;
  S->N = Concurrent ? N : 1;
  S->Steer = Concurrent && Steer;
  std::memset(S->Succeeded, 0, sizeof S->Succeeded);
  pid_t Pids[MaxProcs];
  for (unsigned P = 1; P <= N; ++P) {
    std::fflush(nullptr);
    pid_t Pid = ::fork();
    if (Pid == 0) {
      TheProc = P;
      if (!Concurrent)
        S->Arrived = 0;
      bool Ok = C(Concurrent, Seed + P);
      S->Succeeded[P] = Ok ? 1 : 0;
      S->Exited.fetch_add(1);
      std::fflush(nullptr);
      std::_Exit(0);
    }
    Pids[P - 1] = Pid;
    if (!Concurrent && Pid > 0)
      ::waitpid(Pid, nullptr, 0);
  }
  if (Concurrent)
    for (unsigned P = 0; P < N; ++P)
      if (Pids[P] > 0)
        ::waitpid(Pids[P], nullptr, 0);
  unsigned Num = S->NextEvent.load();
  for (unsigned I = 0; I < Num && I < MaxEvents; ++I) {
    const Event &E = S->Events[I];
    if (E.Kind != 2 || E.Site != ActSite)
      continue;
    if (E.What == Changed) {
      ++T.Changed[E.Proc];
      ++T.NumChanged;
    } else if (E.What == Failed) {
      ++T.Failed[E.Proc];
      ++T.NumFailed;
      if (T.FirstFailure.empty())
        T.FirstFailure = E.Detail;
    }
  }
  for (unsigned P = 1; P <= N; ++P)
    T.NumSucceeded += S->Succeeded[P];
  T.State = stateOf(Table);
}

/// The harness's main: one round (baseline, then the race) per process,
/// its report one JSON line on --report-fd (docs/runtime.md).
template <class Prepare, class Call>
int main(int argc, char **argv, const SiteDesc *Sites, unsigned NumSites,
         unsigned CheckSite, unsigned ActSite, const char *Table,
         bool HasSuccess, Prepare &&Prep, Call &&C) {
  unsigned long long Seed = 1;
  unsigned N = 4, Flags = 3;
  int ReportFd = 1;
  for (int I = 1; I + 1 < argc; I += 2) {
    if (!std::strcmp(argv[I], "--seed"))
      Seed = std::strtoull(argv[I + 1], nullptr, 10);
    else if (!std::strcmp(argv[I], "--threads"))
      N = unsigned(std::strtoul(argv[I + 1], nullptr, 10));
    else if (!std::strcmp(argv[I], "--flags"))
      Flags = unsigned(std::strtoul(argv[I + 1], nullptr, 10));
    else if (!std::strcmp(argv[I], "--report-fd"))
      ReportFd = std::atoi(argv[I + 1]);
  }
  if (N < 2)
    N = 2;
  if (N > MaxProcs)
    N = MaxProcs;
  void *M = ::mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (M == MAP_FAILED)
    return 3;
  TheShared = new (M) Shared();
  Tally Base, Race;
  runCalls(N, false, false, Seed, ActSite, Table, Prep, C, Base);
  runCalls(N, true, Flags & 1, Seed, ActSite, Table, Prep, C, Race);

  bool MoreChanges = Race.NumChanged > Base.NumChanged;
  bool MoreFailures = Race.NumFailed > Base.NumFailed;
  bool MoreSuccesses = HasSuccess && Race.NumSucceeded > Base.NumSucceeded;
  int Bits = MoreChanges || MoreFailures || MoreSuccesses ? 2 : 0;

  auto siteName = [&](unsigned Id) {
    for (unsigned I = 0; I < NumSites; ++I)
      if (Sites[I].Id == Id) {
        const char *Slash = std::strrchr(Sites[I].File, '/');
        return std::string(Slash ? Slash + 1 : Sites[I].File) + ":" +
               std::to_string(Sites[I].Line);
      }
    return std::string("?");
  };
  std::string J =
      "{\"cta_report\":true,\"verdict_bits\":" + std::to_string(Bits) +
      ",\"store\":{\"processes\":" + std::to_string(N);
  J += ",\"check\":";
  jsonString(J, CheckSite ? siteName(CheckSite).c_str() : "");
  J += ",\"act\":";
  jsonString(J, siteName(ActSite).c_str());
  auto tally = [&](const char *Name, const Tally &T) {
    J += std::string(",\"") + Name +
         "\":{\"changed\":" + std::to_string(T.NumChanged) +
         ",\"failed\":" + std::to_string(T.NumFailed) +
         ",\"succeeded\":" + std::to_string(T.NumSucceeded) + ",\"rows\":";
    J += T.State.empty() ? "null" : T.State;
    J += ",\"first_failure\":";
    jsonString(J, T.FirstFailure.c_str());
    J += ",\"changed_by\":[";
    bool First = true;
    for (unsigned P = 1; P <= N; ++P)
      if (T.Changed[P]) {
        J += (First ? "" : ",") + std::to_string(P);
        First = false;
      }
    J += "],\"failed_by\":[";
    First = true;
    for (unsigned P = 1; P <= N; ++P)
      if (T.Failed[P]) {
        J += (First ? "" : ",") + std::to_string(P);
        First = false;
      }
    J += "]}";
  };
  tally("one_at_a_time", Base);
  tally("concurrent", Race);
  J += std::string(",\"has_success\":") + (HasSuccess ? "true" : "false");
  J += ",\"table\":";
  jsonString(J, Table);
  J += "},\"timeline\":[";
  std::string Text;
  unsigned Num = TheShared->NextEvent.load();
  for (unsigned I = 0; I < Num && I < MaxEvents; ++I) {
    const Event &E = TheShared->Events[I];
    const char *Kind = E.Kind == 1 ? "check" : E.Kind == 2 ? "act" : "park";
    const char *What = E.Kind == 2   ? (E.What == Changed     ? "changed"
                                        : E.What == Unchanged ? "unchanged"
                                                              : "failed")
                       : E.Kind == 3 ? (E.What ? "timed out" : "released")
                                     : "passed";
    const SiteDesc *D = nullptr;
    for (unsigned K = 0; K < NumSites; ++K)
      if (Sites[K].Id == E.Site)
        D = &Sites[K];
    J += I ? "," : "";
    J += "{\"seq\":" + std::to_string(I) +
         ",\"thread\":" + std::to_string(E.Proc) + ",\"kind\":\"" + Kind +
         "\",\"site\":" + std::to_string(E.Site) + ",\"file\":";
    jsonString(J, D ? D->File : "");
    J += ",\"line\":" + std::to_string(D ? D->Line : 0) + ",\"text\":";
    jsonString(J, D ? D->Text : "");
    J += ",\"outcome\":\"" + std::string(What) + "\"}";
    if (E.Kind != 3)
      Text += (Text.empty() ? "" : " -> ") + std::string("P") +
              std::to_string(E.Proc) + " " + Kind + " " + What + " at " +
              siteName(E.Site);
  }
  J += "],\"timeline_text\":";
  jsonString(J, Text.c_str());
  J += "}\n";
  ssize_t W = ::write(ReportFd, J.data(), J.size());
  std::fflush(nullptr);
  return W == ssize_t(J.size()) ? 0 : 3;
}

} // namespace cta_store

#endif // CTA_STORE_HPP
