//===-- runtime/TsanCapture.cpp - ThreadSanitizer report capture ----------===//
//
// Part of cta, a tool that finds check-then-act races in C++ services.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Oracle (a). ThreadSanitizer calls __tsan_on_report (a weak no-op in its
/// runtime) once per printed report, on the reporting thread, with its report
/// lock held and the thread's interceptors ignored. The strong definition here
/// reads the report through TSan's debugging API, symbolizes the stacks of
/// its memory accesses and stacks, and counts the report as *attributed* when
/// a frame belongs to the target function.
///
/// The capture is the one ThreadSanitizer oracle of `cta confirm`: after
/// every report the hook rewrites the record file named by the
/// CTA_TSAN_RECORD environment variable (read at round begin), so the runner
/// learns what TSan reported even from a round that died before writing its
/// report. The runner reads stderr only when a round left no record.
///
/// Every TSan entry point is declared weak: in a process without TSan they
/// are null and the capture is simply never called. The hook writes only to
/// fixed static buffers; it never allocates and never calls back into user
/// code or test frameworks.
///
//===----------------------------------------------------------------------===//

#include "Runtime.h"

#include "cta/rt.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

extern "C" {
__attribute__((weak)) int
__tsan_get_report_data(void *Report, const char **Description, int *Count,
                       int *StackCount, int *MopCount, int *LocCount,
                       int *MutexCount, int *ThreadCount, int *UniqueTidCount,
                       void **SleepTrace, unsigned long TraceSize);
__attribute__((weak)) int __tsan_get_report_stack(void *Report,
                                                  unsigned long Idx,
                                                  void **Trace,
                                                  unsigned long TraceSize);
__attribute__((weak)) int __tsan_get_report_mop(void *Report, unsigned long Idx,
                                                int *Tid, void **Addr,
                                                int *Size, int *Write,
                                                int *Atomic, void **Trace,
                                                unsigned long TraceSize);
__attribute__((weak)) void __sanitizer_symbolize_pc(void *Pc, const char *Fmt,
                                                    char *Out, size_t OutSize);
}

