//===-- runtime/Schedule.cpp - rounds, barrier, parking, delays -----------===//
//
// Part of cta, a tool that finds check-then-act races in C++ services.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The scheduler: a round starts with every logical thread waiting at a spin
/// barrier; once all arrived (or the barrier timed out) each thread sleeps an
/// entry delay derived from the seed, so the seed decides the release order.
/// With CTA_STEER a thread whose check saw "absent" parks until a peer passes
/// a check on the same object and key, which puts two threads inside the
/// check-then-act window on purpose. Every wait is bounded.
///
/// Delays are in microseconds. The seed fixes the delay sequence of every
/// thread and the release order; the OS still decides the exact timing, so a
/// replay repeats the schedule, not the nanoseconds.
///
/// Waits spin briefly and then sleep in short steps: harnesses run more
/// threads than the machine has cores, and a spinning waiter would take the
/// core from the very thread it waits for. Sleeps use the raw system call
/// because ThreadSanitizer intercepts nanosleep() to annotate its reports.
///
//===----------------------------------------------------------------------===//

#include "Runtime.h"

#include "cta/rt.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

namespace cta {
namespace rt {

Round TheRound;
ThreadSlot Threads[MaxThreads + 1];

namespace {

/// Gap between consecutive threads of the release order, and the random part
/// added to it, in microseconds.
constexpr uint32_t EntryStepMicros = 200;
constexpr uint32_t EntryJitterMicros = 100;
/// Upper bound of the random delay after a check, in microseconds.
constexpr uint32_t CheckJitterMicros = 100;
/// Delays shorter than this spin on the clock; sleeping would overshoot them
/// by the kernel's timer slack.
constexpr uint32_t SpinBelowMicros = 60;
/// Waits spin this many rounds before they start sleeping PollMicros a time.
constexpr uint32_t SpinRounds = 256;
constexpr uint32_t PollMicros = 20;

thread_local uint32_t TlsTid;
thread_local uint32_t TlsGeneration;

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

void sleepMicros(uint32_t Micros) {
  struct timespec Ts;
  Ts.tv_sec = time_t(Micros / 1000000);
  Ts.tv_nsec = long(Micros % 1000000) * 1000;
  syscall(SYS_nanosleep, &Ts, nullptr);
}

/// One step of a bounded wait: spin first, then sleep.
void backoff(uint32_t Iter) {
  if (Iter < SpinRounds)
    cpuRelax();
  else
    sleepMicros(PollMicros);
}

/// Parses "key=value" pairs separated by ':', ',' or spaces; unknown keys and
/// malformed values are ignored so a typo never stops a run.
void applyOptions(const char *Text, uint64_t &ParkMicros,
                  uint64_t &BarrierMicros) {
  if (!Text)
    return;
  const char *P = Text;
  while (*P) {
    while (*P == ':' || *P == ',' || *P == ' ')
      ++P;
    const char *Key = P;
    while (*P && *P != '=' && *P != ':' && *P != ',' && *P != ' ')
      ++P;
    size_t KeyLen = size_t(P - Key);
    if (*P != '=')
      continue;
    ++P;
    char *End = nullptr;
    unsigned long long Value = strtoull(P, &End, 10);
    bool Valid = End != P && (*End == '\0' || *End == ':' || *End == ',' ||
                              *End == ' ');
    P = End != P ? End : P;
    while (*P && *P != ':' && *P != ',' && *P != ' ')
      ++P;
    if (!Valid)
      continue;
    if (KeyLen == 7 && !strncmp(Key, "park_us", 7))
      ParkMicros = Value;
    else if (KeyLen == 10 && !strncmp(Key, "barrier_us", 10))
      BarrierMicros = Value;
  }
}

void readOptions(Round &R) {
  uint64_t ParkMicros = DefaultParkMicros;
  uint64_t BarrierMicros = DefaultBarrierMicros;
  applyOptions(__cta_default_options(), ParkMicros, BarrierMicros);
  applyOptions(getenv("CTA_OPTIONS"), ParkMicros, BarrierMicros);
  if (const char *Park = getenv("CTA_PARK_US")) {
    char *End = nullptr;
    unsigned long long Value = strtoull(Park, &End, 10);
    if (End != Park && *End == '\0')
      ParkMicros = Value;
  }
  R.ParkNanos = ParkMicros * 1000;
  R.BarrierNanos = BarrierMicros * 1000;
}

void takeDelay(ThreadSlot &T, uint32_t Micros) {
  if (T.NumDelays < MaxRecordedDelays)
    T.Delays[T.NumDelays] = Micros;
  ++T.NumDelays;
  delayMicros(Micros);
}

void waitAtBarrier(Round &R) {
  uint64_t Deadline = nowNanos() + R.BarrierNanos;
  for (uint32_t Iter = 0; !R.Released.load(std::memory_order_acquire);
       ++Iter) {
    backoff(Iter);
    if (nowNanos() >= Deadline) {
      R.BarrierTimedOut.store(1, std::memory_order_relaxed);
      R.Released.store(1, std::memory_order_release);
    }
  }
}

/// Looks at the events after Cursor for a check by another thread on the
/// same object and key. Stops at an event whose writer has not finished.
bool peerChecked(uint32_t Tid, const void *Obj, uint64_t Key,
                 uint32_t &Cursor) {
  uint32_t End = eventsClaimed();
  for (; Cursor < End; ++Cursor) {
    const Event *E = eventAt(Cursor);
    if (!E)
      return false;
    if (E->Kind == EventKind::Check && E->Thread != Tid && E->Obj == Obj &&
        E->Key == Key)
      return true;
  }
  return false;
}

} // namespace

uint64_t nextRandom(uint64_t &State) {
  uint64_t Z = (State += 0x9e3779b97f4a7c15ULL);
  Z = (Z ^ (Z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  Z = (Z ^ (Z >> 27)) * 0x94d049bb133111ebULL;
  return Z ^ (Z >> 31);
}

uint64_t nowNanos() {
  struct timespec Ts;
  clock_gettime(CLOCK_MONOTONIC, &Ts);
  return uint64_t(Ts.tv_sec) * 1000000000ULL + uint64_t(Ts.tv_nsec);
}

void delayMicros(uint32_t Micros) {
  if (!Micros)
    return;
  if (Micros >= SpinBelowMicros) {
    sleepMicros(Micros);
    return;
  }
  uint64_t End = nowNanos() + uint64_t(Micros) * 1000;
  for (uint32_t Iter = 1; nowNanos() < End; ++Iter) {
    cpuRelax();
    if ((Iter & 63) == 0)
      sched_yield();
  }
}

uint32_t currentThread() {
  if (TlsTid == 0 ||
      TlsGeneration != TheRound.Generation.load(std::memory_order_relaxed))
    return 0;
  return TlsTid;
}

void seededDelay(uint32_t Tid) {
  ThreadSlot &T = Threads[Tid];
  uint64_t X = nextRandom(T.Prng);
  // Half of the checks run on at once; the others wait a random while.
  uint32_t Micros = (X & 1) ? 0 : 1 + uint32_t((X >> 1) % CheckJitterMicros);
  takeDelay(T, Micros);
}

void afterCheck(uint32_t Tid, const void *Obj, uint64_t Key, uint32_t Seq,
                bool SawAbsent) {
  uint32_t Flags = TheRound.Flags;
  if ((Flags & CTA_STEER) && SawAbsent && Seq != NoEvent)
    parkAfterCheck(Tid, Obj, Key, Seq);
  if (Flags & CTA_JITTER)
    seededDelay(Tid);
}

void parkAfterCheck(uint32_t Tid, const void *Obj, uint64_t Key,
                    uint32_t Seq) {
  Round &R = TheRound;
  ThreadSlot &T = Threads[Tid];
  ++T.Parks;
  uint32_t TimeoutsBefore = T.ParkTimeouts;
  T.State.store(uint32_t(ThreadState::Parked), std::memory_order_relaxed);
  R.Idle.fetch_add(1, std::memory_order_acq_rel);
  uint64_t Deadline = nowNanos() + R.ParkNanos;
  uint32_t Cursor = Seq + 1;
  for (uint32_t Iter = 0;; ++Iter) {
    if (peerChecked(Tid, Obj, Key, Cursor))
      break;
    // Waiting is pointless once every peer has finished or parked itself.
    uint64_t Idle = R.Idle.load(std::memory_order_acquire);
    uint32_t IdlePeers = uint32_t(Idle) - 1 + uint32_t(Idle >> 32);
    uint32_t Peers = R.Arrived.load(std::memory_order_acquire) - 1;
    if (IdlePeers >= Peers)
      break;
    if (nowNanos() >= Deadline) {
      ++T.ParkTimeouts;
      break;
    }
    backoff(Iter);
  }
  R.Idle.fetch_sub(1, std::memory_order_acq_rel);
  T.State.store(uint32_t(ThreadState::Running), std::memory_order_relaxed);
  // The end of the window, for timelines drawn from the report.
  const Event *Check = eventAt(Seq);
  recordEvent(EventKind::Park, Tid, Obj, Key, Check ? Check->Site : 0,
              T.ParkTimeouts != TimeoutsBefore, nullptr);
}

} // namespace rt
} // namespace cta

using namespace cta::rt;

extern "C" {

__attribute__((weak)) const char *__cta_default_options(void) { return ""; }

uint32_t __cta_abi_version(void) { return CTA_RT_ABI_VERSION; }

void __cta_round_begin(uint64_t Seed, uint32_t NThreads, uint32_t Flags) {
  Round &R = TheRound;
  if (NThreads == 0)
    NThreads = 1;
  if (NThreads > MaxThreads)
    NThreads = MaxThreads;
  R.Seed = Seed;
  R.NumThreads = NThreads;
  R.Flags = Flags;
  readOptions(R);
  R.Arrived.store(0, std::memory_order_relaxed);
  R.Released.store(0, std::memory_order_relaxed);
  R.BarrierTimedOut.store(0, std::memory_order_relaxed);
  R.Idle.store(0, std::memory_order_relaxed);

  for (uint32_t Tid = 0; Tid <= MaxThreads; ++Tid) {
    ThreadSlot &T = Threads[Tid];
    T.State.store(uint32_t(ThreadState::Absent), std::memory_order_relaxed);
    T.Rank = Tid ? Tid - 1 : 0;
    // Each thread's stream depends on the seed and on its id only.
    T.Prng = Seed ^ (0x243f6a8885a308d3ULL * (Tid + 1));
    nextRandom(T.Prng);
    T.NumDelays = 0;
    T.Parks = 0;
    T.ParkTimeouts = 0;
    T.Deferred = false;
    T.Succeeded = false;
  }
  R.Allowed = -1;
  R.Bound = -1;
  R.MaxSize.store(0, std::memory_order_relaxed);
  R.MaxSizeObj = nullptr;

  // The seeded release order: a Fisher-Yates shuffle of 1..NThreads.
  uint64_t Shuffle = Seed ^ 0x5851f42d4c957f2dULL;
  for (uint32_t I = 0; I < NThreads; ++I)
    R.Order[I] = I + 1;
  for (uint32_t I = NThreads - 1; I > 0; --I) {
    uint32_t J = uint32_t(nextRandom(Shuffle) % (I + 1));
    uint32_t Tmp = R.Order[I];
    R.Order[I] = R.Order[J];
    R.Order[J] = Tmp;
  }
  for (uint32_t I = 0; I < NThreads; ++I)
    Threads[R.Order[I]].Rank = I;

  resetRecorder();
  resetTsanCapture();
  // Last: bumping the generation retires the previous round's events and
  // thread registrations.
  R.Generation.fetch_add(1, std::memory_order_acq_rel);
}

void __cta_thread_enter(uint32_t Tid) {
  Round &R = TheRound;
  if (Tid == 0 || Tid > MaxThreads)
    return;
  ThreadSlot &T = Threads[Tid];
  TlsTid = Tid;
  TlsGeneration = R.Generation.load(std::memory_order_acquire);
  T.State.store(uint32_t(ThreadState::Waiting), std::memory_order_relaxed);
  uint32_t Arrived = R.Arrived.fetch_add(1, std::memory_order_acq_rel) + 1;
  if (Arrived >= R.NumThreads)
    R.Released.store(1, std::memory_order_release);
  waitAtBarrier(R);
  T.State.store(uint32_t(ThreadState::Running), std::memory_order_relaxed);
  if (!(R.Flags & CTA_JITTER))
    return;
  uint32_t Jitter = uint32_t(nextRandom(T.Prng) % EntryJitterMicros);
  takeDelay(T, T.Rank * EntryStepMicros + Jitter);
}

void __cta_window(void) {
  uint32_t Tid = currentThread();
  if (!Tid)
    return;
  ThreadSlot &T = Threads[Tid];
  if (!T.Deferred)
    return;
  T.Deferred = false;
  afterCheck(Tid, T.DeferredObj, T.DeferredKey, T.DeferredSeq,
             T.DeferredAbsent);
}

void __cta_thread_exit(void) {
  uint32_t Tid = currentThread();
  if (!Tid)
    return;
  Threads[Tid].State.store(uint32_t(ThreadState::Exited),
                           std::memory_order_relaxed);
  TheRound.Idle.fetch_add(IdleExitedOne, std::memory_order_acq_rel);
  TlsTid = 0;
}

uint32_t __cta_thread_delays(uint32_t Tid, uint32_t *Out, uint32_t N) {
  if (Tid == 0 || Tid > MaxThreads)
    return 0;
  const ThreadSlot &T = Threads[Tid];
  uint32_t Kept = T.NumDelays < MaxRecordedDelays ? T.NumDelays
                                                  : MaxRecordedDelays;
  for (uint32_t I = 0; I < Kept && I < N; ++I)
    Out[I] = T.Delays[I];
  return T.NumDelays;
}

} // extern "C"
