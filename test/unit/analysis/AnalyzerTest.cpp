//===- AnalyzerTest.cpp - The whole core on small translation units -------===//

#include "AnalysisTestUtil.h"
#include "Analyzer.h"
#include "gtest/gtest.h"

using namespace clang;
using cta::test::analyze;

namespace cta {
namespace {

const char *const Globals = R"cpp(
std::mutex mu, mu2;
std::map<int, int> m;
std::map<std::string, int> sm;
std::vector<int> v;
struct Widget {};
Widget *inst;
int compute(int);
struct RefGuard {
  explicit RefGuard(std::mutex &m);
  ~RefGuard();
};
)cpp";

std::vector<Finding> run(llvm::StringRef Code, const Config &Cfg = Config()) {
  std::optional<std::vector<Finding>> F =
      analyze((llvm::Twine(Globals) + Code).str(), Cfg);
  EXPECT_TRUE(F.has_value()) << "the snippet must compile";
  return F ? std::move(*F) : std::vector<Finding>();
}

std::string rules(const std::vector<Finding> &Fs) {
  std::string S;
  for (const Finding &F : Fs)
    S += ruleName(F.Rule).str() + " ";
  return S;
}

const char *const RacyMap = R"cpp(
void f(int k) {
  if (m.find(k) == m.end())
    m[k] = compute(k);
}
)cpp";

TEST(AnalyzerTest, FindsMapGetOrAdd) {
  std::vector<Finding> Fs = run(RacyMap);
  ASSERT_EQ(Fs.size(), 1u) << rules(Fs);
  const Finding &F = Fs[0];
  EXPECT_EQ(F.Rule, RuleId::MapGetOrAdd);
  EXPECT_EQ(F.Object, "m");
  EXPECT_EQ(F.Key, "k");
  EXPECT_EQ(F.CheckApi, "find");
  EXPECT_EQ(F.ActApi, "operator[]");
  EXPECT_EQ(F.Family, "std::map");
  EXPECT_EQ(F.SharedBecause, "'m' is a namespace-scope variable");
  EXPECT_EQ(F.Function.QualifiedName, "f");
  EXPECT_EQ(F.Check.Text, "m.find(k)");
  EXPECT_LT(F.Check.Line, F.Act.Line);
  EXPECT_TRUE(llvm::StringRef(F.Check.File).ends_with("input.cc")) << F.Check.File;
  EXPECT_TRUE(llvm::StringRef(F.Replacement).starts_with("use "));
}

TEST(AnalyzerTest, OneLockAcrossBothIsSafe) {
  EXPECT_TRUE(run(R"cpp(
    void f(int k) {
      std::lock_guard<std::mutex> g(mu);
      if (m.find(k) == m.end())
        m[k] = compute(k);
    })cpp")
                  .empty());
}

TEST(AnalyzerTest, LocalsAreNotShared) {
  EXPECT_TRUE(run(R"cpp(
    void f(int k) {
      std::map<int, int> lm;
      if (lm.find(k) == lm.end())
        lm[k] = compute(k);
    })cpp")
                  .empty());
}

TEST(AnalyzerTest, ActUnderTheOppositeOutcomeIsNoRace) {
  EXPECT_TRUE(run(R"cpp(
    void f(int k) {
      if (m.find(k) != m.end())
        m[k] = compute(k);
    })cpp")
                  .empty());
}

TEST(AnalyzerTest, DifferentKeysAreNoRace) {
  EXPECT_TRUE(run(R"cpp(
    void f(int a, int b) {
      if (m.find(a) == m.end())
        m[b] = compute(b);
    })cpp")
                  .empty());
}

TEST(AnalyzerTest, UsedInsertionResultIsItsOwnRecheck) {
  EXPECT_TRUE(run(R"cpp(
    int f(int k) {
      if (m.count(k) == 0) {
        auto [it, inserted] = m.try_emplace(k, compute(k));
        return inserted ? 1 : 0;
      }
      return 2;
    })cpp")
                  .empty());
}

