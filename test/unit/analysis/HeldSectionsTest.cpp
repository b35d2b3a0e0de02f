//===- HeldSectionsTest.cpp - Critical sections held at checks and acts ---===//

#include "AnalysisTestUtil.h"
#include "gtest/gtest.h"
#include <set>

using namespace clang;
using cta::test::factsOf;
using cta::test::FactsFixture;

namespace cta {
namespace {

const char *const Globals = R"cpp(
#include <absl/base/thread_annotations.h>
std::mutex mu, mu2;
std::shared_mutex smu;
absl::Mutex amu;
std::map<int, int> m;
int compute(int);
struct RefGuard {
  explicit RefGuard(std::mutex &m);
  ~RefGuard();
};
struct PtrGuard {
  explicit PtrGuard(std::mutex *m);
  ~PtrGuard();
};
)cpp";

std::unique_ptr<FactsFixture> facts(llvm::StringRef Body) {
  return factsOf((llvm::Twine(Globals) + Body).str(), "f");
}

/// The mutexes of a held set, as spelled.
std::set<std::string> spellings(const HeldSet &H) {
  std::set<std::string> S;
  for (const Section &X : H)
    S.insert(X.MutexSpelling);
  return S;
}

using Names = std::set<std::string>;

TEST(HeldSectionsTest, LockGuardBlockCoversOnlyTheCheck) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      {
        std::lock_guard<std::mutex> g(mu);
        if (m.count(k))
          return;
      }
      m[k] = 1;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 1u);
  ASSERT_EQ(Fx->F.Acts.size(), 1u);
  const HeldSet &AtCheck = Fx->F.Checks[0].Held;
  ASSERT_EQ(AtCheck.size(), 1u);
  EXPECT_EQ(AtCheck[0].MutexSpelling, "mu");
  EXPECT_EQ(AtCheck[0].Mode, LockMode::Exclusive);
  EXPECT_EQ(AtCheck[0].Guard, test::findDecl<VarDecl>(Fx->ctx(), "g"));
  EXPECT_TRUE(Fx->F.Acts[0].Held.empty());
  // The block's `}` ends the section.
  auto End = Fx->F.SectionEnds.find(AtCheck[0].Id);
  ASSERT_NE(End, Fx->F.SectionEnds.end());
  EXPECT_TRUE(isa<CompoundStmt>(End->second));
  // And the early return still guards the act.
  EXPECT_EQ(Fx->outcomes(Fx->F.Acts[0], 0),
            std::vector<Outcome>{Outcome::Absent});
}

TEST(HeldSectionsTest, LockGuardAcrossCheckAndAct) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      std::lock_guard<std::mutex> g(mu);
      if (m.count(k) == 0)
        m[k] = 1;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 1u);
  ASSERT_EQ(Fx->F.Acts.size(), 1u);
  EXPECT_TRUE(shareSection(Fx->F.Checks[0].Held, Fx->F.Acts[0].Held));
}

TEST(HeldSectionsTest, UniqueLockUnlockThenLock) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      std::unique_lock<std::mutex> l(mu);
      bool has = m.count(k) != 0;
      l.unlock();
      int v = compute(k);
      (void)m.empty();
      l.lock();
      if (!has)
        m[k] = v;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  // `if (!has)` adds a flag test on `has`; only the container checks matter.
  int Count = Fx->checkIdx("count"), Empty = Fx->checkIdx("empty");
  ASSERT_GE(Count, 0);
  ASSERT_GE(Empty, 0);
  ASSERT_EQ(Fx->F.Acts.size(), 1u);
  const HeldSet &AtCheck = Fx->F.Checks[Count].Held;
  const HeldSet &AtAct = Fx->F.Acts[0].Held;
  EXPECT_EQ(spellings(AtCheck), Names{"mu"});
  EXPECT_TRUE(Fx->F.Checks[Empty].Held.empty()) << "between unlock() and lock()";
  EXPECT_EQ(spellings(AtAct), Names{"mu"});
  EXPECT_TRUE(shareMutex(AtCheck, AtAct));
  EXPECT_FALSE(shareSection(AtCheck, AtAct));
  // unlock() ends the first section.
  EXPECT_EQ(Fx->F.SectionEnds.count(AtCheck[0].Id), 1u);
}

