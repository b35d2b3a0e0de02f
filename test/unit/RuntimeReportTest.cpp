//===-- test/unit/RuntimeReportTest.cpp - timeline, JSON report, hooks ----===//
//
// Part of cta, a tool that finds check-then-act races in C++ services.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Unit tests of what the runtime tells the outside world: the human
/// timeline, the JSON Lines report the runner parses, the user hooks, and the
/// name matching that attributes TSan reports to the target.
///
//===----------------------------------------------------------------------===//

#include "Runtime.h"
#include "cta/rt.h"
#include "cta/rt.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

// The test binary overrides both weak hooks, as a harness may.
static const char *DefaultOptions = "";
static std::atomic<int> RoundEndCalls{0};
static std::atomic<int> LastVerdict{-1};

extern "C" const char *__cta_default_options(void) { return DefaultOptions; }
extern "C" void __cta_on_round_end(int Verdict) {
  ++RoundEndCalls;
  LastVerdict = Verdict;
}

namespace {

constexpr uint32_t CheckSite = 1;
constexpr uint32_t ActSite = 2;
constexpr uint32_t OddSite = 3;

/// A strict RFC 8259 recognizer: accepts exactly one JSON value.
class JsonChecker {
public:
  explicit JsonChecker(const std::string &Text) : S(Text) {}

  bool valid() {
    space();
    if (!value(0))
      return false;
    space();
    return P == S.size();
  }

private:
  bool value(int Depth) {
    if (P >= S.size() || Depth > 64)
      return false;
    switch (S[P]) {
    case '{':
      return object(Depth);
    case '[':
      return array(Depth);
    case '"':
      return string();
    case 't':
      return literal("true");
    case 'f':
      return literal("false");
    case 'n':
      return literal("null");
    default:
      return number();
    }
  }

  bool object(int Depth) {
    ++P;
    space();
    if (eat('}'))
      return true;
    for (;;) {
      space();
      if (!string())
        return false;
      space();
      if (!eat(':'))
        return false;
      space();
      if (!value(Depth + 1))
        return false;
      space();
      if (eat(','))
        continue;
      return eat('}');
    }
  }

  bool array(int Depth) {
    ++P;
    space();
    if (eat(']'))
      return true;
    for (;;) {
      space();
      if (!value(Depth + 1))
        return false;
      space();
      if (eat(','))
        continue;
      return eat(']');
    }
  }

  bool string() {
    if (!eat('"'))
      return false;
    while (P < S.size()) {
      unsigned char C = static_cast<unsigned char>(S[P++]);
      if (C == '"')
        return true;
      if (C < 0x20)
        return false;
      if (C != '\\')
        continue;
      if (P >= S.size())
        return false;
      char E = S[P++];
      if (E == 'u') {
        for (int I = 0; I < 4; ++I, ++P)
          if (P >= S.size() || !isxdigit(static_cast<unsigned char>(S[P])))
            return false;
      } else if (!std::strchr("\"\\/bfnrt", E)) {
        return false;
      }
    }
    return false;
  }

  bool number() {
    size_t Start = P;
    eat('-');
    if (eat('0')) {
      // no leading zeros
    } else if (!digits()) {
      return false;
    }
    if (eat('.') && !digits())
      return false;
    if (eat('e') || eat('E')) {
      if (!eat('+'))
        eat('-');
      if (!digits())
        return false;
    }
    return P > Start;
  }

  bool digits() {
    size_t Start = P;
    while (P < S.size() && S[P] >= '0' && S[P] <= '9')
      ++P;
    return P > Start;
  }

  bool literal(const char *Word) {
    size_t N = std::strlen(Word);
    if (S.compare(P, N, Word) != 0)
      return false;
    P += N;
    return true;
  }

  bool eat(char C) {
    if (P < S.size() && S[P] == C) {
      ++P;
      return true;
    }
    return false;
  }

  void space() {
    while (P < S.size() &&
           (S[P] == ' ' || S[P] == '\n' || S[P] == '\t' || S[P] == '\r'))
      ++P;
  }

