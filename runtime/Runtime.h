//===-- runtime/Runtime.h - libcta_rt internals ----------------*- C++ -*-===//
//
// Part of cta, a tool that finds check-then-act races in C++ services.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// State shared by the parts of libcta_rt: the round, the logical threads, the
/// event recorder, the site table, the verdict and the ThreadSanitizer capture.
///
/// The runtime runs inside a ThreadSanitizer process but is not instrumented,
/// so its own synchronization (the barrier, parking) is invisible to TSan and
/// does not hide the races of the code under test. For the same reason it
/// never calls an intercepted synchronization primitive (no pthread mutexes
/// or condition variables): only std::atomic, pause and sched_yield. It never
/// allocates after startup; all state lives in fixed static arrays.
///
//===----------------------------------------------------------------------===//

#ifndef CTA_RUNTIME_RUNTIME_H
#define CTA_RUNTIME_RUNTIME_H

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace cta {
namespace rt {

/// Logical threads are 1..MaxThreads; 0 means "not a round thread".
constexpr uint32_t MaxThreads = 64;
constexpr uint32_t MaxSites = 4096;
constexpr uint32_t EventCapacity = 8192;
/// Delays kept per thread for replay checks; later delays are only counted.
constexpr uint32_t MaxRecordedDelays = 32;

constexpr uint64_t DefaultParkMicros = 20000;
constexpr uint64_t DefaultBarrierMicros = 2000000;

/// Park: a thread resumed after parking behind its check (recorded when the
/// park ends, at the check's site; SawAbsent holds "the park timed out").
enum class EventKind : uint8_t { Check = 1, Act = 2, Result = 3, Park = 4 };

/// One recorded check, act, result or park. A writer claims an index with a
/// fetch_add, fills the fields, then publishes them by storing the round's
/// generation into Stamp (release); readers accept an event only when Stamp
/// equals the current generation (acquire).
struct Event {
  std::atomic<uint32_t> Stamp;
  EventKind Kind;
  uint8_t SawAbsent;
  uint16_t Thread;
  uint32_t Site;
  const void *Obj;
  uint64_t Key;
  const void *Result;
};

struct Site {
  const char *File;
  const char *Text;
  uint32_t Line;
  uint32_t Kind;
};

enum class ThreadState : uint32_t { Absent, Waiting, Running, Parked, Exited };

/// Per logical thread. Everything but State is written only by the owning
/// thread while the round runs and read by the controlling thread after join.
struct ThreadSlot {
  std::atomic<uint32_t> State;
  uint32_t Rank; ///< Position in the seeded release order, 0-based.
  uint64_t Prng;
  uint32_t NumDelays;
  uint32_t Delays[MaxRecordedDelays];
  uint32_t Parks;
  uint32_t ParkTimeouts;
  /// A check at a CTA_SITE_LOCKED site whose park and delay wait for
  /// __cta_window.
  bool Deferred;
  bool DeferredAbsent;
  const void *DeferredObj;
  uint64_t DeferredKey;
  uint32_t DeferredSeq;
  /// The thread's call succeeded (oracle d).
  bool Succeeded;
};

struct Round {
  /// Incremented by every __cta_round_begin; stamps events and registrations.
  std::atomic<uint32_t> Generation;
  uint64_t Seed;
  uint32_t NumThreads;
  uint32_t Flags;
  uint64_t ParkNanos;
  uint64_t BarrierNanos;
  std::atomic<uint32_t> Arrived;
  std::atomic<uint32_t> Released;
  std::atomic<uint32_t> BarrierTimedOut;
  /// Low 32 bits: parked threads; high 32 bits: exited threads. One word so a
  /// parked thread reads a consistent "how many peers are idle".
  std::atomic<uint64_t> Idle;
  std::atomic<uint32_t> NextEvent;
  /// Oracle (d): successes the sequential baseline allows; -1 when unknown.
  int64_t Allowed;
  /// Oracle (e): the most elements the function's size bound admits; -1
  /// when the function tests no bound.
  int64_t Bound;
  /// Oracle (e): the largest size an act left (high 32 bits: its thread),
  /// packed so one compare-exchange keeps size and thread together.
  std::atomic<uint64_t> MaxSize;
  const void *MaxSizeObj;
  /// Logical thread ids in seeded release order.
  uint32_t Order[MaxThreads];
};

extern Round TheRound;
extern Event Events[EventCapacity];
extern Site Sites[MaxSites];
extern ThreadSlot Threads[MaxThreads + 1];

constexpr uint64_t IdleExitedOne = uint64_t(1) << 32;

// Schedule.cpp ---------------------------------------------------------------

/// Monotonic clock in nanoseconds.
uint64_t nowNanos();
/// Waits about `Micros` microseconds: spins for short delays, sleeps for
/// long ones.
void delayMicros(uint32_t Micros);
/// The logical thread of the caller in the current round, or 0.
uint32_t currentThread();
/// Parks the caller after its check `Seq` saw "absent" on Obj+Key, until a
/// peer checks the same Obj+Key, every peer is idle, or the park times out.
void parkAfterCheck(uint32_t Tid, const void *Obj, uint64_t Key, uint32_t Seq);
/// Takes the next seeded delay of thread Tid (jitter).
void seededDelay(uint32_t Tid);
/// What follows a check: the park (steering, when it saw "absent") and the
/// seeded delay (jitter).
void afterCheck(uint32_t Tid, const void *Obj, uint64_t Key, uint32_t Seq,
                bool SawAbsent);
/// splitmix64 step: advances State and returns the next value.
uint64_t nextRandom(uint64_t &State);

// Recorder.cpp ---------------------------------------------------------------

constexpr uint32_t NoEvent = ~uint32_t(0);
/// Appends an event; returns its sequence number or NoEvent when full.
uint32_t recordEvent(EventKind Kind, uint32_t Tid, const void *Obj,
                     uint64_t Key, uint32_t Site, bool SawAbsent,
                     const void *Result);
/// Number of event slots claimed this round (capped at EventCapacity).
uint32_t eventsClaimed();
/// Events claimed past the capacity (lost).
uint32_t eventsDropped();
/// The event at Seq if it is complete and belongs to this round, else null.
const Event *eventAt(uint32_t Seq);
/// The registered site, or null.
const Site *siteAt(uint32_t Id);
/// Clears the recorder for a new round (controlling thread only).
void resetRecorder();

// Verdict.cpp ----------------------------------------------------------------

struct Findings {
  int Verdict;
  // Oracle (b): the first Obj+Key that two threads checked "absent" and acted
  // on; Threads lists every thread that did so for that Obj+Key.
  bool Atomicity;
  const void *AtomObj;
  uint64_t AtomKey;
  uint32_t AtomCheckSite;
  uint32_t AtomActSite;
  uint32_t AtomNumThreads;
  uint32_t AtomThreads[MaxThreads];
  // Oracle (c): two threads got different results for equal Obj+Key.
  bool Different;
  const void *DiffObj;
  uint64_t DiffKey;
  uint32_t DiffThreads[2];
  const void *DiffResults[2];
  // Oracle (d): more threads succeeded than the baseline allows.
  bool Over;
  uint32_t OverAllowed;
  uint32_t OverNumThreads;
  uint32_t OverThreads[MaxThreads];
  // Oracle (e): an act left the container above its bound.
  bool OverBound;
  uint64_t OverBoundSize;
  uint64_t OverBoundLimit;
  uint32_t OverBoundThread;
};

/// Runs oracles (b) and (c) on the recorded events and reads oracle (a).
void judge(Findings &Out);

// TsanCapture.cpp ------------------------------------------------------------

constexpr uint32_t MaxStoredStacks = 2;
constexpr uint32_t MaxStoredFrames = 8;
constexpr uint32_t FrameChars = 256;

/// The attribution of ThreadSanitizer reports since the last round begin.
struct TsanSummary {
  bool Available;    ///< The process runs under ThreadSanitizer.
  bool CanSymbolize; ///< __sanitizer_symbolize_pc is present.
  uint32_t Reports;
  uint32_t Attributed;
  const char *FirstType; ///< Type of the first report, "" if none.
  bool HaveAttributed;
  const char *Type; ///< Type of the first attributed report.
  const char *Via;  ///< The frame that matched the target.
  uint32_t NumStacks;
  uint32_t NumFrames[MaxStoredStacks];
  const char (*Frames)[MaxStoredFrames][FrameChars];
};

/// Also rewrites the record file (CTA_TSAN_RECORD) with no report yet.
void resetTsanCapture();
void tsanSummary(TsanSummary &Out);
/// Writes what tsanSummary says as one JSON line, {"cta_tsan_record": ...,
/// "tsan": {...}} with the "tsan" object of the round report; false on a
/// write error. Allocation-free: the report hook calls it.
bool writeTsanRecord(int Fd);
/// The target set by __cta_set_target, "" if none.
const char *targetName();
/// True if a symbolized function name belongs to the target function:
/// the (normalized) name is the target, or starts with it followed by '(' or
/// '<', possibly after a return type.
bool matchesTarget(const char *Function, const char *Target);
/// Copies Src without any "(anonymous namespace)::", so a target named with
/// or without it matches the symbolizer's spelling.
void normalizeFunctionName(char *Dst, size_t Cap, const char *Src);

// Util ------------------------------------------------------------------------

/// Copies at most Cap-1 bytes of Src into Dst, NUL-terminated, never cutting
/// a UTF-8 sequence in two.
void copyBounded(char *Dst, size_t Cap, const char *Src, size_t Len);

} // namespace rt
} // namespace cta

#endif // CTA_RUNTIME_RUNTIME_H
