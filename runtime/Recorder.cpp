//===-- runtime/Recorder.cpp - check/act event recorder -------------------===//
//
// Part of cta, a tool that finds check-then-act races in C++ services.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The event recorder: a fixed array filled lock-free. The index an event
/// gets from the atomic counter is its place in the round's global order, so
/// the timeline is the array read front to back. Also the site table and the
/// __cta_check / __cta_act / __cta_result entry points.
///
//===----------------------------------------------------------------------===//

#include "Runtime.h"

#include "cta/rt.h"

namespace cta {
namespace rt {

Event Events[EventCapacity];
Site Sites[MaxSites];

uint32_t recordEvent(EventKind Kind, uint32_t Tid, const void *Obj,
                     uint64_t Key, uint32_t SiteId, bool SawAbsent,
                     const void *Result) {
  Round &R = TheRound;
  uint32_t Seq = R.NextEvent.fetch_add(1, std::memory_order_relaxed);
  if (Seq >= EventCapacity)
    return NoEvent;
  Event &E = Events[Seq];
  E.Kind = Kind;
  E.SawAbsent = SawAbsent ? 1 : 0;
  E.Thread = uint16_t(Tid);
  E.Site = SiteId;
  E.Obj = Obj;
  E.Key = Key;
  E.Result = Result;
  E.Stamp.store(R.Generation.load(std::memory_order_relaxed),
                std::memory_order_release);
  return Seq;
}

uint32_t eventsClaimed() {
  uint32_t N = TheRound.NextEvent.load(std::memory_order_acquire);
  return N < EventCapacity ? N : EventCapacity;
}

uint32_t eventsDropped() {
  uint32_t N = TheRound.NextEvent.load(std::memory_order_acquire);
  return N > EventCapacity ? N - EventCapacity : 0;
}

const Event *eventAt(uint32_t Seq) {
  if (Seq >= EventCapacity)
    return nullptr;
  const Event &E = Events[Seq];
  if (E.Stamp.load(std::memory_order_acquire) !=
      TheRound.Generation.load(std::memory_order_relaxed))
    return nullptr;
  return &E;
}

const Site *siteAt(uint32_t Id) {
  if (Id >= MaxSites || !Sites[Id].Kind)
    return nullptr;
  return &Sites[Id];
}

void resetRecorder() {
  TheRound.NextEvent.store(0, std::memory_order_relaxed);
}

} // namespace rt
} // namespace cta

using namespace cta::rt;

extern "C" {

void __cta_site(uint32_t SiteId, uint32_t Kind, const char *File,
                uint32_t Line, const char *Text) {
  if (SiteId >= MaxSites)
    return;
  Site &S = Sites[SiteId];
  S.File = File;
  S.Text = Text;
  S.Line = Line;
  S.Kind = Kind ? Kind : CTA_KIND_CHECK;
}

int __cta_check(const void *Obj, uint64_t Key, uint32_t SiteId,
                int SawAbsent) {
  uint32_t Tid = currentThread();
  uint32_t Seq = recordEvent(EventKind::Check, Tid, Obj, Key, SiteId,
                             SawAbsent != 0, nullptr);
  if (!Tid)
    return SawAbsent;
  const Site *S = siteAt(SiteId);
  if (S && (S->Kind & CTA_SITE_LOCKED)) {
    // Parking here would hold the lock the peers need to reach the check.
    ThreadSlot &T = Threads[Tid];
    T.Deferred = true;
    T.DeferredAbsent = SawAbsent != 0;
    T.DeferredObj = Obj;
    T.DeferredKey = Key;
    T.DeferredSeq = Seq;
    return SawAbsent;
  }
  afterCheck(Tid, Obj, Key, Seq, SawAbsent != 0);
  return SawAbsent;
}

void __cta_act(const void *Obj, uint64_t Key, uint32_t SiteId) {
  recordEvent(EventKind::Act, currentThread(), Obj, Key, SiteId, false,
              nullptr);
}

void __cta_result(const void *Obj, uint64_t Key, const void *Result) {
  recordEvent(EventKind::Result, currentThread(), Obj, Key, 0, false, Result);
}

} // extern "C"
