//===- SharedStateTest.cpp - The sharing policy of DESIGN §4 --------------===//

#include "SharedState.h"
#include "AnalysisTestUtil.h"
#include "gtest/gtest.h"

using namespace clang;
using cta::test::factsOf;

namespace cta {
namespace {

/// Why the object of the first check in function `f` of \p Code is shared,
/// or "" if it is not; "<error>" if the code does not compile or `f` has
/// no check.
std::string sharedBecause(llvm::StringRef Code, Config Cfg = Config()) {
  auto Fx = factsOf(Code, "f", std::move(Cfg));
  if (!Fx || Fx->F.Checks.empty())
    return "<error>";
  SharedState Sharing(Fx->Cfg, Fx->A->locks());
  return Sharing.sharedBecause(Fx->F.Checks[0].T.Obj, Fx->F);
}

bool contains(const std::string &S, llvm::StringRef Part) {
  return llvm::StringRef(S).contains(Part);
}

//===----------------------------------------------------------------------===//
// Variables with static storage
//===----------------------------------------------------------------------===//

TEST(SharedStateTest, NamespaceScopeVariable) {
  std::string Why = sharedBecause(R"cpp(
    namespace ns { std::map<int, int> g; }
    void f(int k) { (void)ns::g.count(k); })cpp");
  EXPECT_EQ(Why, "'ns::g' is a namespace-scope variable");
}

TEST(SharedStateTest, StaticDataMember) {
  std::string Why = sharedBecause(R"cpp(
    struct S {
      static std::map<int, int> sm;
      void f(int k) { (void)sm.count(k); }
    };)cpp");
  EXPECT_EQ(Why, "'S::sm' is a static data member");
}

TEST(SharedStateTest, FunctionLocalStatic) {
  std::string Why = sharedBecause(R"cpp(
    void f(int k) {
      static std::map<int, int> lm;
      (void)lm.count(k);
    })cpp");
  EXPECT_EQ(Why, "'lm' is a function-local static");
}

TEST(SharedStateTest, ThreadLocalIsNotShared) {
  EXPECT_EQ(sharedBecause(R"cpp(
    thread_local std::map<int, int> tg;
    void f(int k) { (void)tg.count(k); })cpp"),
            "");
  EXPECT_EQ(sharedBecause(R"cpp(
    void f(int k) {
      static thread_local std::map<int, int> tl;
      (void)tl.count(k);
    })cpp"),
            "");
}

TEST(SharedStateTest, AccessorOfStaticStorage) {
  std::string Why = sharedBecause(R"cpp(
    std::map<int, int> &registry() {
      static std::map<int, int> r;
      return r;
    }
    void f(int k) { (void)registry().count(k); })cpp");
  EXPECT_TRUE(contains(Why, "accessor of static storage")) << Why;
}

//===----------------------------------------------------------------------===//
// Locals and parameters
//===----------------------------------------------------------------------===//

TEST(SharedStateTest, LocalIsNotShared) {
  EXPECT_EQ(sharedBecause(R"cpp(
    void f(int k) {
      std::map<int, int> lm;
      (void)lm.count(k);
    })cpp"),
            "");
}

TEST(SharedStateTest, ParametersAreNotShared) {
  EXPECT_EQ(sharedBecause(R"cpp(
    void f(std::map<int, int> pm, int k) { (void)pm.count(k); })cpp"),
            "");
  EXPECT_EQ(sharedBecause(R"cpp(
    void f(std::map<int, int> &pm, int k) { (void)pm.count(k); })cpp"),
            "");
}

TEST(SharedStateTest, LocalCapturedByReferenceIntoAThread) {
  std::string Why = sharedBecause(R"cpp(
    void f(int k) {
      std::map<int, int> lm;
      std::thread t([&] { lm[k] = 1; });
      (void)lm.count(k);
      t.join();
    })cpp");
  EXPECT_EQ(Why, "'lm' is captured by reference by another thread");
}

TEST(SharedStateTest, LocalPassedWithStdRefToAThread) {
  std::string Why = sharedBecause(R"cpp(
    void worker(std::map<int, int> &);
    void f(int k) {
      std::map<int, int> lm;
      std::thread t(&worker, std::ref(lm));
      (void)lm.count(k);
      t.join();
    })cpp");
  EXPECT_EQ(Why, "'lm' is captured by reference by another thread");
}

TEST(SharedStateTest, LocalCapturedByValueIsNotShared) {
  EXPECT_EQ(sharedBecause(R"cpp(
    void f(int k) {
      std::map<int, int> lm;
      std::thread t([=] { (void)lm.size(); });
      (void)lm.count(k);
      t.join();
    })cpp"),
            "");
}

TEST(SharedStateTest, LocalCapturedByReferenceIntoAPlainLambdaIsNotShared) {
  EXPECT_EQ(sharedBecause(R"cpp(
    void f(int k) {
      std::map<int, int> lm;
      auto g = [&] { lm[k] = 1; };
      g();
      (void)lm.count(k);
    })cpp"),
            "");
}

//===----------------------------------------------------------------------===//
// Members: the class decides
//===----------------------------------------------------------------------===//

TEST(SharedStateTest, MemberOfAClassWithAMutex) {
  std::string Why = sharedBecause(R"cpp(
    class C {
      std::mutex mu_;
      std::map<int, int> m_;
    public:
      void f(int k) { (void)m_.count(k); }
    };)cpp");
  EXPECT_EQ(Why, "'C' has the synchronization member 'mu_'");
}

TEST(SharedStateTest, MemberOfAClassWithAnAtomic) {
  std::string Why = sharedBecause(R"cpp(
    class C {
      std::atomic<int> hits_;
      std::map<int, int> m_;
    public:
      void f(int k) { (void)m_.count(k); }
    };)cpp");
  // An atomic member is evidence of sharing, weaker than a mutex: the
  // Analyzer reports such findings at low confidence.
  EXPECT_EQ(Why, "'C' has the atomic member 'hits_'");
}

TEST(SharedStateTest, MemberOfAPlainClassIsNotShared) {
  EXPECT_EQ(sharedBecause(R"cpp(
    class Plain {
      std::map<int, int> m_;
      int n_ = 0;
    public:
      void f(int k) { (void)m_.count(k); }
    };)cpp"),
            "");
}

TEST(SharedStateTest, MemberOfAClassWhoseMethodTakesALock) {
  std::string Why = sharedBecause(R"cpp(
    std::mutex gmu;
    class D {
      std::map<int, int> m_;
    public:
      void f(int k) { (void)m_.count(k); }
      void g() { std::lock_guard<std::mutex> l(gmu); m_.clear(); }
    };)cpp");
  EXPECT_EQ(Why, "'D::g' takes a lock or runs 'this' on another thread");
}

TEST(SharedStateTest, ALockThatGuardsAnotherObjectIsNotIntent) {
  std::string Why = sharedBecause(R"cpp(
    struct Db { std::mutex mu; int refs = 0; };
    class D {
      std::map<int, int> m_;
    public:
      void f(int k) { (void)m_.count(k); }
      void g(Db *db) { std::lock_guard<std::mutex> l(db->mu); --db->refs; }
      static void h(Db *db) { std::lock_guard<std::mutex> l(db->mu); }
    };)cpp");
  EXPECT_EQ(Why, "");
}

TEST(SharedStateTest, MemberOfAClassWhoseMethodCallsLock) {
  std::string Why = sharedBecause(R"cpp(
    std::mutex gmu;
    class D {
      std::map<int, int> m_;
    public:
      void f(int k) { (void)m_.count(k); }
      void g() { gmu.lock(); m_.clear(); gmu.unlock(); }
    };)cpp");
  EXPECT_EQ(Why, "'D::g' takes a lock or runs 'this' on another thread");
}

TEST(SharedStateTest, MemberOfAClassWithALockedBase) {
  std::string Why = sharedBecause(R"cpp(
    struct Base { std::mutex mu; };
    struct Derived : Base {
      std::map<int, int> m_;
      void f(int k) { (void)m_.count(k); }
    };)cpp");
  EXPECT_EQ(Why, "'Base' has the synchronization member 'mu'");
}

TEST(SharedStateTest, MemberReachedThroughAPointer) {
  std::string Why = sharedBecause(R"cpp(
    struct Locked {
      std::mutex mu;
      std::map<int, int> m;
    };
    void f(Locked *c, int k) { (void)c->m.count(k); })cpp");
  EXPECT_EQ(Why, "'Locked' has the synchronization member 'mu'");
}

TEST(SharedStateTest, IntentOfAClass) {
  auto AST = test::buildAST((llvm::Twine(test::MockIncludes) + R"cpp(
    class Plain { int x; };
    class WithMutex { std::mutex mu; };
    class WithUniquePtrMutex { std::unique_ptr<std::mutex> mu; };
  )cpp")
                                .str());
  ASSERT_NE(AST, nullptr);
  Config Cfg;
  LockModel LM;
  SharedState Sharing(Cfg, LM);
  ASTContext &Ctx = AST->getASTContext();
  EXPECT_EQ(Sharing.intent(test::findDecl<CXXRecordDecl>(Ctx, "Plain")), "");
  EXPECT_EQ(Sharing.intent(test::findDecl<CXXRecordDecl>(Ctx, "WithMutex")),
            "'WithMutex' has the synchronization member 'mu'");
  EXPECT_EQ(
      Sharing.intent(test::findDecl<CXXRecordDecl>(Ctx, "WithUniquePtrMutex")),
      "'WithUniquePtrMutex' has the synchronization member 'mu'");
}

//===----------------------------------------------------------------------===//
// Configuration
//===----------------------------------------------------------------------===//

const char *const PlainRegistry = R"cpp(
  namespace svc {
  class Registry {
    std::map<int, int> m_;
  public:
    void f(int k) { (void)m_.count(k); }
  };
  } // namespace svc
)cpp";

const char *const LockedBuilder = R"cpp(
  namespace svc {
  class Builder {
    std::mutex mu_;
    std::map<int, int> m_;
  public:
    void f(int k) { (void)m_.count(k); }
  };
  } // namespace svc
)cpp";

