//===- LockScopesTest.cpp - LockState, shareSection, LockModel ------------===//

#include "AnalysisTestUtil.h"
#include "LockScopes.h"
#include "gtest/gtest.h"

using namespace clang;

namespace cta {
namespace {

//===----------------------------------------------------------------------===//
// LockState: the section tracker
//===----------------------------------------------------------------------===//

/// Guards are identified by their VarDecl; these come from a tiny TU.
class LockStateTest : public ::testing::Test {
protected:
  void SetUp() override {
    AST = test::buildAST("void f() { int g1, g2; }");
    ASSERT_NE(AST, nullptr);
    G1 = test::findDecl<VarDecl>(AST->getASTContext(), "g1");
    G2 = test::findDecl<VarDecl>(AST->getASTContext(), "g2");
    ASSERT_NE(G1, nullptr);
    ASSERT_NE(G2, nullptr);
  }

  static bool holds(const LockState &L, unsigned Id) {
    for (const Section &S : L.held())
      if (S.Id == Id)
        return true;
    return false;
  }

  std::unique_ptr<ASTUnit> AST;
  const VarDecl *G1 = nullptr;
  const VarDecl *G2 = nullptr;
  unsigned Ids = 1;
  LockState L{Ids};
};

TEST_F(LockStateTest, AcquireOpensSectionsWithDistinctIds) {
  EXPECT_TRUE(L.empty());
  unsigned A = L.acquire("mu", "mu", LockMode::Exclusive, nullptr);
  unsigned B = L.acquire("mu2", "mu2", LockMode::Shared, nullptr);
  EXPECT_NE(A, B);
  ASSERT_EQ(L.held().size(), 2u);
  EXPECT_EQ(L.held()[0].MutexId, "mu");
  EXPECT_EQ(L.held()[1].MutexId, "mu2");
  EXPECT_EQ(L.held()[1].Mode, LockMode::Shared);
  EXPECT_FALSE(L.held()[0].CallerHeld);
  // Ids come from the shared counter.
  EXPECT_EQ(Ids, B + 1);
}

TEST_F(LockStateTest, ReacquiringTheSameMutexIsANewSection) {
  unsigned First = L.acquire("mu", "mu", LockMode::Exclusive, nullptr);
  HeldSet AtCheck = L.save();
  L.releaseMutex("mu");
  EXPECT_TRUE(L.empty());
  unsigned Second = L.acquire("mu", "mu", LockMode::Exclusive, nullptr);
  HeldSet AtAct = L.save();
  EXPECT_NE(First, Second);
  EXPECT_TRUE(shareMutex(AtCheck, AtAct));
  EXPECT_FALSE(shareSection(AtCheck, AtAct));
}

TEST_F(LockStateTest, SectionIdsAreUniqueAcrossTrackersSharingACounter) {
  // A lambda's tracker continues the enclosing function's counter.
  unsigned Outer = L.acquire("mu", "mu", LockMode::Exclusive, nullptr);
  LockState Inner(Ids);
  unsigned InnerId = Inner.acquire("mu", "mu", LockMode::Exclusive, nullptr);
  EXPECT_NE(Outer, InnerId);
}

TEST_F(LockStateTest, ReleaseMutexClosesTheMostRecentSectionOnThatMutex) {
  unsigned A1 = L.acquire("a", "a", LockMode::Exclusive, nullptr);
  unsigned B = L.acquire("b", "b", LockMode::Exclusive, nullptr);
  unsigned A2 = L.acquire("a", "a", LockMode::Exclusive, nullptr);
  L.releaseMutex("a");
  EXPECT_TRUE(holds(L, A1));
  EXPECT_TRUE(holds(L, B));
  EXPECT_FALSE(holds(L, A2));
  L.releaseMutex("nope"); // Not held: nothing happens.
  EXPECT_EQ(L.held().size(), 2u);
}

TEST_F(LockStateTest, ReleaseGuardClosesEverySectionOfTheGuard) {
  L.rememberGuard(G1, "a", "a", LockMode::Exclusive);
  L.rememberGuard(G1, "b", "b", LockMode::Exclusive);
  unsigned A = L.acquire("a", "a", LockMode::Exclusive, G1);
  unsigned B = L.acquire("b", "b", LockMode::Exclusive, G1);
  unsigned Other = L.acquire("c", "c", LockMode::Exclusive, G2);
  EXPECT_TRUE(L.releaseGuard(G1));
  EXPECT_FALSE(holds(L, A));
  EXPECT_FALSE(holds(L, B));
  EXPECT_TRUE(holds(L, Other));
  EXPECT_FALSE(L.releaseGuard(G1)) << "nothing left to release";
}

TEST_F(LockStateTest, ExitScopeClosesGuardsDeclaredInTheScope) {
  L.enterScope();
  L.rememberGuard(G1, "mu", "mu", LockMode::Exclusive);
  unsigned Guarded = L.acquire("mu", "mu", LockMode::Exclusive, G1);
  unsigned Manual = L.acquire("mu2", "mu2", LockMode::Exclusive, nullptr);
  EXPECT_EQ(L.held()[0].ScopeDepth, 1u);
  L.exitScope();
  EXPECT_FALSE(holds(L, Guarded));
  // A manual lock() outlives the block: only unlock() ends it.
  EXPECT_TRUE(holds(L, Manual));
}

TEST_F(LockStateTest, ExitScopeKeepsGuardsOfOuterScopes) {
  L.enterScope(); // function body
  L.rememberGuard(G1, "mu", "mu", LockMode::Exclusive);
  unsigned Outer = L.acquire("mu", "mu", LockMode::Exclusive, G1);
  L.enterScope(); // nested block
  L.exitScope();
  EXPECT_TRUE(holds(L, Outer));
  L.exitScope();
  EXPECT_FALSE(holds(L, Outer));
}

TEST_F(LockStateTest, RelockInInnerScopeBelongsToTheGuardsScope) {
  L.enterScope();
  L.rememberGuard(G1, "mu", "mu", LockMode::Exclusive); // declared here
  L.enterScope();
  // `l.lock()` inside a nested block: the section lives as long as `l`.
  unsigned Relocked = L.acquire("mu", "mu", LockMode::Exclusive, G1);
  EXPECT_EQ(L.held().back().ScopeDepth, 1u);
  L.exitScope();
  EXPECT_TRUE(holds(L, Relocked));
  L.exitScope();
  EXPECT_FALSE(holds(L, Relocked));
}

TEST_F(LockStateTest, AdoptGivesAnOpenSectionToTheGuard) {
  unsigned Manual = L.acquire("mu", "mu", LockMode::Exclusive, nullptr);
  L.enterScope();
  L.adopt("mu", "mu", LockMode::Exclusive, G1);
  ASSERT_EQ(L.held().size(), 1u) << "adopt must not open a second section";
  EXPECT_EQ(L.held()[0].Id, Manual);
  EXPECT_EQ(L.held()[0].Guard, G1);
  // Now the guard's scope ends the section.
  L.exitScope();
  EXPECT_TRUE(L.empty());
}

TEST_F(LockStateTest, AdoptWithoutAnOpenSectionOpensOne) {
  unsigned Before = Ids;
  L.adopt("mu", "mu", LockMode::Exclusive, G1);
  ASSERT_EQ(L.held().size(), 1u);
  EXPECT_EQ(L.held()[0].Guard, G1);
  EXPECT_EQ(L.held()[0].Id, Before);
}

TEST_F(LockStateTest, AdoptSkipsSectionsOwnedByAnotherGuard) {
  L.acquire("mu", "mu", LockMode::Exclusive, G2);
  L.adopt("mu", "mu", LockMode::Exclusive, G1);
  ASSERT_EQ(L.held().size(), 2u);
  EXPECT_EQ(L.held()[0].Guard, G2);
  EXPECT_EQ(L.held()[1].Guard, G1);
}

TEST_F(LockStateTest, ForgetGuardDetachesButKeepsTheSection) {
  // unique_lock::release(): the mutex stays locked, the guard forgets it.
  L.enterScope();
  L.rememberGuard(G1, "mu", "mu", LockMode::Exclusive);
  unsigned Id = L.acquire("mu", "mu", LockMode::Exclusive, G1);
  L.forgetGuard(G1);
  ASSERT_TRUE(holds(L, Id));
  EXPECT_EQ(L.held()[0].Guard, nullptr);
  EXPECT_TRUE(L.guardMutexes(G1).empty());
  EXPECT_FALSE(L.releaseGuard(G1));
  L.exitScope();
  EXPECT_TRUE(holds(L, Id)) << "the guard's destructor no longer unlocks";
  L.releaseMutex("mu");
  EXPECT_TRUE(L.empty());
}

TEST_F(LockStateTest, RememberedGuardsKeepTheirMutexesAndMode) {
  EXPECT_TRUE(L.guardMutexes(G1).empty());
  L.rememberGuard(G1, "id:a", "a", LockMode::Shared);
  L.rememberGuard(G1, "id:b", "b", LockMode::Shared);
  auto Ms = L.guardMutexes(G1);
  ASSERT_EQ(Ms.size(), 2u);
  EXPECT_EQ(Ms[0].first, "id:a");
  EXPECT_EQ(Ms[0].second, "a");
  EXPECT_EQ(Ms[1].first, "id:b");
  EXPECT_EQ(L.guardMode(G1), LockMode::Shared);
  EXPECT_EQ(L.guardMode(G2), LockMode::Exclusive);
  // Remembering opens nothing (std::defer_lock).
  EXPECT_TRUE(L.empty());
}

TEST_F(LockStateTest, CallerHeldSections) {
  L.acquire("mu", "mu", LockMode::Exclusive, nullptr, /*CallerHeld=*/true);
  ASSERT_EQ(L.held().size(), 1u);
  EXPECT_TRUE(L.held()[0].CallerHeld);
}

TEST_F(LockStateTest, SaveAndRestore) {
  unsigned A = L.acquire("a", "a", LockMode::Exclusive, nullptr);
  HeldSet Saved = L.save();
  L.acquire("b", "b", LockMode::Exclusive, nullptr);
  L.releaseMutex("a");
  L.restore(Saved);
  ASSERT_EQ(L.held().size(), 1u);
  EXPECT_EQ(L.held()[0].Id, A);
}

//===----------------------------------------------------------------------===//
// shareSection / shareMutex
//===----------------------------------------------------------------------===//

Section section(unsigned Id, llvm::StringRef Mutex) {
  Section S;
  S.Id = Id;
  S.MutexId = Mutex.str();
  S.MutexSpelling = Mutex.str();
  return S;
}

TEST(ShareTest, SameSectionImpliesSameMutex) {
  HeldSet A{section(1, "mu")};
  HeldSet B{section(1, "mu")};
  EXPECT_TRUE(shareSection(A, B));
  EXPECT_TRUE(shareMutex(A, B));
}

TEST(ShareTest, TwoSectionsOnOneMutex) {
  HeldSet A{section(1, "mu")};
  HeldSet B{section(2, "mu")};
  EXPECT_FALSE(shareSection(A, B));
  EXPECT_TRUE(shareMutex(A, B));
}

TEST(ShareTest, DifferentMutexes) {
  HeldSet A{section(1, "mu")};
  HeldSet B{section(2, "other")};
  EXPECT_FALSE(shareSection(A, B));
  EXPECT_FALSE(shareMutex(A, B));
}

TEST(ShareTest, AnyCommonElementCounts) {
  HeldSet A{section(1, "a"), section(2, "b")};
  HeldSet B{section(3, "c"), section(2, "b")};
  EXPECT_TRUE(shareSection(A, B));
  HeldSet C{section(4, "c"), section(5, "b")};
  EXPECT_FALSE(shareSection(A, C));
  EXPECT_TRUE(shareMutex(A, C));
}

TEST(ShareTest, EmptySetsShareNothing) {
  HeldSet A{section(1, "mu")};
  HeldSet None;
  EXPECT_FALSE(shareSection(A, None));
  EXPECT_FALSE(shareSection(None, None));
  EXPECT_FALSE(shareMutex(None, A));
}

//===----------------------------------------------------------------------===//
// LockModel
//===----------------------------------------------------------------------===//

const char *const LockTypes = R"cpp(
struct UserLock {
  void lock();
  void unlock();
};
struct AbslStyleLock {
  void Lock();
  void Unlock();
};
struct LockOnly {
  void lock();
};
struct DerivedLock : UserLock {};
struct NotALock {
  int x;
};
std::mutex mStd;
std::recursive_mutex mRec;
std::shared_mutex mShared;
absl::Mutex mAbsl;
UserLock mUser;
AbslStyleLock mUserCaps;
LockOnly mLockOnly;
DerivedLock mDerived;
NotALock mNot;
std::mutex *mPtr;
std::mutex &mRef = mStd;
int mInt;
std::unique_lock<std::mutex> gUnique;
std::shared_lock<std::shared_mutex> gShared;
void guards(std::lock_guard<std::mutex> &gLockGuard,
            std::scoped_lock<std::mutex> &gScoped, absl::MutexLock &gAbsl,
            absl::ReaderMutexLock &gAbslReader) {}
std::defer_lock_t tDefer;
std::adopt_lock_t tAdopt;
std::try_to_lock_t tTry;
)cpp";

class LockModelTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    AST = test::buildAST((llvm::Twine(test::MockIncludes) + LockTypes).str())
              .release();
  }
  static void TearDownTestSuite() {
    delete AST;
    AST = nullptr;
  }
  void SetUp() override { ASSERT_NE(AST, nullptr); }
  static QualType type(llvm::StringRef Name) {
    QualType T = test::typeOf(AST->getASTContext(), Name);
    EXPECT_FALSE(T.isNull()) << Name.str();
    return T;
  }
  static ASTUnit *AST;
  LockModel LM;
};

