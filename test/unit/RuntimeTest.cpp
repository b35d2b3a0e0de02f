//===-- test/unit/RuntimeTest.cpp - libcta_rt scheduler and oracles -------===//
//
// Part of cta, a tool that finds check-then-act races in C++ services.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Unit tests of the runtime's schedule (barrier, seeded delays, parking) and
/// of oracles (b) and (c), driving the C ABI from real threads the way a
/// generated harness does. No sanitizer is involved here.
///
//===----------------------------------------------------------------------===//

#include "cta/rt.h"
#include "cta/rt.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

constexpr uint32_t CheckSite = 1;
constexpr uint32_t ActSite = 2;

long long millisSince(Clock::time_point Start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() -
                                                               Start)
      .count();
}

/// Runs one round the way a harness does: NumThreads threads, each a logical
/// round thread for the duration of Body(Tid).
template <typename Fn>
int runRound(uint64_t Seed, uint32_t NumThreads, uint32_t Flags, Fn Body) {
  __cta_round_begin(Seed, NumThreads, Flags);
  std::vector<std::thread> Workers;
  for (uint32_t Tid = 1; Tid <= NumThreads; ++Tid)
    Workers.emplace_back([&Body, Tid] {
      cta::ThreadScope Scope(Tid);
      Body(Tid);
    });
  for (std::thread &W : Workers)
    W.join();
  return __cta_round_end();
}

/// Each thread checks a shared flag and, if it was unset, sets it: the act
/// is not atomic with the check.
int unprotectedRound(uint64_t Seed, uint32_t Flags) {
  std::atomic<bool> Initialized{false};
  return runRound(Seed, 4, Flags, [&](uint32_t) {
    bool SawAbsent = !Initialized.load(std::memory_order_relaxed);
    __cta_check(&Initialized, 0, CheckSite, SawAbsent);
    if (SawAbsent) {
      __cta_act(&Initialized, 0, ActSite);
      Initialized.store(true, std::memory_order_relaxed);
    }
  });
}

/// The same check and act under one lock.
int lockedRound(uint64_t Seed, uint32_t Flags) {
  std::mutex Lock;
  bool Initialized = false;
  return runRound(Seed, 4, Flags, [&](uint32_t) {
    std::lock_guard<std::mutex> Guard(Lock);
    bool SawAbsent = cta::check(&Initialized, 0, CheckSite, !Initialized);
    if (SawAbsent) {
      cta::act(&Initialized, 0, ActSite);
      Initialized = true;
    }
  });
}

/// Check and act each under the lock, in two critical sections. With
/// ParkAtWindow the check site is CTA_SITE_LOCKED and threads park after the
/// first section; otherwise they park inside it, holding the lock.
int splitLockRound(uint64_t Seed, bool ParkAtWindow) {
  constexpr uint32_t LockedCheckSite = 3;
  __cta_site(LockedCheckSite,
             CTA_KIND_CHECK | (ParkAtWindow ? CTA_SITE_LOCKED : 0),
             "/src/cache.cpp", 30, "cache_.find(key)");
  std::mutex Lock;
  bool Initialized = false;
  return runRound(Seed, 4, CTA_STEER | CTA_JITTER, [&](uint32_t) {
    bool SawAbsent;
    {
      std::lock_guard<std::mutex> Guard(Lock);
      SawAbsent = cta::check(&Initialized, 0, LockedCheckSite, !Initialized);
    }
    cta::window();
    if (!SawAbsent)
      return;
    std::lock_guard<std::mutex> Guard(Lock);
    cta::act(&Initialized, 0, ActSite);
    Initialized = true;
  });
}

struct Widget {
  int Payload = 0;
};

std::mutex *KeepLock() {
  static std::mutex M;
  return &M;
}

