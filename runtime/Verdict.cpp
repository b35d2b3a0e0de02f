//===-- runtime/Verdict.cpp - the oracles ---------------------------------===//
//
// Part of cta, a tool that finds check-then-act races in C++ services.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Judges a finished round from its events:
///   (a) data race: a ThreadSanitizer report attributed to the target
///       (captured in TsanCapture.cpp, only read here);
///   (b) atomicity: two different threads each acted on one object+key, and
///       for each of them the last check it made on that object+key before
///       acting saw "absent";
///   (c) different objects: two threads received different results from a
///       get-or-create for the same object+key;
///   (d) over-success: more threads' calls succeeded than the same calls
///       made one at a time on a fresh instance allow;
///   (e) over bound: an act left a container with more elements than the
///       size bound its check tests admits.
/// Events of unregistered threads (logical id 0) are not judged.
///
//===----------------------------------------------------------------------===//

#include "Runtime.h"

#include "cta/rt.h"

namespace cta {
namespace rt {

namespace {

/// Acts that followed an "absent" check of the same thread, by sequence.
uint32_t QualifiedActs[EventCapacity];
uint32_t QualifiedChecks[EventCapacity];

const Event *lastCheckBefore(uint32_t Seq, const Event &Act) {
  for (uint32_t I = Seq; I-- > 0;) {
    const Event *E = eventAt(I);
    if (E && E->Kind == EventKind::Check && E->Thread == Act.Thread &&
        E->Obj == Act.Obj && E->Key == Act.Key)
      return E;
  }
  return nullptr;
}

void judgeAtomicity(Findings &F, uint32_t NumEvents) {
  uint32_t NumQualified = 0;
  for (uint32_t I = 0; I < NumEvents; ++I) {
    const Event *A = eventAt(I);
    if (!A || A->Kind != EventKind::Act || A->Thread == 0)
      continue;
    const Event *C = lastCheckBefore(I, *A);
    if (!C || !C->SawAbsent)
      continue;
    QualifiedActs[NumQualified] = I;
    QualifiedChecks[NumQualified] = uint32_t(C - Events);
    ++NumQualified;
  }

  for (uint32_t Q = 0; Q < NumQualified; ++Q) {
    const Event &Second = Events[QualifiedActs[Q]];
    // A pair at one site first: an insert-once's work, not its insert.
    uint32_t FirstIdx = NumQualified;
    for (uint32_t P = 0; P < Q; ++P) {
      const Event &First = Events[QualifiedActs[P]];
      if (First.Obj == Second.Obj && First.Key == Second.Key &&
          First.Thread != Second.Thread &&
          (FirstIdx == NumQualified || First.Site == Second.Site)) {
        FirstIdx = P;
        if (First.Site == Second.Site)
          break;
      }
    }
    if (FirstIdx == NumQualified)
      continue;

    F.Atomicity = true;
    F.AtomObj = Second.Obj;
    F.AtomKey = Second.Key;
    F.AtomCheckSite = Events[QualifiedChecks[FirstIdx]].Site;
    F.AtomActSite = Events[QualifiedActs[FirstIdx]].Site;
    // Every thread that checked "absent" and acted on this object+key, in
    // the order of their acts.
    uint64_t Seen = 0;
    for (uint32_t P = 0; P < NumQualified; ++P) {
      const Event &E = Events[QualifiedActs[P]];
      if (E.Obj != Second.Obj || E.Key != Second.Key)
        continue;
      uint64_t Bit = uint64_t(1) << ((E.Thread - 1) % 64);
      if (Seen & Bit)
        continue;
      Seen |= Bit;
      F.AtomThreads[F.AtomNumThreads++] = E.Thread;
    }
    return;
  }
}

void judgeSuccesses(Findings &F) {
  const Round &R = TheRound;
  if (R.Allowed < 0)
    return;
  uint32_t N = 0;
  uint32_t Ts[MaxThreads];
  for (uint32_t Tid = 1; Tid <= R.NumThreads; ++Tid)
    if (Threads[Tid].Succeeded)
      Ts[N++] = Tid;
  if (N <= uint64_t(R.Allowed))
    return;
  F.Over = true;
  F.OverAllowed = uint32_t(R.Allowed);
  F.OverNumThreads = N;
  for (uint32_t I = 0; I < N; ++I)
    F.OverThreads[I] = Ts[I];
}

void judgeBound(Findings &F) {
  const Round &R = TheRound;
  uint64_t Packed = R.MaxSize.load(std::memory_order_acquire);
  uint64_t Size = Packed & 0xffffffffu;
  if (R.Bound < 0 || Size <= uint64_t(R.Bound))
    return;
  F.OverBound = true;
  F.OverBoundSize = Size;
  F.OverBoundLimit = uint64_t(R.Bound);
  F.OverBoundThread = uint32_t(Packed >> 32);
}

void judgeResults(Findings &F, uint32_t NumEvents) {
  for (uint32_t I = 0; I < NumEvents; ++I) {
    const Event *R = eventAt(I);
    if (!R || R->Kind != EventKind::Result || R->Thread == 0)
      continue;
    for (uint32_t J = 0; J < I; ++J) {
      const Event *P = eventAt(J);
      if (!P || P->Kind != EventKind::Result || P->Thread == 0 ||
          P->Thread == R->Thread || P->Obj != R->Obj || P->Key != R->Key ||
          P->Result == R->Result)
        continue;
      F.Different = true;
      F.DiffObj = R->Obj;
      F.DiffKey = R->Key;
      F.DiffThreads[0] = P->Thread;
      F.DiffThreads[1] = R->Thread;
      F.DiffResults[0] = P->Result;
      F.DiffResults[1] = R->Result;
      return;
    }
  }
}

} // namespace

void judge(Findings &F) {
  F = Findings();
  uint32_t NumEvents = eventsClaimed();
  judgeAtomicity(F, NumEvents);
  judgeResults(F, NumEvents);
  judgeSuccesses(F);
  judgeBound(F);
  TsanSummary Tsan;
  tsanSummary(Tsan);
  if (Tsan.Attributed)
    F.Verdict |= CTA_VERDICT_DATA_RACE;
  if (F.Atomicity)
    F.Verdict |= CTA_VERDICT_ATOMICITY;
  if (F.Different)
    F.Verdict |= CTA_VERDICT_DIFFERENT_OBJECTS;
  if (F.Over)
    F.Verdict |= CTA_VERDICT_OVERSUCCEEDED;
  if (F.OverBound)
    F.Verdict |= CTA_VERDICT_OVER_BOUND;
}

} // namespace rt
} // namespace cta

