//===-- runtime/Report.cpp - timeline and JSON Lines report ---------------===//
//
// Part of cta, a tool that finds check-then-act races in C++ services.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Renders a round for people (the one-line timeline) and for the runner (one
/// JSON object per line, schema in docs/runtime.md). Both are produced from
/// the recorder, the verdict and the TSan capture; nothing is derived twice.
/// Output goes through a small stack buffer straight to write(2): no stdio,
/// no allocation, usable from a forked round process.
///
//===----------------------------------------------------------------------===//

#include "Runtime.h"

#include "cta/rt.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace cta {
namespace rt {

namespace {

/// Arrow between timeline events; ASCII so every log viewer shows it.
const char Arrow[] = " -> ";

class TextSink {
public:
  virtual void put(const char *S, size_t N) = 0;
  void put(const char *S) { put(S, strlen(S)); }

protected:
  ~TextSink() = default;
};

/// Fills a caller's buffer like snprintf: truncates, always terminates, and
/// counts the full length.
class BufferSink final : public TextSink {
public:
  BufferSink(char *Buf, size_t Cap) : Buf(Buf), Cap(Buf ? Cap : 0) {}
  void put(const char *S, size_t N) override {
    if (Total + 1 < Cap) {
      size_t Room = Cap - 1 - Total;
      memcpy(Buf + Total, S, N < Room ? N : Room);
    }
    Total += N;
  }
  size_t finish() {
    if (!Cap)
      return Total;
    size_t End = Total < Cap - 1 ? Total : Cap - 1;
    if (End < Total) {
      // Do not leave half a UTF-8 sequence at the cut: find the last lead
      // byte and drop its sequence if it does not fit.
      size_t Lead = End;
      while (Lead > 0 && (uint8_t(Buf[Lead - 1]) & 0xC0) == 0x80)
        --Lead;
      if (Lead > 0) {
        uint8_t B = uint8_t(Buf[Lead - 1]);
        size_t SeqLen = B < 0x80 ? 1 : B >= 0xF0 ? 4 : B >= 0xE0 ? 3 : 2;
        if (Lead - 1 + SeqLen > End)
          End = Lead - 1;
      }
    }
    Buf[End] = '\0';
    return Total;
  }

private:
  char *Buf;
  size_t Cap;
  size_t Total = 0;
};

class JsonWriter {
public:
  /// \p RawSyscalls: write with the system call itself, not through libc's
  /// write(), which ThreadSanitizer intercepts (see saveRecord).
  explicit JsonWriter(int Fd, bool RawSyscalls = false)
      : Fd(Fd), RawSyscalls(RawSyscalls) {}

  void raw(const char *S, size_t N) {
    while (N) {
      if (Len == sizeof(Buf))
        flush();
      size_t Chunk = sizeof(Buf) - Len;
      if (Chunk > N)
        Chunk = N;
      memcpy(Buf + Len, S, Chunk);
      Len += Chunk;
      S += Chunk;
      N -= Chunk;
    }
  }
  void raw(const char *S) { raw(S, strlen(S)); }

  /// The characters of a JSON string body, escaped.
  void escaped(const char *S, size_t N) {
    for (size_t I = 0; I < N; ++I) {
      unsigned char Ch = static_cast<unsigned char>(S[I]);
      if (Ch == '"' || Ch == '\\') {
        char Esc[2] = {'\\', char(Ch)};
        raw(Esc, 2);
      } else if (Ch == '\n') {
        raw("\\n");
      } else if (Ch == '\t') {
        raw("\\t");
      } else if (Ch < 0x20 || Ch == 0x7f) {
        char Esc[8];
        snprintf(Esc, sizeof(Esc), "\\u%04x", Ch);
        raw(Esc);
      } else {
        raw(&S[I], 1);
      }
    }
  }

  void string(const char *S) {
    if (!S) {
      raw("null");
      return;
    }
    raw("\"");
    escaped(S, strlen(S));
    raw("\"");
  }

  void number(uint64_t V) {
    char Num[24];
    snprintf(Num, sizeof(Num), "%llu", static_cast<unsigned long long>(V));
    raw(Num);
  }

  /// Addresses and hashes: hex strings, as JSON numbers lose 64-bit values.
  void hex(uint64_t V) {
    char Num[24];
    snprintf(Num, sizeof(Num), "\"0x%llx\"",
             static_cast<unsigned long long>(V));
    raw(Num);
  }

  void boolean(bool B) { raw(B ? "true" : "false"); }

  /// `"name":` preceded by a comma unless it opens an object.
  void key(const char *Name, bool First = false) {
    if (!First)
      raw(",");
    raw("\"");
    raw(Name);
    raw("\":");
  }