/// A get-or-create: returns the shared widget, creating it if absent. With
/// Locked false two callers can each create (and get) their own widget.
int getOrCreateRound(uint64_t Seed, bool Locked,
                     std::vector<std::unique_ptr<Widget>> &Keep) {
  std::mutex Lock;
  std::atomic<Widget *> Slot{nullptr};
  const uint64_t Key = cta::keyHash(std::string("conn-1"));
  return runRound(Seed, 4, CTA_STEER | CTA_JITTER, [&](uint32_t) {
    std::unique_lock<std::mutex> Guard(Lock, std::defer_lock);
    if (Locked)
      Guard.lock();
    Widget *Current = Slot.load(std::memory_order_acquire);
    if (cta::check(&Slot, Key, CheckSite, Current == nullptr)) {
      auto Fresh = std::make_unique<Widget>();
      Current = Fresh.get();
      cta::act(&Slot, Key, ActSite);
      Slot.store(Current, std::memory_order_release);
      std::lock_guard<std::mutex> KeepGuard(*KeepLock());
      Keep.push_back(std::move(Fresh));
    }
    cta::result(&Slot, Key, Current);
  });
}

class RuntimeTest : public ::testing::Test {
protected:
  void SetUp() override {
    unsetenv("CTA_OPTIONS");
    unsetenv("CTA_PARK_US");
    __cta_site(CheckSite, CTA_KIND_CHECK, "/src/cache.cpp", 12,
               "cache_.find(key)");
    __cta_site(ActSite, CTA_KIND_ACT, "/src/cache.cpp", 15, "cache_[key] = v");
    __cta_set_target("ConnCache::get");
  }
  void TearDown() override {
    unsetenv("CTA_OPTIONS");
    unsetenv("CTA_PARK_US");
  }

  static __cta_stats stats() {
    __cta_stats S;
    __cta_get_stats(&S);
    return S;
  }

  static std::vector<uint32_t> delaysOf(uint32_t Tid) {
    std::vector<uint32_t> Out(64);
    uint32_t N = __cta_thread_delays(Tid, Out.data(), uint32_t(Out.size()));
    Out.resize(N < Out.size() ? N : Out.size());
    return Out;
  }
};

TEST_F(RuntimeTest, AbiVersionMatchesHeader) {
  EXPECT_EQ(__cta_abi_version(), uint32_t(CTA_RT_ABI_VERSION));
}

TEST_F(RuntimeTest, BarrierReleasesAllThreadsTogether) {
  constexpr uint32_t N = 6;
  std::atomic<uint32_t> Arrived{0};
  std::vector<uint32_t> SeenAtRelease(N + 1, 0);
  __cta_round_begin(7, N, 0);
  std::vector<std::thread> Workers;
  for (uint32_t Tid = 1; Tid <= N; ++Tid) {
    Workers.emplace_back([&, Tid] {
      Arrived.fetch_add(1);
      __cta_thread_enter(Tid);
      SeenAtRelease[Tid] = Arrived.load();
      __cta_thread_exit();
    });
    // Stagger the starts: a barrier that let anyone through early would be
    // seen by an early thread counting fewer than N arrivals.
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
  }
  for (std::thread &W : Workers)
    W.join();
  EXPECT_EQ(__cta_round_end(), CTA_VERDICT_CLEAN);
  for (uint32_t Tid = 1; Tid <= N; ++Tid)
    EXPECT_EQ(SeenAtRelease[Tid], N) << "thread " << Tid;
  __cta_stats S = stats();
  EXPECT_EQ(S.threads_entered, N);
  EXPECT_EQ(S.barrier_timeout, 0u);
}

TEST_F(RuntimeTest, BarrierGivesUpAfterTimeout) {
  setenv("CTA_OPTIONS", "barrier_us=20000", 1);
  __cta_round_begin(1, 3, CTA_STEER | CTA_JITTER);
  auto Start = Clock::now();
  std::thread Lonely([] { cta::ThreadScope Scope(1); });
  Lonely.join();
  long long Elapsed = millisSince(Start);
  __cta_round_end();
  EXPECT_EQ(stats().barrier_timeout, 1u);
  EXPECT_GE(Elapsed, 15);
  EXPECT_LT(Elapsed, 1000);
}