TEST(HeldSectionsTest, DeferLock) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      std::unique_lock<std::mutex> l(mu, std::defer_lock);
      if (m.count(k))
        return;
      l.lock();
      m[k] = 1;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 1u);
  ASSERT_EQ(Fx->F.Acts.size(), 1u);
  EXPECT_TRUE(Fx->F.Checks[0].Held.empty());
  ASSERT_EQ(Fx->F.Acts[0].Held.size(), 1u);
  EXPECT_EQ(Fx->F.Acts[0].Held[0].MutexSpelling, "mu");
  EXPECT_EQ(Fx->F.Acts[0].Held[0].Guard,
            test::findDecl<VarDecl>(Fx->ctx(), "l"));
}

TEST(HeldSectionsTest, ManualLockAndUnlock) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      mu.lock();
      bool has = m.count(k);
      mu.unlock();
      if (!has) {
        mu.lock();
        m[k] = 1;
        mu.unlock();
      }
      (void)m.empty();
    })cpp");
  ASSERT_NE(Fx, nullptr);
  int Count = Fx->checkIdx("count"), Empty = Fx->checkIdx("empty");
  ASSERT_GE(Count, 0);
  ASSERT_GE(Empty, 0);
  ASSERT_EQ(Fx->F.Acts.size(), 1u);
  const HeldSet &AtCheck = Fx->F.Checks[Count].Held;
  const HeldSet &AtAct = Fx->F.Acts[0].Held;
  EXPECT_EQ(spellings(AtCheck), Names{"mu"});
  EXPECT_EQ(spellings(AtAct), Names{"mu"});
  EXPECT_EQ(AtCheck[0].Guard, nullptr);
  EXPECT_TRUE(shareMutex(AtCheck, AtAct));
  EXPECT_FALSE(shareSection(AtCheck, AtAct));
  EXPECT_TRUE(Fx->F.Checks[Empty].Held.empty());
}

TEST(HeldSectionsTest, SharedLockThenUniqueLock) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      {
        std::shared_lock<std::shared_mutex> r(smu);
        if (m.count(k))
          return;
      }
      std::unique_lock<std::shared_mutex> w(smu);
      m[k] = 1;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 1u);
  ASSERT_EQ(Fx->F.Acts.size(), 1u);
  const HeldSet &AtCheck = Fx->F.Checks[0].Held;
  const HeldSet &AtAct = Fx->F.Acts[0].Held;
  ASSERT_EQ(AtCheck.size(), 1u);
  ASSERT_EQ(AtAct.size(), 1u);
  EXPECT_EQ(AtCheck[0].Mode, LockMode::Shared);
  EXPECT_EQ(AtAct[0].Mode, LockMode::Exclusive);
  EXPECT_TRUE(shareMutex(AtCheck, AtAct));
  EXPECT_FALSE(shareSection(AtCheck, AtAct));
}

TEST(HeldSectionsTest, ManualLockShared) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      smu.lock_shared();
      (void)m.count(k);
      smu.unlock_shared();
      (void)m.count(k);
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 2u);
  ASSERT_EQ(Fx->F.Checks[0].Held.size(), 1u);
  EXPECT_EQ(Fx->F.Checks[0].Held[0].Mode, LockMode::Shared);
  EXPECT_TRUE(Fx->F.Checks[1].Held.empty());
}

TEST(HeldSectionsTest, AbslMutexLocks) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      {
        absl::ReaderMutexLock r(&amu);
        (void)m.count(k);
      }
      absl::MutexLock l(&amu);
      if (m.count(k) == 0)
        m[k] = 1;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 2u);
  ASSERT_EQ(Fx->F.Acts.size(), 1u);
  ASSERT_EQ(Fx->F.Checks[0].Held.size(), 1u);
  EXPECT_EQ(Fx->F.Checks[0].Held[0].Mode, LockMode::Shared);
  EXPECT_EQ(Fx->F.Checks[0].Held[0].MutexSpelling, "amu");
  EXPECT_EQ(spellings(Fx->F.Acts[0].Held), Names{"amu"});
  EXPECT_TRUE(shareSection(Fx->F.Checks[1].Held, Fx->F.Acts[0].Held));
  EXPECT_TRUE(shareMutex(Fx->F.Checks[0].Held, Fx->F.Acts[0].Held));
}

TEST(HeldSectionsTest, ScopedLockOnTwoMutexes) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      std::scoped_lock l(mu, mu2);
      (void)m.count(k);
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 1u);
  EXPECT_EQ(spellings(Fx->F.Checks[0].Held), (Names{"mu", "mu2"}));
}