TEST(SharedStateTest, SharedClassesConfig) {
  EXPECT_EQ(sharedBecause(PlainRegistry), "");
  Config Cfg;
  Cfg.SharedClasses.push_back("svc::Registry");
  EXPECT_EQ(sharedBecause(PlainRegistry, Cfg),
            "'svc::Registry' is listed in shared-classes");
}

TEST(SharedStateTest, UnsharedClassesConfig) {
  EXPECT_NE(sharedBecause(LockedBuilder), "");
  Config Cfg;
  Cfg.UnsharedClasses.push_back("svc::Builder");
  EXPECT_EQ(sharedBecause(LockedBuilder, Cfg), "");
}

TEST(SharedStateTest, SharingConfigFromYaml) {
  auto Cfg = Config::parse("shared-classes: [svc::Registry]\n"
                           "unshared-classes: [svc::Builder]\n",
                           "t.yaml");
  ASSERT_TRUE(static_cast<bool>(Cfg)) << llvm::toString(Cfg.takeError());
  EXPECT_NE(sharedBecause(PlainRegistry, *Cfg), "");
  EXPECT_EQ(sharedBecause(LockedBuilder, *Cfg), "");
}

TEST(SharedStateTest, ConfigDoesNotMakeStaticStorageLocal) {
  // unshared-classes is about members; a global is shared regardless.
  Config Cfg;
  Cfg.UnsharedClasses.push_back("std::map");
  EXPECT_EQ(sharedBecause(R"cpp(
    std::map<int, int> g;
    void f(int k) { (void)g.count(k); })cpp",
                          Cfg),
            "'g' is a namespace-scope variable");
}

} // namespace
} // namespace cta
