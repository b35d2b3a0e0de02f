/*===-- cta/rt.h - cta runtime C interface ----------------------*- C -*-===//
 *
 * Part of cta, a tool that finds check-then-act races in C++ services.
 *
 *===----------------------------------------------------------------------===//
 *
 * \file
 * The C ABI of libcta_rt, the runtime linked into the harnesses that
 * `cta confirm` generates. A harness registers the check and act sites of the
 * flagged function, then runs rounds: the function is called from several
 * threads that the runtime releases together and steers so that a
 * check-then-act window, if there is one, is entered by two threads at once.
 * At the end of a round the runtime judges what happened with three oracles
 * and writes a JSON Lines report for the runner; when the environment
 * variable CTA_TSAN_RECORD names a file, ThreadSanitizer's reports are also
 * recorded there as they happen, for a round that dies before its report.
 * docs/runtime.md has the full contract, including the report schema.
 *
 * Terms: a *check* observes shared state (`find`, `count`, `!p`, `load()`); an
 * *act* changes it based on what the check saw (`insert`, `p = new T`,
 * `store()`). A *site* is one check or act in the source. Checks and acts are
 * keyed by the object they touch and a hash of the key (0 when there is none).
 *
 * The library is built without sanitizers; it may be linked into programs
 * with or without ThreadSanitizer. All calls except __cta_thread_enter,
 * __cta_check, __cta_window, __cta_act, __cta_result and __cta_thread_exit
 * must come from one controlling thread while no round thread runs.
 *
 *===----------------------------------------------------------------------===*/

#ifndef CTA_RT_H
#define CTA_RT_H

#include <stddef.h>
#include <stdint.h>

/* CTA_RT_API marks the functions of this interface: exported from libcta_rt
 * (built with hidden visibility) and from any shared object it is linked
 * into, so that a harness and ThreadSanitizer find them. */
#if defined(__GNUC__) || defined(__clang__)
#define CTA_RT_API __attribute__((visibility("default")))
#else
#define CTA_RT_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Version of this interface; bumped when a signature or the report changes. */
#define CTA_RT_ABI_VERSION 1

/* Site kinds for __cta_site. */
#define CTA_KIND_CHECK 1u
#define CTA_KIND_ACT 2u
/* Or'ed into CTA_KIND_CHECK: the check runs inside a critical section, so
 * steering must not park there (peers would block on the lock); the thread
 * parks at its next __cta_window() instead. */
#define CTA_SITE_LOCKED 0x100u

/* Round flags for __cta_round_begin. */
/* Park a thread after a check that saw "absent" until a peer passes the same
 * check (the window is widened on purpose). */
#define CTA_STEER 0x1u
/* Seeded delays at thread entry and after each check. */
#define CTA_JITTER 0x2u

/* Verdict bits returned by __cta_round_end; 0 means clean. */
#define CTA_VERDICT_CLEAN 0
/* Oracle (a): a ThreadSanitizer report whose stack passes through the target.
 */
#define CTA_VERDICT_DATA_RACE 0x1
/* Oracle (b): two threads each checked "absent" and then acted on one key. */
#define CTA_VERDICT_ATOMICITY 0x2
/* Oracle (c): equal arguments, different objects returned to two threads. */
#define CTA_VERDICT_DIFFERENT_OBJECTS 0x4
/* Oracle (d): more concurrent calls succeeded (returned true, a value, a
 * non-null pointer) than the same calls made one at a time allow. */
#define CTA_VERDICT_OVERSUCCEEDED 0x8
/* Oracle (e): an act left a container with more elements than the size bound
 * its check tests admits (two threads both saw room under the bound). */
#define CTA_VERDICT_OVER_BOUND 0x10

/* Counters of the current (or last) round, filled by __cta_get_stats. */
struct __cta_stats {
  uint32_t events;          /* events recorded (checks, acts, results) */
  uint32_t events_dropped;  /* events lost because the recorder was full */
  uint32_t threads_entered; /* threads that called __cta_thread_enter */
  uint32_t barrier_timeout; /* 1 if the start barrier gave up waiting */
  uint32_t parks;           /* checks that parked their thread */
  uint32_t park_timeouts;   /* parks that ended by timeout */
  uint32_t tsan_reports;    /* ThreadSanitizer reports seen this round */
  uint32_t tsan_attributed; /* of those, reports through the target */
};