/// Four threads, each taking its entry delay and six check delays.
void jitterRound(uint64_t Seed) {
  runRound(Seed, 4, CTA_JITTER, [](uint32_t Tid) {
    for (int I = 0; I < 6; ++I)
      __cta_check(&Tid, uint64_t(I), CheckSite, 0);
  });
}

TEST_F(RuntimeTest, SameSeedGivesSameDelaysAndOrder) {
  jitterRound(42);
  std::vector<std::vector<uint32_t>> First;
  for (uint32_t Tid = 1; Tid <= 4; ++Tid)
    First.push_back(delaysOf(Tid));
  jitterRound(42);
  for (uint32_t Tid = 1; Tid <= 4; ++Tid) {
    ASSERT_EQ(First[Tid - 1].size(), 7u) << "entry delay + one per check";
    EXPECT_EQ(delaysOf(Tid), First[Tid - 1]) << "thread " << Tid;
  }
  // The entry delay encodes the release rank: the four ranks are distinct.
  std::vector<uint32_t> Ranks;
  for (const auto &D : First)
    Ranks.push_back(D[0] / 200); // rank * 200us + jitter below 100us
  std::sort(Ranks.begin(), Ranks.end());
  EXPECT_EQ(Ranks, (std::vector<uint32_t>{0, 1, 2, 3}));
}

TEST_F(RuntimeTest, DifferentSeedsGiveDifferentDelays) {
  jitterRound(42);
  std::vector<std::vector<uint32_t>> First;
  for (uint32_t Tid = 1; Tid <= 4; ++Tid)
    First.push_back(delaysOf(Tid));
  jitterRound(43);
  int Differing = 0;
  for (uint32_t Tid = 1; Tid <= 4; ++Tid)
    Differing += delaysOf(Tid) != First[Tid - 1];
  EXPECT_EQ(Differing, 4);
}

TEST_F(RuntimeTest, SteeringMakesUnprotectedCheckThenActCollide) {
  constexpr int Rounds = 100;
  auto rate = [](uint32_t Flags) {
    int Hits = 0;
    for (int Round = 0; Round < Rounds; ++Round)
      Hits +=
          (unprotectedRound(1000 + Round, Flags) & CTA_VERDICT_ATOMICITY) != 0;
    return Hits;
  };
  int Steered = rate(CTA_STEER | CTA_JITTER);
  int JitterOnly = rate(CTA_JITTER);
  int BarrierOnly = rate(0);
  std::printf("atomicity verdicts in %d rounds: steered %d, jitter only %d, "
              "barrier only %d\n",
              Rounds, Steered, JitterOnly, BarrierOnly);
  RecordProperty("steered", Steered);
  RecordProperty("jitter_only", JitterOnly);
  RecordProperty("barrier_only", BarrierOnly);
  EXPECT_GE(Steered, 95);
}

TEST_F(RuntimeTest, LockedCheckThenActIsNeverAtomicityViolation) {
  // The parked thread holds the lock, so every park runs into its timeout;
  // keep it short.
  setenv("CTA_OPTIONS", "park_us=1000", 1);
  int Flagged = 0;
  for (int Round = 0; Round < 200; ++Round)
    Flagged += (lockedRound(5000 + Round, CTA_STEER | CTA_JITTER) &
                CTA_VERDICT_ATOMICITY) != 0;
  EXPECT_EQ(Flagged, 0);
}

TEST_F(RuntimeTest, SplitLockParksAtWindowNotInsideTheLock) {
  constexpr int Rounds = 100;
  int AtWindow = 0, InsideLock = 0;
  for (int Round = 0; Round < Rounds; ++Round)
    AtWindow +=
        (splitLockRound(3000 + Round, true) & CTA_VERDICT_ATOMICITY) != 0;
  auto Start = Clock::now();
  for (int Round = 0; Round < Rounds; ++Round)
    InsideLock +=
        (splitLockRound(3000 + Round, false) & CTA_VERDICT_ATOMICITY) != 0;
  std::printf("split-lock atomicity verdicts in %d rounds: parked at window "
              "%d, parked inside the lock %d (%lld ms)\n",
              Rounds, AtWindow, InsideLock, millisSince(Start));
  RecordProperty("split_lock_window", AtWindow);
  RecordProperty("split_lock_inside", InsideLock);
  EXPECT_GE(AtWindow, 95);
}