using namespace cta::rt;

extern "C" {

__attribute__((weak)) void __cta_on_round_end(int) {}

void __cta_allowed(uint32_t Successes) { TheRound.Allowed = Successes; }

void __cta_bound(uint64_t Limit) {
  TheRound.Bound = Limit > uint64_t(INT64_MAX) ? INT64_MAX : int64_t(Limit);
}

void __cta_size(const void *Obj, uint64_t Size) {
  uint32_t Tid = currentThread();
  if (!Tid)
    return;
  if (Size > 0xffffffffu)
    Size = 0xffffffffu;
  Round &R = TheRound;
  uint64_t Want = (uint64_t(Tid) << 32) | Size;
  uint64_t Cur = R.MaxSize.load(std::memory_order_relaxed);
  while ((Cur & 0xffffffffu) < Size)
    if (R.MaxSize.compare_exchange_weak(Cur, Want, std::memory_order_acq_rel)) {
      R.MaxSizeObj = Obj;
      break;
    }
}

void __cta_succeeded(void) {
  uint32_t Tid = currentThread();
  if (Tid)
    Threads[Tid].Succeeded = true;
}

int __cta_round_end(void) {
  Findings F;
  judge(F);
  __cta_on_round_end(F.Verdict);
  return F.Verdict;
}

} // extern "C"