  const std::string &S;
  size_t P = 0;
};

/// The report as the runner would read it from a pipe.
std::string reportText() {
  int Fds[2];
  if (pipe(Fds) != 0)
    return "";
  int Rc = __cta_write_report(Fds[1]);
  close(Fds[1]);
  std::string Out;
  char Buf[4096];
  ssize_t N;
  while ((N = read(Fds[0], Buf, sizeof(Buf))) > 0)
    Out.append(Buf, size_t(N));
  close(Fds[0]);
  return Rc == 0 ? Out : "";
}

class RuntimeReportTest : public ::testing::Test {
protected:
  void SetUp() override {
    unsetenv("CTA_OPTIONS");
    unsetenv("CTA_PARK_US");
    DefaultOptions = "";
    __cta_site(CheckSite, CTA_KIND_CHECK, "/src/svc/cache.cpp", 12,
               "cache_.find(key)");
    __cta_site(ActSite, CTA_KIND_ACT, "/src/svc/cache.cpp", 15,
               "cache_[key] = v");
    __cta_set_target("ConnCache::get");
  }
  void TearDown() override {
    unsetenv("CTA_OPTIONS");
    unsetenv("CTA_PARK_US");
    DefaultOptions = "";
  }
};

/// One thread: check (absent), act, and the object it got.
int soloRound(const void *Result) {
  static int Cache;
  __cta_round_begin(5, 1, CTA_STEER | CTA_JITTER);
  std::thread T([Result] {
    cta::ThreadScope Scope(1);
    cta::check(&Cache, 7, CheckSite, true);
    cta::act(&Cache, 7, ActSite);
    cta::result(&Cache, 7, Result);
  });
  T.join();
  return __cta_round_end();
}

/// Two threads racing on an unprotected check-then-act (see RuntimeTest).
int racyRound(uint64_t Seed) {
  static std::atomic<bool> Initialized;
  Initialized = false;
  __cta_round_begin(Seed, 2, CTA_STEER | CTA_JITTER);
  auto Body = [](uint32_t Tid) {
    cta::ThreadScope Scope(Tid);
    bool SawAbsent = !Initialized.load(std::memory_order_relaxed);
    if (cta::check(&Initialized, 0, CheckSite, SawAbsent)) {
      cta::act(&Initialized, 0, ActSite);
      Initialized.store(true, std::memory_order_relaxed);
    }
  };
  std::thread A(Body, 1), B(Body, 2);
  A.join();
  B.join();
  return __cta_round_end();
}

TEST_F(RuntimeReportTest, TimelineNamesThreadsKindsAndSites) {
  int Widget = 0;
  soloRound(&Widget);
  EXPECT_EQ(cta::timeline(), "T1 check saw absent at cache.cpp:12 -> "
                             "T1 act at cache.cpp:15 -> T1 got object #1");
}

TEST_F(RuntimeReportTest, TimelineShowsUnregisteredSitesAndNullResults) {
  static int Cache;
  __cta_round_begin(5, 1, 0);
  std::thread T([] {
    cta::ThreadScope Scope(1);
    cta::check(&Cache, 0, 999, false);
    cta::result(&Cache, 0, nullptr);
  });
  T.join();
  __cta_round_end();
  EXPECT_EQ(cta::timeline(), "T1 check saw present at site 999 -> T1 got null");
}

TEST_F(RuntimeReportTest, TimelineTruncatesLikeSnprintf) {
  int Widget = 0;
  soloRound(&Widget);
  std::string Full = cta::timeline();
  char Small[11];
  std::memset(Small, 'x', sizeof(Small));
  size_t Needed = __cta_format_timeline(Small, sizeof(Small));
  EXPECT_EQ(Needed, Full.size());
  EXPECT_EQ(std::string(Small), Full.substr(0, 10));
}

TEST_F(RuntimeReportTest, ReportIsOneWellFormedJsonLine) {
  int Verdict = racyRound(77);
  std::string Report = reportText();
  ASSERT_FALSE(Report.empty());
  ASSERT_EQ(Report.back(), '\n');
  EXPECT_EQ(Report.find('\n'), Report.size() - 1) << "one object per line";
  EXPECT_TRUE(JsonChecker(Report).valid()) << Report;

  EXPECT_EQ(Report.rfind("{\"cta_report\":1,", 0), 0u) << Report;
  EXPECT_NE(Report.find("\"target\":\"ConnCache::get\""), std::string::npos);
  EXPECT_NE(Report.find("\"seed\":77,"), std::string::npos);
  EXPECT_NE(Report.find("\"flags\":[\"steer\",\"jitter\"]"), std::string::npos);
  EXPECT_NE(Report.find("\"verdict_bits\":" + std::to_string(Verdict) + ","),
            std::string::npos);
  if (Verdict & CTA_VERDICT_ATOMICITY) {
    EXPECT_NE(Report.find("\"verdict\":[\"atomicity\"]"), std::string::npos);
    EXPECT_NE(Report.find("\"atomicity\":{\"obj\":\"0x"), std::string::npos);
  }
  // The timeline: structured events and the human line, which is exactly
  // what __cta_format_timeline returns.
  EXPECT_NE(Report.find("\"timeline\":[{\"seq\":0,\"thread\":"),
            std::string::npos);
  EXPECT_NE(Report.find("\"kind\":\"check\""), std::string::npos);
  EXPECT_NE(Report.find("\"file\":\"/src/svc/cache.cpp\",\"line\":12,"
                        "\"text\":\"cache_.find(key)\""),
            std::string::npos);
  EXPECT_NE(Report.find("\"timeline_text\":\"" + cta::timeline() + "\"}"),
            std::string::npos)
      << Report;
  // No sanitizer in this binary: the TSan oracle says so instead of lying.
  EXPECT_NE(Report.find("\"tsan\":{\"available\":false,"), std::string::npos);
  EXPECT_NE(Report.find("\"first_attributed\":null"), std::string::npos);
}

TEST_F(RuntimeReportTest, ReportEscapesSiteText) {
  __cta_site(OddSite, CTA_KIND_CHECK, "/src/we\"ird\\dir/m.cpp", 3,
             "m.find(\"k\\n\")\n\ttab\x01");
  static int Cache;
  __cta_round_begin(1, 1, 0);
  std::thread T([] {
    cta::ThreadScope Scope(1);
    cta::check(&Cache, 0, OddSite, false);
  });
  T.join();
  __cta_round_end();
  std::string Report = reportText();
  EXPECT_TRUE(JsonChecker(Report).valid()) << Report;
  EXPECT_NE(Report.find("\"text\":\"m.find(\\\"k\\\\n\\\")\\n\\ttab\\u0001\""),
            std::string::npos)
      << Report;
  EXPECT_NE(Report.find("\"file\":\"/src/we\\\"ird\\\\dir/m.cpp\""),
            std::string::npos)
      << Report;
}

TEST_F(RuntimeReportTest, ReportWriteFailureIsReported) {
  soloRound(nullptr);
  EXPECT_EQ(__cta_write_report(-1), -1);
}

TEST_F(RuntimeReportTest, ReportNamesTheDifferentObjects) {
  static int Cache;
  static int First, Second;
  // Thread 2 starts after thread 1 has finished: the barrier must give up.
  setenv("CTA_OPTIONS", "barrier_us=1000", 1);
  __cta_round_begin(3, 2, 0);
  auto Body = [](uint32_t Tid) {
    cta::ThreadScope Scope(Tid);
    cta::result(&Cache, 1, Tid == 1 ? &First : &Second);
  };
  std::thread A(Body, 1);
  A.join();
  std::thread B(Body, 2);
  B.join();
  EXPECT_EQ(__cta_round_end(), CTA_VERDICT_DIFFERENT_OBJECTS);
  std::string Report = reportText();
  EXPECT_TRUE(JsonChecker(Report).valid()) << Report;
  EXPECT_NE(Report.find("\"verdict\":[\"different-objects\"]"),
            std::string::npos);
  EXPECT_NE(Report.find("\"different_objects\":{\"obj\":\"0x"),
            std::string::npos);
  EXPECT_NE(Report.find("\"threads\":[1,2],\"results\":[\"0x"),
            std::string::npos);
  EXPECT_EQ(cta::timeline(), "T1 got object #1 -> T2 got object #2");
}

TEST_F(RuntimeReportTest, ReportNamesTheSizeOverTheBound) {
  static int Queue;
  __cta_round_begin(4, 1, 0);
  __cta_bound(3);
  std::thread A([] {
    cta::ThreadScope Scope(1);
    __cta_size(&Queue, 3);
    __cta_size(&Queue, 4);
  });
  A.join();
  EXPECT_EQ(__cta_round_end(), CTA_VERDICT_OVER_BOUND);
  std::string Report = reportText();
  EXPECT_TRUE(JsonChecker(Report).valid()) << Report;
  EXPECT_NE(Report.find("\"verdict\":[\"over-bound\"]"), std::string::npos);
  EXPECT_NE(Report.find("\"over_bound\":{\"size\":4,\"limit\":3,"
                        "\"thread\":1}"),
            std::string::npos)
      << Report;
}

TEST_F(RuntimeReportTest, OptionsComeFromHookThenEnvironment) {
  DefaultOptions = "park_us=4321:barrier_us=99";
  soloRound(nullptr);
  EXPECT_NE(reportText().find("\"park_us\":4321}"), std::string::npos);

  setenv("CTA_OPTIONS", "park_us=77", 1);
  soloRound(nullptr);
  EXPECT_NE(reportText().find("\"park_us\":77}"), std::string::npos);

  setenv("CTA_PARK_US", "1234", 1);
  soloRound(nullptr);
  EXPECT_NE(reportText().find("\"park_us\":1234}"), std::string::npos);

  // Malformed values are ignored, not half-parsed.
  unsetenv("CTA_PARK_US");
  setenv("CTA_OPTIONS", "park_us=12x:bogus=1", 1);
  soloRound(nullptr);
  EXPECT_NE(reportText().find("\"park_us\":4321}"), std::string::npos);
}

TEST_F(RuntimeReportTest, RoundEndHookSeesTheVerdict) {
  int Before = RoundEndCalls.load();
  int Verdict = racyRound(5);
  EXPECT_EQ(RoundEndCalls.load(), Before + 1);
  EXPECT_EQ(LastVerdict.load(), Verdict);
}

TEST_F(RuntimeReportTest, RoundGuardEndsOnceAndOnScopeExit) {
  int Before = RoundEndCalls.load();
  {
    cta::Round Round(1, 1, 0);
    std::thread T([] { cta::ThreadScope Scope(1); });
    T.join();
    EXPECT_EQ(Round.end(), CTA_VERDICT_CLEAN);
    EXPECT_EQ(Round.end(), CTA_VERDICT_CLEAN);
  }
  EXPECT_EQ(RoundEndCalls.load(), Before + 1);
  {
    cta::Round Round(1, 1, 0);
  }
  EXPECT_EQ(RoundEndCalls.load(), Before + 2);
}

TEST(RuntimeTargetTest, MatchesQualifiedNameBeforeParameters) {
  using cta::rt::matchesTarget;
  EXPECT_TRUE(
      matchesTarget("ConnCache::get(std::string const&)", "ConnCache::get"));
  EXPECT_TRUE(matchesTarget("ConnCache::get(int) const", "ConnCache::get"));
  EXPECT_TRUE(matchesTarget("ns::lookup", "ns::lookup"));
  EXPECT_FALSE(matchesTarget("ConnCache::getAll(int)", "ConnCache::get"));
  EXPECT_FALSE(matchesTarget("xns::lookup(int)", "ns::lookup"));
  EXPECT_FALSE(matchesTarget("ns::lookupImpl", "ns::lookup"));
}

TEST(RuntimeTargetTest, MatchesTemplatesAfterReturnType) {
  using cta::rt::matchesTarget;
  EXPECT_TRUE(matchesTarget("int* svc::make<int>(int*&)", "svc::make"));
  EXPECT_TRUE(
      matchesTarget("std::map<int, int>& ns::table<int>()", "ns::table"));
  EXPECT_FALSE(
      matchesTarget("std::map<int, ns::table> ns::other()", "ns::table"));
}

TEST(RuntimeTargetTest, MatchesLambdasInsideTargetButNotCallers) {
  using cta::rt::matchesTarget;
  EXPECT_TRUE(
      matchesTarget("svc::getOrCreate(svc::Cache&)::$_0::operator()() const",
                    "svc::getOrCreate"));
  EXPECT_FALSE(
      matchesTarget("run(void (*)(svc::getOrCreate))", "svc::getOrCreate"));
  EXPECT_FALSE(
      matchesTarget("main::$_0::operator()() const", "svc::getOrCreate"));
}

TEST(RuntimeTargetTest, AnonymousNamespacesAreIgnored) {
  char Normal[128];
  cta::rt::normalizeFunctionName(Normal, sizeof(Normal),
                                 "(anonymous namespace)::ConnCache::get(int)");
  EXPECT_STREQ(Normal, "ConnCache::get(int)");
  EXPECT_TRUE(cta::rt::matchesTarget(Normal, "ConnCache::get"));
  cta::rt::normalizeFunctionName(Normal, 8, "(anonymous namespace)::abcdefgh");
  EXPECT_STREQ(Normal, "abcdefg");
}

TEST(RuntimeTargetTest, CopyBoundedKeepsUtf8Whole) {
  char Out[5];
  const char *Text = "ab\xc3\xa9z"; // "abéz"
  cta::rt::copyBounded(Out, 4, Text, std::strlen(Text));
  EXPECT_STREQ(Out, "ab");
  cta::rt::copyBounded(Out, 5, Text, std::strlen(Text));
  EXPECT_STREQ(Out, "ab\xc3\xa9");
}

} // namespace