ASTUnit *LockModelTest::AST = nullptr;

TEST_F(LockModelTest, StdAndAbslMutexes) {
  EXPECT_TRUE(LM.isMutexType(type("mStd")));
  EXPECT_TRUE(LM.isMutexType(type("mRec")));
  EXPECT_TRUE(LM.isMutexType(type("mShared")));
  EXPECT_TRUE(LM.isMutexType(type("mAbsl")));
}

TEST_F(LockModelTest, UserClassesWithLockAndUnlock) {
  EXPECT_TRUE(LM.isMutexType(type("mUser")));
  EXPECT_TRUE(LM.isMutexType(type("mUserCaps")));
  EXPECT_TRUE(LM.isMutexType(type("mDerived")));
  EXPECT_FALSE(LM.isMutexType(type("mLockOnly")));
  EXPECT_FALSE(LM.isMutexType(type("mNot")));
  EXPECT_FALSE(LM.isMutexType(type("mInt")));
}

TEST_F(LockModelTest, PointersAndReferencesToMutexes) {
  EXPECT_TRUE(LM.isMutexType(type("mPtr")));
  EXPECT_TRUE(LM.isMutexType(type("mRef")));
}

TEST_F(LockModelTest, GuardsAreNotMutexes) {
  // unique_lock and shared_lock have lock()/unlock() but are guards.
  EXPECT_FALSE(LM.isMutexType(type("gUnique")));
  EXPECT_FALSE(LM.isMutexType(type("gShared")));
  EXPECT_FALSE(LM.isMutexType(type("gLockGuard")));
}