TEST(AnalyzerTest, FindsLazyInit) {
  std::vector<Finding> Fs = run(R"cpp(
    Widget *get() {
      if (!inst)
        inst = new Widget;
      return inst;
    })cpp");
  ASSERT_EQ(Fs.size(), 1u) << rules(Fs);
  EXPECT_EQ(Fs[0].Rule, RuleId::LazyInit);
  EXPECT_EQ(Fs[0].Object, "inst");
}

TEST(AnalyzerTest, FindsSeqSearchAdd) {
  std::vector<Finding> Fs = run(R"cpp(
    void f(int x) {
      for (int e : v)
        if (e == x)
          return;
      v.push_back(x);
    })cpp");
  ASSERT_EQ(Fs.size(), 1u) << rules(Fs);
  EXPECT_EQ(Fs[0].Rule, RuleId::SeqSearchAdd);
  EXPECT_EQ(Fs[0].CheckApi, "search loop");
}

TEST(AnalyzerTest, FindsSplitLock) {
  std::vector<Finding> Fs = run(R"cpp(
    void f(int k) {
      bool has;
      {
        std::lock_guard<std::mutex> g(mu);
        has = m.count(k) != 0;
      }
      int val = compute(k);
      if (!has) {
        std::lock_guard<std::mutex> g(mu);
        m[k] = val;
      }
    })cpp");
  ASSERT_EQ(Fs.size(), 1u) << rules(Fs);
  EXPECT_EQ(Fs[0].Rule, RuleId::SplitLock);
  EXPECT_EQ(Fs[0].Locks.AtCheck, std::vector<std::string>{"mu"});
  EXPECT_EQ(Fs[0].Locks.AtAct, std::vector<std::string>{"mu"});
}

TEST(AnalyzerTest, DisabledRulesReportNothing) {
  Config Cfg;
  Cfg.DisabledRules.push_back("cta-map-get-or-add");
  EXPECT_TRUE(run(RacyMap, Cfg).empty());
  Cfg.DisabledRules = {"cta-lazy-init"};
  EXPECT_EQ(run(RacyMap, Cfg).size(), 1u);
}

TEST(AnalyzerTest, ConfiguredContainerType) {
  const char *Code = R"cpp(
    namespace my {
    template <class K, class V> class Cache {
    public:
      struct iterator {
        bool operator==(const iterator &) const;
        bool operator!=(const iterator &) const;
      };
      iterator find(const K &);
      iterator end();
      V &operator[](const K &);
    };
    } // namespace my
    my::Cache<int, int> c;
    void f(int k) {
      if (c.find(k) == c.end())
        c[k] = 1;
    })cpp";
  EXPECT_TRUE(run(Code).empty());
  Config Cfg;
  Cfg.Containers.push_back({"my::Cache", "std::unordered_map"});
  std::vector<Finding> Fs = run(Code, Cfg);
  ASSERT_EQ(Fs.size(), 1u);
  EXPECT_EQ(Fs[0].Rule, RuleId::MapGetOrAdd);
  EXPECT_EQ(Fs[0].Object, "c");
}

TEST(AnalyzerTest, LocalSharedWithAThread) {
  std::vector<Finding> Fs = run(R"cpp(
    void f(int k) {
      std::map<int, int> lm;
      std::thread t([&] { lm[k] = 2; });
      if (lm.find(k) == lm.end())
        lm[k] = 1;
      t.join();
    })cpp");
  ASSERT_EQ(Fs.size(), 1u) << rules(Fs);
  EXPECT_EQ(Fs[0].SharedBecause,
            "'lm' is captured by reference by another thread");
}

TEST(AnalyzerTest, FingerprintStableAcrossLineMoves) {
  std::vector<Finding> A = run(RacyMap);
  std::vector<Finding> B =
      run((llvm::Twine("// a comment\n\n\nint unrelated;\n\n") + RacyMap).str());
  ASSERT_EQ(A.size(), 1u);
  ASSERT_EQ(B.size(), 1u);
  EXPECT_NE(A[0].Check.Line, B[0].Check.Line);
  EXPECT_EQ(A[0].fingerprint(), B[0].fingerprint());
}