TEST_F(RuntimeTest, WindowWithoutDeferredCheckDoesNothing) {
  setenv("CTA_PARK_US", "2000000", 1);
  auto Start = Clock::now();
  runRound(17, 2, CTA_STEER | CTA_JITTER, [](uint32_t) {
    cta::window();
    cta::window();
  });
  EXPECT_LT(millisSince(Start), 1000);
  __cta_stats S = stats();
  EXPECT_EQ(S.parks, 0u);
  EXPECT_EQ(S.events, 0u);
}

TEST_F(RuntimeTest, UnregisteredThreadsAreRecordedButNotJudged) {
  __cta_round_begin(3, 2, CTA_STEER);
  std::atomic<bool> Initialized{false};
  auto Body = [&] {
    bool SawAbsent = !Initialized.load();
    __cta_check(&Initialized, 0, CheckSite, 1);
    __cta_act(&Initialized, 0, ActSite);
    (void)SawAbsent;
  };
  std::thread A(Body), B(Body);
  A.join();
  B.join();
  EXPECT_EQ(__cta_round_end(), CTA_VERDICT_CLEAN);
  __cta_stats S = stats();
  EXPECT_EQ(S.events, 4u);
  EXPECT_EQ(S.parks, 0u);
}

TEST_F(RuntimeTest, DifferentObjectsFromRacyGetOrCreate) {
  std::vector<std::unique_ptr<Widget>> Keep;
  int Racy = 0, Locked = 0;
  for (int Round = 0; Round < 100; ++Round) {
    Racy += (getOrCreateRound(200 + Round, false, Keep) &
             CTA_VERDICT_DIFFERENT_OBJECTS) != 0;
  }
  setenv("CTA_OPTIONS", "park_us=1000", 1);
  for (int Round = 0; Round < 100; ++Round) {
    Locked += (getOrCreateRound(200 + Round, true, Keep) &
               CTA_VERDICT_DIFFERENT_OBJECTS) != 0;
  }
  std::printf("different-objects verdicts in 100 rounds: racy %d, locked %d\n",
              Racy, Locked);
  EXPECT_GE(Racy, 95);
  EXPECT_EQ(Locked, 0);
}

TEST_F(RuntimeTest, ParkWithNoPeersReturnsAtOnce) {
  setenv("CTA_PARK_US", "2000000", 1);
  auto Start = Clock::now();
  int Verdict = runRound(9, 1, CTA_STEER | CTA_JITTER, [](uint32_t) {
    static int Object;
    __cta_check(&Object, 0, CheckSite, 1);
    __cta_act(&Object, 0, ActSite);
  });
  EXPECT_LT(millisSince(Start), 1000);
  EXPECT_EQ(Verdict, CTA_VERDICT_CLEAN);
  __cta_stats S = stats();
  EXPECT_EQ(S.parks, 1u);
  EXPECT_EQ(S.park_timeouts, 0u);
}