TEST(HeldSectionsTest, StdLockThenAdoptLock) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      {
        std::lock(mu, mu2);
        std::lock_guard<std::mutex> a(mu, std::adopt_lock);
        std::lock_guard<std::mutex> b(mu2, std::adopt_lock);
        if (m.count(k))
          return;
      }
      m[k] = 1;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 1u);
  ASSERT_EQ(Fx->F.Acts.size(), 1u);
  EXPECT_EQ(spellings(Fx->F.Checks[0].Held), (Names{"mu", "mu2"}));
  EXPECT_EQ(Fx->F.Checks[0].Held.size(), 2u) << "adopting opens no section";
  EXPECT_TRUE(Fx->F.Acts[0].Held.empty()) << "the guards' scope ended";
}

TEST(HeldSectionsTest, StdLockOnDeferredUniqueLocks) {
  // The cppreference idiom: the sections are on the mutexes the guards
  // hold, and the guards' destructors end them.
  auto Fx = facts(R"cpp(
    void f(int k) {
      {
        std::unique_lock<std::mutex> a(mu, std::defer_lock);
        std::unique_lock<std::mutex> b(mu2, std::defer_lock);
        std::lock(a, b);
        if (m.count(k))
          return;
      }
      m[k] = 1;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 1u);
  ASSERT_EQ(Fx->F.Acts.size(), 1u);
  EXPECT_EQ(spellings(Fx->F.Checks[0].Held), (Names{"mu", "mu2"}));
  EXPECT_TRUE(Fx->F.Acts[0].Held.empty());
}

TEST(HeldSectionsTest, UniqueLockReleaseKeepsTheMutexLocked) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      {
        std::unique_lock<std::mutex> l(mu);
        l.release();
      }
      if (m.count(k) == 0)
        m[k] = 1;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 1u);
  ASSERT_EQ(Fx->F.Acts.size(), 1u);
  EXPECT_EQ(spellings(Fx->F.Checks[0].Held), Names{"mu"});
  EXPECT_TRUE(shareSection(Fx->F.Checks[0].Held, Fx->F.Acts[0].Held));
}

TEST(HeldSectionsTest, UserGuardTakingAMutexPointer) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      {
        PtrGuard g(&mu);
        if (m.count(k))
          return;
      }
      m[k] = 1;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 1u);
  ASSERT_EQ(Fx->F.Acts.size(), 1u);
  EXPECT_EQ(spellings(Fx->F.Checks[0].Held), Names{"mu"});
  EXPECT_TRUE(Fx->F.Acts[0].Held.empty());
}

TEST(HeldSectionsTest, UserGuardTakingAMutexReference) {
  // LockScopes.h: a guard is "any class whose constructor we see taking a
  // mutex" -- by reference as much as by pointer.
  auto Fx = facts(R"cpp(
    void f(int k) {
      {
        RefGuard g(mu);
        if (m.count(k))
          return;
      }
      m[k] = 1;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 1u);
  ASSERT_EQ(Fx->F.Acts.size(), 1u);
  EXPECT_EQ(spellings(Fx->F.Checks[0].Held), Names{"mu"});
  EXPECT_TRUE(Fx->F.Acts[0].Held.empty());
}

TEST(HeldSectionsTest, RequiresCapabilityMeansTheCallerHoldsTheLock) {
  auto Fx = facts(R"cpp(
    void f(int k) ABSL_EXCLUSIVE_LOCKS_REQUIRED(amu) {
      if (m.count(k) == 0)
        m[k] = 1;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 1u);
  ASSERT_EQ(Fx->F.Acts.size(), 1u);
  ASSERT_EQ(Fx->F.Checks[0].Held.size(), 1u);
  EXPECT_TRUE(Fx->F.Checks[0].Held[0].CallerHeld);
  EXPECT_TRUE(shareSection(Fx->F.Checks[0].Held, Fx->F.Acts[0].Held));
}

TEST(HeldSectionsTest, LockTakenInABranchThatReturnsDoesNotLeak) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      if (k < 0) {
        mu.lock();
        return;
      }
      (void)m.count(k);
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 1u);
  EXPECT_TRUE(Fx->F.Checks[0].Held.empty());
}

TEST(HeldSectionsTest, EachAcquisitionIsANewSection) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      {
        std::lock_guard<std::mutex> g(mu);
        (void)m.count(k);
      }
      {
        std::lock_guard<std::mutex> g(mu);
        (void)m.count(k);
      }
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 2u);
  ASSERT_EQ(Fx->F.Checks[0].Held.size(), 1u);
  ASSERT_EQ(Fx->F.Checks[1].Held.size(), 1u);
  EXPECT_NE(Fx->F.Checks[0].Held[0].Id, Fx->F.Checks[1].Held[0].Id);
  EXPECT_EQ(Fx->F.Checks[0].Held[0].MutexId, Fx->F.Checks[1].Held[0].MutexId);
}

} // namespace
} // namespace cta