/* Returns CTA_RT_ABI_VERSION of the linked runtime. */
CTA_RT_API uint32_t __cta_abi_version(void);

/* Registers site `site` (< 4096) of `kind` (CTA_KIND_*, CTA_SITE_LOCKED);
 * the strings must outlive the last report. */
CTA_RT_API void __cta_site(uint32_t site, uint32_t kind, const char *file,
                           uint32_t line, const char *text);

/* Names the flagged function (e.g. "ConnCache::get") for TSan attribution. */
CTA_RT_API void __cta_set_target(const char *qualified_name);

/* Starts a round: clears events and verdicts, seeds the schedule, arms the
 * start barrier for `nthreads` threads (at most 64). */
CTA_RT_API void __cta_round_begin(uint64_t seed, uint32_t nthreads,
                                  uint32_t flags);

/* Makes the calling thread logical thread `tid` (1..nthreads), waits at the
 * start barrier (bounded), then sleeps its seeded entry delay. */
CTA_RT_API void __cta_thread_enter(uint32_t tid);

/* Records a check on obj+key at `site`; `saw_absent` is nonzero when the
 * outcome lets the act follow (key absent; for take-remove, key present).
 * May park (steering) or delay (jitter) the caller; returns `saw_absent`. */
CTA_RT_API int __cta_check(const void *obj, uint64_t key_hash, uint32_t site,
                           int saw_absent);

/* Call where the thread has left the critical section of a CTA_SITE_LOCKED
 * check: takes the park and delay that check deferred, if any. */
CTA_RT_API void __cta_window(void);

/* Records an act on obj+key at `site`. */
CTA_RT_API void __cta_act(const void *obj, uint64_t key_hash, uint32_t site);

/* Records that a get-or-create for obj+key returned `result` to the caller. */
CTA_RT_API void __cta_result(const void *obj, uint64_t key_hash,
                             const void *result);

/* Oracle (d): how many of the round's calls succeed when made one at a time
 * on a fresh instance (the harness's sequential baseline). Call after
 * __cta_round_begin; without it oracle (d) does not judge. */
CTA_RT_API void __cta_allowed(uint32_t successes);

/* Oracle (e): the most elements the function's size bound admits (for
 * `if (q.size() >= cap) return;` that is cap). Call after __cta_round_begin;
 * without it oracle (e) does not judge. */
CTA_RT_API void __cta_bound(uint64_t limit);

/* Records the size of container `obj` right after an act changed it. */
CTA_RT_API void __cta_size(const void *obj, uint64_t size);

/* Records that the calling thread's call succeeded (returned true, a value,
 * a non-null pointer). */
CTA_RT_API void __cta_succeeded(void);

/* Marks the calling thread finished; parked peers stop waiting for it. */
CTA_RT_API void __cta_thread_exit(void);

/* Ends the round (all threads joined) and returns its CTA_VERDICT_* bits. */
CTA_RT_API int __cta_round_end(void);

/* Fills `out` with the counters of the current or last round. */
CTA_RT_API void __cta_get_stats(struct __cta_stats *out);

/* Copies up to `n` delays logical thread `tid` took this round into `out`
 * (microseconds, in order) and returns how many it took in total. */
CTA_RT_API uint32_t __cta_thread_delays(uint32_t tid, uint32_t *out,
                                        uint32_t n);

/* Writes the human timeline ("T1 check saw absent at f.cpp:12 -> ...") to
 * buf (NUL-terminated, truncated to n); returns the untruncated length. */
CTA_RT_API size_t __cta_format_timeline(char *buf, size_t n);

/* Writes the round's report as one JSON line to `fd`; 0 on success, -1 on a
 * write error. */
CTA_RT_API int __cta_write_report(int fd);

/* Hook (weak, default returns ""): options read at every round begin, in the
 * syntax of the CTA_OPTIONS environment variable, which overrides them. */
CTA_RT_API const char *__cta_default_options(void);

/* Hook (weak, default does nothing): called at the end of __cta_round_end
 * with the verdict bits. */
CTA_RT_API void __cta_on_round_end(int verdict);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CTA_RT_H */