TEST_F(LockModelTest, KnownGuardTypes) {
  EXPECT_TRUE(LM.isKnownGuardType(type("gUnique")));
  EXPECT_TRUE(LM.isKnownGuardType(type("gShared")));
  EXPECT_TRUE(LM.isKnownGuardType(type("gLockGuard")));
  EXPECT_TRUE(LM.isKnownGuardType(type("gScoped")));
  EXPECT_TRUE(LM.isKnownGuardType(type("gAbsl")));
  EXPECT_FALSE(LM.isKnownGuardType(type("mStd")));
  EXPECT_FALSE(LM.isKnownGuardType(type("mUser")));
}

TEST_F(LockModelTest, GuardModes) {
  EXPECT_EQ(LM.guardMode(type("gUnique")), LockMode::Exclusive);
  EXPECT_EQ(LM.guardMode(type("gLockGuard")), LockMode::Exclusive);
  EXPECT_EQ(LM.guardMode(type("gShared")), LockMode::Shared);
  EXPECT_EQ(LM.guardMode(type("gAbslReader")), LockMode::Shared);
  EXPECT_EQ(LM.guardMode(type("gAbsl")), LockMode::Exclusive);
}

TEST_F(LockModelTest, GuardTags) {
  EXPECT_EQ(LockModel::tagOf(type("tDefer")), GuardTag::Defer);
  EXPECT_EQ(LockModel::tagOf(type("tAdopt")), GuardTag::Adopt);
  EXPECT_EQ(LockModel::tagOf(type("tTry")), GuardTag::TryLock);
  EXPECT_EQ(LockModel::tagOf(type("mStd")), GuardTag::Acquire);
}