  bool finish() {
    flush();
    return !Failed;
  }

private:
  void flush() {
    size_t Done = 0;
    while (Done < Len && !Failed) {
      ssize_t N = RawSyscalls ? syscall(SYS_write, Fd, Buf + Done, Len - Done)
                              : write(Fd, Buf + Done, Len - Done);
      if (N < 0 && errno == EINTR)
        continue;
      if (N <= 0) {
        Failed = true;
        break;
      }
      Done += size_t(N);
    }
    Len = 0;
  }

  int Fd;
  bool RawSyscalls;
  char Buf[4096];
  size_t Len = 0;
  bool Failed = false;
};

/// Escapes what is put into it into a JSON string body.
class JsonStringSink final : public TextSink {
public:
  explicit JsonStringSink(JsonWriter &W) : W(W) {}
  void put(const char *S, size_t N) override { W.escaped(S, N); }

private:
  JsonWriter &W;
};

/// Numbers the distinct results of get-or-create calls by first appearance,
/// so timelines read "object #1" instead of addresses that change per run.
class ObjectNumbers {
public:
  uint32_t numberOf(const void *P) {
    for (uint32_t I = 0; I < Count; ++I)
      if (Seen[I] == P)
        return I + 1;
    if (Count == Capacity)
      return 0;
    Seen[Count++] = P;
    return Count;
  }

private:
  static constexpr uint32_t Capacity = 256;
  const void *Seen[Capacity] = {};
  uint32_t Count = 0;
};

const char *baseName(const char *Path) {
  const char *Slash = strrchr(Path, '/');
  return Slash ? Slash + 1 : Path;
}

const char *kindName(EventKind Kind) {
  switch (Kind) {
  case EventKind::Check:
    return "check";
  case EventKind::Act:
    return "act";
  case EventKind::Result:
    return "result";
  case EventKind::Park:
    return "park";
  }
  return "unknown";
}

const char *stateName(uint32_t State) {
  switch (ThreadState(State)) {
  case ThreadState::Absent:
    return "absent";
  case ThreadState::Waiting:
    return "waiting";
  case ThreadState::Running:
    return "running";
  case ThreadState::Parked:
    return "parked";
  case ThreadState::Exited:
    return "exited";
  }
  return "unknown";
}

void renderTimeline(TextSink &Out) {
  static ObjectNumbers Objects;
  Objects = ObjectNumbers();
  uint32_t N = eventsClaimed();
  bool First = true;
  char Buf[96];
  for (uint32_t I = 0; I < N; ++I) {
    const Event *E = eventAt(I);
    // Parks are the runtime's own doing: the line shows the code's events.
    if (!E || E->Kind == EventKind::Park)
      continue;
    if (!First)
      Out.put(Arrow);
    First = false;
    snprintf(Buf, sizeof(Buf), "T%u ", unsigned(E->Thread));
    Out.put(Buf);
    if (E->Kind == EventKind::Result) {
      uint32_t Num = E->Result ? Objects.numberOf(E->Result) : 0;
      if (!E->Result)
        snprintf(Buf, sizeof(Buf), "got null");
      else if (Num)
        snprintf(Buf, sizeof(Buf), "got object #%u", unsigned(Num));
      else
        snprintf(Buf, sizeof(Buf), "got object %p", E->Result);
      Out.put(Buf);
      continue;
    }
    if (E->Kind == EventKind::Check)
      Out.put(E->SawAbsent ? "check saw absent" : "check saw present");
    else
      Out.put("act");
    const Site *S = siteAt(E->Site);
    if (S && S->File) {
      Out.put(" at ");
      Out.put(baseName(S->File));
      snprintf(Buf, sizeof(Buf), ":%u", unsigned(S->Line));
      Out.put(Buf);
    } else {
      snprintf(Buf, sizeof(Buf), " at site %u", unsigned(E->Site));
      Out.put(Buf);
    }
  }
}

void writeEvent(JsonWriter &W, uint32_t Seq, const Event &E,
                ObjectNumbers &Objects) {
  W.key("seq", true);
  W.number(Seq);
  W.key("thread");
  W.number(E.Thread);
  W.key("kind");
  W.string(kindName(E.Kind));
  W.key("obj");
  W.hex(reinterpret_cast<uintptr_t>(E.Obj));
  W.key("key");
  W.hex(E.Key);
  if (E.Kind == EventKind::Result) {
    W.key("result");
    W.hex(reinterpret_cast<uintptr_t>(E.Result));
    W.key("object");
    W.number(E.Result ? Objects.numberOf(E.Result) : 0);
    return;
  }
  if (E.Kind == EventKind::Check) {
    W.key("saw_absent");
    W.boolean(E.SawAbsent);
  }
  if (E.Kind == EventKind::Park) {
    W.key("timed_out");
    W.boolean(E.SawAbsent);
  }
  const Site *S = siteAt(E.Site);
  W.key("site");
  W.number(E.Site);
  W.key("file");
  W.string(S ? S->File : nullptr);
  W.key("line");
  W.number(S ? S->Line : 0);
  W.key("text");
  W.string(S ? S->Text : nullptr);
}

/// `"threads":[1,3]`, a key of the object being written.
void writeThreads(JsonWriter &W, const uint32_t *Ts, uint32_t N) {
  W.key("threads");
  W.raw("[");
  for (uint32_t I = 0; I < N; ++I) {
    if (I)
      W.raw(",");
    W.number(Ts[I]);
  }
  W.raw("]");
}

void writeTsan(JsonWriter &W) {
  TsanSummary T;
  tsanSummary(T);
  W.key("available", true);
  W.boolean(T.Available);
  W.key("symbolizer");
  W.boolean(T.CanSymbolize);
  W.key("reports");
  W.number(T.Reports);
  W.key("attributed");
  W.number(T.Attributed);
  W.key("first_type");
  W.string(T.FirstType[0] ? T.FirstType : nullptr);
  W.key("first_attributed");
  if (!T.HaveAttributed) {
    W.raw("null");
    return;
  }
  W.raw("{");
  W.key("type", true);
  W.string(T.Type);
  W.key("via");
  W.string(T.Via[0] ? T.Via : nullptr);
  W.key("stacks");
  W.raw("[");
  for (uint32_t S = 0; S < T.NumStacks; ++S) {
    W.raw(S ? ",[" : "[");
    for (uint32_t F = 0; F < T.NumFrames[S]; ++F) {
      if (F)
        W.raw(",");
      W.string(T.Frames[S][F]);
    }
    W.raw("]");
  }
  W.raw("]}");
}

void writeReport(JsonWriter &W) {
  const Round &R = TheRound;
  Findings F;
  judge(F);

  W.raw("{");
  W.key("cta_report", true);
  W.number(CTA_RT_ABI_VERSION);
  W.key("target");
  W.string(targetName()[0] ? targetName() : nullptr);
  W.key("seed");
  W.number(R.Seed);
  W.key("nthreads");
  W.number(R.NumThreads);
  W.key("flags");
  W.raw("[");
  bool Comma = false;
  if (R.Flags & CTA_STEER) {
    W.raw("\"steer\"");
    Comma = true;
  }
  if (R.Flags & CTA_JITTER)
    W.raw(Comma ? ",\"jitter\"" : "\"jitter\"");
  W.raw("]");

  W.key("verdict");
  W.raw("[");
  Comma = false;
  const struct {
    int Bit;
    const char *Name;
  } Verdicts[] = {{CTA_VERDICT_DATA_RACE, "\"data-race\""},
                  {CTA_VERDICT_ATOMICITY, "\"atomicity\""},
                  {CTA_VERDICT_DIFFERENT_OBJECTS, "\"different-objects\""},
                  {CTA_VERDICT_OVERSUCCEEDED, "\"over-succeeded\""},
                  {CTA_VERDICT_OVER_BOUND, "\"over-bound\""}};
  for (const auto &V : Verdicts) {
    if (!(F.Verdict & V.Bit))
      continue;
    if (Comma)
      W.raw(",");
    W.raw(V.Name);
    Comma = true;
  }
  W.raw("]");
  W.key("verdict_bits");
  W.number(uint64_t(F.Verdict));

  __cta_stats Stats;
  __cta_get_stats(&Stats);
  W.key("stats");
  W.raw("{");
  W.key("events", true);
  W.number(Stats.events);
  W.key("events_dropped");
  W.number(Stats.events_dropped);
  W.key("threads_entered");
  W.number(Stats.threads_entered);
  W.key("barrier_timeout");
  W.boolean(Stats.barrier_timeout);
  W.key("parks");
  W.number(Stats.parks);
  W.key("park_timeouts");
  W.number(Stats.park_timeouts);
  W.key("park_us");
  W.number(R.ParkNanos / 1000);
  W.raw("}");

  W.key("order");
  W.raw("[");
  for (uint32_t I = 0; I < R.NumThreads; ++I) {
    if (I)
      W.raw(",");
    W.number(R.Order[I]);
  }
  W.raw("]");

  W.key("threads");
  W.raw("[");
  for (uint32_t Tid = 1; Tid <= R.NumThreads; ++Tid) {
    const ThreadSlot &T = Threads[Tid];
    W.raw(Tid > 1 ? ",{" : "{");
    W.key("tid", true);
    W.number(Tid);
    W.key("rank");
    W.number(T.Rank);
    W.key("state");
    W.string(stateName(T.State.load(std::memory_order_acquire)));
    W.key("parks");
    W.number(T.Parks);
    W.key("park_timeouts");
    W.number(T.ParkTimeouts);
    W.key("delays");
    W.raw("[");
    uint32_t Kept =
        T.NumDelays < MaxRecordedDelays ? T.NumDelays : MaxRecordedDelays;
    for (uint32_t I = 0; I < Kept; ++I) {
      if (I)
        W.raw(",");
      W.number(T.Delays[I]);
    }
    W.raw("]}");
  }
  W.raw("]");

  W.key("tsan");
  W.raw("{");
  writeTsan(W);
  W.raw("}");

  W.key("atomicity");
  if (F.Atomicity) {
    W.raw("{");
    W.key("obj", true);
    W.hex(reinterpret_cast<uintptr_t>(F.AtomObj));
    W.key("key");
    W.hex(F.AtomKey);
    W.key("check_site");
    W.number(F.AtomCheckSite);
    W.key("act_site");
    W.number(F.AtomActSite);
    writeThreads(W, F.AtomThreads, F.AtomNumThreads);
    W.raw("}");
  } else {
    W.raw("null");
  }

  W.key("different_objects");
  if (F.Different) {
    W.raw("{");
    W.key("obj", true);
    W.hex(reinterpret_cast<uintptr_t>(F.DiffObj));
    W.key("key");
    W.hex(F.DiffKey);
    W.key("threads");
    W.raw("[");
    W.number(F.DiffThreads[0]);
    W.raw(",");
    W.number(F.DiffThreads[1]);
    W.raw("]");
    W.key("results");
    W.raw("[");
    W.hex(reinterpret_cast<uintptr_t>(F.DiffResults[0]));
    W.raw(",");
    W.hex(reinterpret_cast<uintptr_t>(F.DiffResults[1]));
    W.raw("]}");
  } else {
    W.raw("null");
  }

  W.key("over_succeeded");
  if (F.Over) {
    W.raw("{");
    W.key("allowed", true);
    W.number(F.OverAllowed);
    writeThreads(W, F.OverThreads, F.OverNumThreads);
    W.raw("}");
  } else {
    W.raw("null");
  }

  W.key("over_bound");
  if (F.OverBound) {
    W.raw("{");
    W.key("size", true);
    W.number(F.OverBoundSize);
    W.key("limit");
    W.number(F.OverBoundLimit);
    W.key("thread");
    W.number(F.OverBoundThread);
    W.raw("}");
  } else {
    W.raw("null");
  }

  W.key("timeline");
  W.raw("[");
  static ObjectNumbers Objects;
  Objects = ObjectNumbers();
  uint32_t N = eventsClaimed();
  bool FirstEvent = true;
  for (uint32_t I = 0; I < N; ++I) {
    const Event *E = eventAt(I);
    if (!E)
      continue;
    W.raw(FirstEvent ? "{" : ",{");
    FirstEvent = false;
    writeEvent(W, I, *E, Objects);
    W.raw("}");
  }
  W.raw("]");

  W.key("timeline_text");
  W.raw("\"");
  JsonStringSink Text(W);
  renderTimeline(Text);
  W.raw("\"}\n");
}

} // namespace

} // namespace rt
} // namespace cta