namespace cta {
namespace rt {

namespace {

constexpr size_t TargetChars = 512;
constexpr size_t TypeChars = 48;
/// Reports beyond this many are counted but not symbolized: attribution
/// costs a symbolizer round trip per frame.
constexpr uint32_t MaxSymbolizedReports = 256;
constexpr uint32_t MaxTraces = 4;
constexpr uint32_t TraceDepth = 64;
const char AnonymousNamespace[] = "(anonymous namespace)::";

struct Capture {
  std::atomic<uint32_t> Reports;
  std::atomic<uint32_t> Attributed;
  std::atomic<uint32_t> HaveFirstType;
  std::atomic<uint32_t> HaveAttributed;
  char FirstType[TypeChars];
  char Type[TypeChars];
  char Via[FrameChars];
  uint32_t NumStacks;
  uint32_t NumFrames[MaxStoredStacks];
  char Frames[MaxStoredStacks][MaxStoredFrames][FrameChars];
};

Capture TheCapture;
char Target[TargetChars];
/// CTA_TSAN_RECORD as read at round begin; "" when unset.
char RecordPath[4096];

/// Rewrites the record file whole; a reader sees the old record or the new.
/// Raw system calls: the hook runs inside ThreadSanitizer's report with its
/// locks held, and TSan's own open/write/close interceptors take them again.
void saveRecord() {
  if (!RecordPath[0])
    return;
  char Tmp[sizeof(RecordPath) + 8];
  size_t Len = strlen(RecordPath);
  memcpy(Tmp, RecordPath, Len);
  memcpy(Tmp + Len, ".tmp", 5);
  long Fd = syscall(SYS_openat, AT_FDCWD, Tmp,
                    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (Fd < 0)
    return;
  bool Ok = writeTsanRecord(int(Fd));
  syscall(SYS_close, Fd);
  if (Ok)
    syscall(SYS_renameat, AT_FDCWD, Tmp, AT_FDCWD, RecordPath);
}

/// A report's frames as we keep them while deciding attribution.
struct Scratch {
  bool Matched;
  char Via[FrameChars];
  uint32_t NumStacks;
  uint32_t NumFrames[MaxStoredStacks];
  char Frames[MaxStoredStacks][MaxStoredFrames][FrameChars];
};

/// Formats "function file:line" from the symbolizer's "function\tfile:line".
void renderFrame(char *Dst, const char *Frame) {
  const char *Tab = strchr(Frame, '\t');
  if (!Tab) {
    copyBounded(Dst, FrameChars, Frame, strlen(Frame));
    return;
  }
  char Buf[FrameChars * 2];
  size_t FuncLen = size_t(Tab - Frame);
  if (FuncLen > FrameChars)
    FuncLen = FrameChars;
  memcpy(Buf, Frame, FuncLen);
  Buf[FuncLen] = ' ';
  size_t LocLen = strlen(Tab + 1);
  if (LocLen > FrameChars - 1)
    LocLen = FrameChars - 1;
  memcpy(Buf + FuncLen + 1, Tab + 1, LocLen);
  copyBounded(Dst, FrameChars, Buf, FuncLen + 1 + LocLen);
}

/// Symbolizes one trace (a zero-terminated array of pcs), storing its first
/// frames as stack `StackIdx` when below MaxStoredStacks and looking for the
/// target in every frame, inlined ones included.
void scanTrace(void *const *Trace, uint32_t StackIdx, Scratch &S) {
  char Out[4096];
  char Func[FrameChars];
  const void *Prev = nullptr;
  bool Store = StackIdx < MaxStoredStacks;
  for (uint32_t I = 0; I < TraceDepth && Trace[I]; ++I) {
    // Inlined frames share their pc; one symbolization yields all of them.
    if (Trace[I] == Prev)
      continue;
    Prev = Trace[I];
    memset(Out, 0, sizeof(Out));
    // Two bytes short of the buffer: the output stays terminated by an empty
    // frame even when the symbolizer truncates it.
    __sanitizer_symbolize_pc(Trace[I], "%f\t%s:%l", Out, sizeof(Out) - 2);
    // The output is a list of NUL-terminated frames ended by an empty one.
    for (const char *Frame = Out; *Frame; Frame += strlen(Frame) + 1) {
      if (!strncmp(Frame, "<null>", 6))
        continue;
      const char *Tab = strchr(Frame, '\t');
      size_t FuncLen = Tab ? size_t(Tab - Frame) : strlen(Frame);
      char Raw[FrameChars];
      copyBounded(Raw, sizeof(Raw), Frame, FuncLen);
      normalizeFunctionName(Func, sizeof(Func), Raw);
      if (Store && S.NumFrames[StackIdx] < MaxStoredFrames)
        renderFrame(S.Frames[StackIdx][S.NumFrames[StackIdx]++], Frame);
      if (!S.Matched && matchesTarget(Func, Target)) {
        S.Matched = true;
        renderFrame(S.Via, Frame);
      }
    }
  }
  if (Store && S.NumStacks <= StackIdx)
    S.NumStacks = StackIdx + 1;
}

void attribute(void *Report) {
  Capture &C = TheCapture;
  uint32_t Index = C.Reports.fetch_add(1, std::memory_order_acq_rel);
  if (!__tsan_get_report_data)
    return;
  const char *Type = nullptr;
  int Count = 0, StackCount = 0, MopCount = 0, LocCount = 0, MutexCount = 0,
      ThreadCount = 0, UniqueTidCount = 0;
  void *Sleep[TraceDepth] = {};
  if (!__tsan_get_report_data(Report, &Type, &Count, &StackCount, &MopCount,
                              &LocCount, &MutexCount, &ThreadCount,
                              &UniqueTidCount, Sleep, TraceDepth))
    return;
  if (!Type)
    Type = "unknown";
  uint32_t Expected = 0;
  if (C.HaveFirstType.compare_exchange_strong(Expected, 1))
    copyBounded(C.FirstType, TypeChars, Type, strlen(Type));

  // Without a target every report counts; without a symbolizer no report can
  // be attributed by name.
  bool CountsAnyway = !Target[0];
  bool CanScan = __sanitizer_symbolize_pc && Index < MaxSymbolizedReports;
  if (!CountsAnyway && !CanScan)
    return;

  // The accesses of a race (mops) first, then the other stacks a report
  // carries (e.g. the two lock orders of a lock-order inversion).
  void *Traces[MaxTraces][TraceDepth];
  memset(Traces, 0, sizeof(Traces));
  uint32_t NumTraces = 0;
  for (int I = 0; I < MopCount && NumTraces < MaxTraces; ++I) {
    int Tid = 0, Size = 0, Write = 0, Atomic = 0;
    void *Addr = nullptr;
    if (__tsan_get_report_mop &&
        __tsan_get_report_mop(Report, unsigned(I), &Tid, &Addr, &Size, &Write,
                              &Atomic, Traces[NumTraces], TraceDepth - 1))
      ++NumTraces;
  }
  for (int I = 0; I < StackCount && NumTraces < MaxTraces; ++I) {
    if (__tsan_get_report_stack &&
        __tsan_get_report_stack(Report, unsigned(I), Traces[NumTraces],
                                TraceDepth - 1))
      ++NumTraces;
  }

  static Scratch S;
  memset(&S, 0, sizeof(S));
  S.Matched = CountsAnyway;
  for (uint32_t T = 0; CanScan && T < NumTraces; ++T)
    scanTrace(Traces[T], T, S);
  if (!S.Matched)
    return;
  C.Attributed.fetch_add(1, std::memory_order_acq_rel);
  Expected = 0;
  if (!C.HaveAttributed.compare_exchange_strong(Expected, 1))
    return;
  copyBounded(C.Type, TypeChars, Type, strlen(Type));
  memcpy(C.Via, S.Via, sizeof(C.Via));
  C.NumStacks = S.NumStacks;
  memcpy(C.NumFrames, S.NumFrames, sizeof(C.NumFrames));
  memcpy(C.Frames, S.Frames, sizeof(C.Frames));
}

void captureReport(void *Report) {
  attribute(Report);
  saveRecord();
}

} // namespace

bool matchesTarget(const char *Function, const char *WantedName) {
  size_t Len = strlen(WantedName);
  if (!Len)
    return true;
  // Candidates start the name or follow a space at bracket depth 0 (after a
  // return type, as demangled function templates are spelled). The first
  // '(' at depth 0 opens the parameter list: nothing after it can name the
  // function itself.
  int Depth = 0;
  for (const char *P = Function; *P; ++P) {
    bool Start = P == Function || (Depth == 0 && P[-1] == ' ');
    if (Start && !strncmp(P, WantedName, Len)) {
      char Next = P[Len];
      if (Next == '\0' || Next == '(' || Next == '<')
        return true;
    }
    if (*P == '(' && Depth == 0)
      return false;
    if (*P == '(' || *P == '<')
      ++Depth;
    else if ((*P == ')' || *P == '>') && Depth > 0)
      --Depth;
  }
  return false;
}

void normalizeFunctionName(char *Dst, size_t Cap, const char *Src) {
  if (!Cap)
    return;
  size_t Len = 0;
  const size_t AnonLen = sizeof(AnonymousNamespace) - 1;
  while (*Src && Len + 1 < Cap) {
    if (!strncmp(Src, AnonymousNamespace, AnonLen)) {
      Src += AnonLen;
      continue;
    }
    Dst[Len++] = *Src++;
  }
  Dst[Len] = '\0';
}

void copyBounded(char *Dst, size_t Cap, const char *Src, size_t Len) {
  if (!Cap)
    return;
  if (Len > Cap - 1) {
    Len = Cap - 1;
    // Back off to the start of a UTF-8 sequence so the copy stays valid.
    while (Len > 0 && (uint8_t(Src[Len]) & 0xC0) == 0x80)
      --Len;
  }
  memcpy(Dst, Src, Len);
  Dst[Len] = '\0';
}

void resetTsanCapture() {
  Capture &C = TheCapture;
  C.Reports.store(0, std::memory_order_relaxed);
  C.Attributed.store(0, std::memory_order_relaxed);
  C.HaveFirstType.store(0, std::memory_order_relaxed);
  C.HaveAttributed.store(0, std::memory_order_relaxed);
  C.FirstType[0] = '\0';
  C.Type[0] = '\0';
  C.Via[0] = '\0';
  C.NumStacks = 0;
  memset(C.NumFrames, 0, sizeof(C.NumFrames));
  const char *Path = getenv("CTA_TSAN_RECORD");
  copyBounded(RecordPath, sizeof(RecordPath), Path ? Path : "",
              Path ? strlen(Path) : 0);
  saveRecord();
}

void tsanSummary(TsanSummary &Out) {
  const Capture &C = TheCapture;
  Out.Available = __tsan_get_report_data != nullptr;
  Out.CanSymbolize = __sanitizer_symbolize_pc != nullptr;
  Out.Reports = C.Reports.load(std::memory_order_acquire);
  Out.Attributed = C.Attributed.load(std::memory_order_acquire);
  Out.FirstType =
      C.HaveFirstType.load(std::memory_order_acquire) ? C.FirstType : "";
  Out.HaveAttributed = C.HaveAttributed.load(std::memory_order_acquire) != 0;
  Out.Type = C.Type;
  Out.Via = C.Via;
  Out.NumStacks = Out.HaveAttributed ? C.NumStacks : 0;
  for (uint32_t I = 0; I < MaxStoredStacks; ++I)
    Out.NumFrames[I] = C.NumFrames[I];
  Out.Frames = C.Frames;
}

const char *targetName() { return Target; }

} // namespace rt
} // namespace cta

using namespace cta::rt;

extern "C" {

void __cta_set_target(const char *QualifiedName) {
  normalizeFunctionName(Target, TargetChars,
                        QualifiedName ? QualifiedName : "");
}

// Overrides ThreadSanitizer's weak default; exported so a TSan runtime
// outside this module still finds it.
__attribute__((visibility("default"))) void __tsan_on_report(void *Report) {
  captureReport(Report);
}

// Races ThreadSanitizer reports inside oneTBB's containers are on memory
// oneTBB synchronizes itself, in ways TSan does not model; counted, they would
// "prove" a race in every safe twin built on those containers
// (docs/runtime.md). A user's TSAN_OPTIONS=suppressions=... adds to these.
__attribute__((visibility("default"))) const char *
__tsan_default_suppressions() {
  return "race:tbb::detail::\n";
}

} // extern "C"