TEST(LockModelOpsTest, MemberOpsOnMutexes) {
  EXPECT_EQ(LockModel::memberOp("lock", false), LockOp::Lock);
  EXPECT_EQ(LockModel::memberOp("Lock", false), LockOp::Lock);
  EXPECT_EQ(LockModel::memberOp("try_lock", false), LockOp::Lock);
  EXPECT_EQ(LockModel::memberOp("lock_shared", false), LockOp::LockShared);
  EXPECT_EQ(LockModel::memberOp("ReaderLock", false), LockOp::LockShared);
  EXPECT_EQ(LockModel::memberOp("unlock", false), LockOp::Unlock);
  EXPECT_EQ(LockModel::memberOp("unlock_shared", false), LockOp::Unlock);
  EXPECT_EQ(LockModel::memberOp("AssertHeld", false), LockOp::AssertHeld);
  EXPECT_EQ(LockModel::memberOp("release", false), LockOp::None);
  EXPECT_EQ(LockModel::memberOp("find", false), LockOp::None);
}

TEST(LockModelOpsTest, MemberOpsOnGuards) {
  EXPECT_EQ(LockModel::memberOp("lock", true), LockOp::Lock);
  EXPECT_EQ(LockModel::memberOp("unlock", true), LockOp::Unlock);
  EXPECT_EQ(LockModel::memberOp("Release", true), LockOp::Unlock);
  EXPECT_EQ(LockModel::memberOp("release", true), LockOp::Release);
  EXPECT_EQ(LockModel::memberOp("lock_shared", true), LockOp::None);
}

TEST(LockModelOpsTest, FreeFunctions) {
  EXPECT_EQ(LockModel::freeFunctionOp("pthread_mutex_lock"), LockOp::Lock);
  EXPECT_EQ(LockModel::freeFunctionOp("pthread_mutex_unlock"), LockOp::Unlock);
  EXPECT_EQ(LockModel::freeFunctionOp("pthread_rwlock_rdlock"),
            LockOp::LockShared);
  EXPECT_EQ(LockModel::freeFunctionOp("lock"), LockOp::None);
}

} // namespace
} // namespace cta