using namespace cta::rt;

namespace cta {
namespace rt {

bool writeTsanRecord(int Fd) {
  JsonWriter W(Fd, /*RawSyscalls=*/true);
  W.raw("{");
  W.key("cta_tsan_record", true);
  W.number(CTA_RT_ABI_VERSION);
  W.key("target");
  W.string(targetName()[0] ? targetName() : nullptr);
  W.key("tsan");
  W.raw("{");
  writeTsan(W);
  W.raw("}}\n");
  return W.finish();
}

} // namespace rt
} // namespace cta

extern "C" {

void __cta_get_stats(struct __cta_stats *Out) {
  if (!Out)
    return;
  const Round &R = TheRound;
  TsanSummary Tsan;
  tsanSummary(Tsan);
  *Out = __cta_stats();
  Out->events = eventsClaimed();
  Out->events_dropped = eventsDropped();
  Out->threads_entered = R.Arrived.load(std::memory_order_acquire);
  Out->barrier_timeout = R.BarrierTimedOut.load(std::memory_order_acquire);
  for (uint32_t Tid = 1; Tid <= MaxThreads; ++Tid) {
    Out->parks += Threads[Tid].Parks;
    Out->park_timeouts += Threads[Tid].ParkTimeouts;
  }
  Out->tsan_reports = Tsan.Reports;
  Out->tsan_attributed = Tsan.Attributed;
}

size_t __cta_format_timeline(char *Buf, size_t N) {
  BufferSink Sink(Buf, N);
  renderTimeline(Sink);
  return Sink.finish();
}

int __cta_write_report(int Fd) {
  JsonWriter W(Fd);
  writeReport(W);
  return W.finish() ? 0 : -1;
}

} // extern "C"