TEST(AnalyzerTest, FingerprintDiffersBetweenFunctions) {
  std::vector<Finding> Fs = run(R"cpp(
    void f(int k) {
      if (m.find(k) == m.end())
        m[k] = 1;
    }
    void g(int k) {
      if (m.find(k) == m.end())
        m[k] = 1;
    })cpp");
  ASSERT_EQ(Fs.size(), 2u);
  EXPECT_NE(Fs[0].fingerprint(), Fs[1].fingerprint());
}

TEST(AnalyzerTest, NolintSuppresses) {
  auto AST = test::buildAST((llvm::Twine(test::MockIncludes) + Globals +
                             R"cpp(
    void f(int k) {
      if (m.find(k) == m.end()) // NOLINT(cta-map-get-or-add)
        m[k] = 1;
    }
    void g(int k) {
      if (m.find(k) == m.end()) // NOLINT(cta-lazy-init)
        m[k] = 1;
    })cpp")
                                .str());
  ASSERT_NE(AST, nullptr);
  Config Cfg;
  Analyzer A(AST->getASTContext(), Cfg);
  std::vector<Finding> Fs = A.run();
  ASSERT_EQ(Fs.size(), 2u);
  dropSuppressed(Fs, AST->getSourceManager());
  ASSERT_EQ(Fs.size(), 1u);
  EXPECT_EQ(Fs[0].Function.QualifiedName, "g");
}

//===----------------------------------------------------------------------===//
// Consequences of the facts tests for users
//===----------------------------------------------------------------------===//

TEST(AnalyzerTest, ExplicitlyConvertedKeyIsTheSameKey) {
  std::vector<Finding> Fs = run(R"cpp(
    void f(const char *k) {
      if (sm.find(k) == sm.end())
        sm[std::string(k)] = 1;
    })cpp");
  EXPECT_EQ(Fs.size(), 1u) << rules(Fs);
}

TEST(AnalyzerTest, StdLockOnDeferredGuardsEndsWithTheBlock) {
  // Checked under both locks, added after the guards are gone: a race.
  std::vector<Finding> Fs = run(R"cpp(
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
  EXPECT_EQ(Fs.size(), 1u) << rules(Fs);
}

TEST(AnalyzerTest, UserGuardByReferenceMakesCheckAndActAtomic) {
  std::vector<Finding> Fs = run(R"cpp(
    void f(int k) {
      RefGuard g(mu);
      if (m.find(k) == m.end())
        m[k] = 1;
    })cpp");
  EXPECT_TRUE(Fs.empty()) << rules(Fs);
}

TEST(AnalyzerTest, NoFindingWhenTheSearchResultIsUnused) {
  std::vector<Finding> Fs = run(R"cpp(
    void f(int x) {
      auto it = v.begin();
      for (; it != v.end(); ++it) {
        if (*it == x)
          break;
      }
      if (v.size() < 10)
        v.push_back(x);
    })cpp");
  EXPECT_TRUE(Fs.empty()) << rules(Fs);
}

TEST(AnalyzerTest, BreakOutOfAnUnbracedLoopDoesNotGuardLaterCode) {
  // The insert runs whether or not the loop found the key.
  std::vector<Finding> Fs = run(R"cpp(
    void f(int k) {
      for (int i = 0; i < 3; ++i)
        if (m.count(k))
          break;
      m[k] = 1;
    })cpp");
  EXPECT_TRUE(Fs.empty()) << rules(Fs);
}

TEST(AnalyzerTest, ComparisonWithCendIsUnderstood) {
  // Present when taken: updating an existing element is no get-or-add.
  std::vector<Finding> Fs = run(R"cpp(
    void f(int k) {
      if (m.find(k) != m.cend())
        m[k] = 2;
    })cpp");
  EXPECT_TRUE(Fs.empty()) << rules(Fs);
}

} // namespace
} // namespace cta