/// The park ends when the peer checks: not before (the peer is still
/// asleep), not at its exit (it stays until thread 1 is released) and not
/// at the 2 s timeout. Asserted by the order of the two threads' steps, so
/// that a loaded machine, which only stretches the times, cannot fail it.
TEST_F(RuntimeTest, ParkEndsWhenPeerChecks) {
  setenv("CTA_PARK_US", "2000000", 1);
  static int Object;
  std::atomic<bool> PeerChecking{false};
  std::atomic<bool> Released{false};
  bool ReleasedAfterPeerCheck = false;
  bool PeerSawRelease = false;
  runRound(11, 2, CTA_STEER, [&](uint32_t Tid) {
    if (Tid == 1) {
      __cta_check(&Object, 0, CheckSite, 1);
      ReleasedAfterPeerCheck = PeerChecking.load();
      Released = true;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    PeerChecking = true;
    __cta_check(&Object, 0, CheckSite, 0);
    // Stay alive: thread 1 must be released by the check, not by our exit.
    // Bounded, so that a park that never ends fails instead of hanging.
    auto Start = Clock::now();
    while (!Released && millisSince(Start) < 10000)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    PeerSawRelease = Released.load();
  });
  EXPECT_TRUE(ReleasedAfterPeerCheck);
  EXPECT_TRUE(PeerSawRelease);
  __cta_stats S = stats();
  EXPECT_EQ(S.parks, 1u);
  EXPECT_EQ(S.park_timeouts, 0u);
}

TEST_F(RuntimeTest, ParkIsBoundedWhenPeerNeverChecks) {
  setenv("CTA_OPTIONS", "park_us=5000", 1);
  static int Object;
  std::atomic<long long> ParkedMs{-1};
  auto Start = Clock::now();
  runRound(13, 2, CTA_STEER, [&](uint32_t Tid) {
    if (Tid == 1) {
      auto CheckStart = Clock::now();
      __cta_check(&Object, 0, CheckSite, 1);
      ParkedMs = millisSince(CheckStart);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
  });
  EXPECT_LT(ParkedMs.load(), 300);
  EXPECT_LT(millisSince(Start), 2000);
  __cta_stats S = stats();
  EXPECT_EQ(S.parks, 1u);
  EXPECT_EQ(S.park_timeouts, 1u);
}

TEST_F(RuntimeTest, KeyHashUsesStdHashOrOneBucket) {
  struct Opaque {
    int X;
  };
  EXPECT_TRUE(cta::isKeyHashable<std::string>);
  EXPECT_FALSE(cta::isKeyHashable<Opaque>);
  EXPECT_EQ(cta::keyHash(std::string("a")),
            uint64_t(std::hash<std::string>{}("a")));
  EXPECT_NE(cta::keyHash(std::string("a")), cta::keyHash(std::string("b")));
  EXPECT_EQ(cta::keyHash(Opaque{1}), 0u);
  EXPECT_EQ(cta::keyHash(Opaque{1}), cta::keyHash(Opaque{2}));
  EXPECT_EQ(cta::keyHash(1, std::string("x")),
            cta::keyHash(1, std::string("x")));
  EXPECT_NE(cta::keyHash(1, std::string("x")),
            cta::keyHash(2, std::string("x")));
}

} // namespace

TEST_F(RuntimeTest, OverBoundWhenAnActLeavesMoreThanTheBoundAdmits) {
  // Oracle (e): the largest size an act left is judged against the bound.
  int Container = 0;
  auto Round = [&](bool SetBound, uint64_t Limit, uint64_t Size) {
    __cta_round_begin(9, 2, 0);
    if (SetBound)
      __cta_bound(Limit);
    std::vector<std::thread> Workers;
    for (uint32_t Tid = 1; Tid <= 2; ++Tid)
      Workers.emplace_back([&, Tid] {
        cta::ThreadScope Scope(Tid);
        __cta_size(&Container, Tid == 2 ? Size : 1);
      });
    for (std::thread &W : Workers)
      W.join();
    return __cta_round_end();
  };
  EXPECT_EQ(Round(true, 4, 5), CTA_VERDICT_OVER_BOUND);
  EXPECT_EQ(Round(true, 4, 4), CTA_VERDICT_CLEAN);
  EXPECT_EQ(Round(false, 4, 5), CTA_VERDICT_CLEAN);
  // A thread outside the round is not judged.
  __cta_round_begin(9, 1, 0);
  __cta_bound(1);
  __cta_size(&Container, 7);
  EXPECT_EQ(__cta_round_end(), CTA_VERDICT_CLEAN);
}
