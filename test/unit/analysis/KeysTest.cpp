//===- KeysTest.cpp - keysCompatible() and canonicalId() ------------------===//

#include "AnalysisTestUtil.h"
#include "gtest/gtest.h"

using namespace clang;
using cta::test::factsOf;
using cta::test::FactsFixture;

namespace cta {
namespace {

KeyRef exact(llvm::StringRef Id) { return KeyRef{KeyRef::Exact, Id.str(), Id.str()}; }
KeyRef unknown() { return KeyRef{KeyRef::Unknown, "", ""}; }
KeyRef none() { return KeyRef(); }

//===----------------------------------------------------------------------===//
// keysCompatible
//===----------------------------------------------------------------------===//

TEST(KeysCompatibleTest, ExactKeysMustMatch) {
  EXPECT_TRUE(keysCompatible(exact("dk"), exact("dk")));
  EXPECT_FALSE(keysCompatible(exact("da"), exact("db")));
  EXPECT_FALSE(keysCompatible(exact("i1"), exact("i2")));
}

TEST(KeysCompatibleTest, UnknownOrNoKeyMayBeAnyElement) {
  EXPECT_TRUE(keysCompatible(unknown(), exact("dk")));
  EXPECT_TRUE(keysCompatible(exact("dk"), unknown()));
  EXPECT_TRUE(keysCompatible(none(), exact("dk")));
  EXPECT_TRUE(keysCompatible(exact("dk"), none()));
  EXPECT_TRUE(keysCompatible(unknown(), unknown()));
  EXPECT_TRUE(keysCompatible(none(), none()));
}

//===----------------------------------------------------------------------===//
// canonicalId, through the facts of small functions
//===----------------------------------------------------------------------===//

std::unique_ptr<FactsFixture> facts(llvm::StringRef Code) {
  return factsOf((llvm::Twine(R"cpp(
    std::map<int, int> m;
    std::map<std::string, int> sm;
    int compute(int);
  )cpp") + Code)
                     .str(),
                 "f");
}

TEST(CanonicalIdTest, ThisArrowMemberIsTheImplicitMember) {
  auto Fx = factsOf(R"cpp(
    class C {
      std::map<int, int> m_;
    public:
      void f(int k) {
        (void)this->m_.count(k);
        (void)(*this).m_.count(k);
        m_[k] = 1;
      }
    };)cpp",
                    "f");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 2u);
  ASSERT_EQ(Fx->F.Acts.size(), 1u);
  const std::string &Id = Fx->F.Acts[0].T.Obj.Id;
  EXPECT_EQ(Id, "this.m_");
  EXPECT_EQ(Fx->F.Checks[0].T.Obj.Id, Id);
  EXPECT_EQ(Fx->F.Checks[1].T.Obj.Id, Id);
  // Spellings stay as written.
  EXPECT_EQ(Fx->F.Checks[0].T.Obj.Spelling, "this->m_");
  EXPECT_EQ(Fx->F.Acts[0].T.Obj.Spelling, "m_");
}

TEST(CanonicalIdTest, MovedKeyIsTheKey) {
  auto Fx = facts(R"cpp(
    void f(std::string k) {
      if (sm.find(k) == sm.end())
        sm.emplace(std::move(k), 1);
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 1u);
  ASSERT_EQ(Fx->F.Acts.size(), 1u);
  EXPECT_EQ(Fx->F.Checks[0].Key.K, KeyRef::Exact);
  EXPECT_EQ(Fx->F.Acts[0].Key.K, KeyRef::Exact);
  EXPECT_EQ(Fx->F.Checks[0].Key.Id, Fx->F.Acts[0].Key.Id);
  EXPECT_EQ(Fx->F.Acts[0].Key.Spelling, "std::move(k)");
  EXPECT_TRUE(keysCompatible(Fx->F.Checks[0].Key, Fx->F.Acts[0].Key));
}

TEST(CanonicalIdTest, ConvertedKeyIsTheKey) {
  // `const char *` converted to the key type, implicitly at the check and
  // with an explicit `std::string(k)` at the act.
  auto Fx = facts(R"cpp(
    void f(const char *k) {
      if (sm.find(k) == sm.end())
        sm[std::string(k)] = 1;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 1u);
  ASSERT_EQ(Fx->F.Acts.size(), 1u);
  EXPECT_EQ(Fx->F.Checks[0].Key.Id, Fx->F.Acts[0].Key.Id)
      << "check key '" << Fx->F.Checks[0].Key.Spelling << "' vs act key '"
      << Fx->F.Acts[0].Key.Spelling << "'";
}

TEST(CanonicalIdTest, ImplicitlyConvertedKeyIsTheKey) {
  auto Fx = facts(R"cpp(
    void f(const char *k) {
      if (sm.count(k) == 0)
        sm[k] = 1;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 1u);
  ASSERT_EQ(Fx->F.Acts.size(), 1u);
  EXPECT_EQ(Fx->F.Checks[0].Key.Id, Fx->F.Acts[0].Key.Id);
}

TEST(CanonicalIdTest, Literals) {
  auto Fx = facts(R"cpp(
    void f() {
      (void)m.count(1);
      m[1] = 1;
      m[2] = 2;
      (void)sm.count("a");
      sm["a"] = 1;
      sm["b"] = 1;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 2u);
  ASSERT_EQ(Fx->F.Acts.size(), 4u);
  EXPECT_EQ(Fx->F.Checks[0].Key.Id, "i1");
  EXPECT_EQ(Fx->F.Acts[0].Key.Id, "i1");
  EXPECT_EQ(Fx->F.Acts[1].Key.Id, "i2");
  EXPECT_FALSE(keysCompatible(Fx->F.Checks[0].Key, Fx->F.Acts[1].Key));
  EXPECT_EQ(Fx->F.Checks[1].Key.Id, "s\"a\"");
  EXPECT_EQ(Fx->F.Acts[2].Key.Id, Fx->F.Checks[1].Key.Id);
  EXPECT_NE(Fx->F.Acts[3].Key.Id, Fx->F.Checks[1].Key.Id);
}

TEST(CanonicalIdTest, DifferentVariablesAreDifferentKeys) {
  auto Fx = facts(R"cpp(
    void f(int a, int b) {
      if (m.count(a) == 0)
        m[b] = 1;
      m[a] = 2;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 1u);
  ASSERT_EQ(Fx->F.Acts.size(), 2u);
  EXPECT_NE(Fx->F.Checks[0].Key.Id, Fx->F.Acts[0].Key.Id);
  EXPECT_FALSE(keysCompatible(Fx->F.Checks[0].Key, Fx->F.Acts[0].Key));
  EXPECT_EQ(Fx->F.Checks[0].Key.Id, Fx->F.Acts[1].Key.Id);
}

TEST(CanonicalIdTest, ComputedKeysCompareStructurally) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      if (m.count(compute(k)) == 0)
        m[compute(k)] = 1;
      m[compute(k + 1)] = 2;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 1u);
  ASSERT_EQ(Fx->F.Acts.size(), 2u);
  EXPECT_FALSE(Fx->F.Checks[0].Key.Id.empty());
  EXPECT_EQ(Fx->F.Checks[0].Key.Id, Fx->F.Acts[0].Key.Id);
  EXPECT_NE(Fx->F.Checks[0].Key.Id, Fx->F.Acts[1].Key.Id);
}

TEST(CanonicalIdTest, DirectlyOnExpressions) {
  auto AST = test::buildAST((llvm::Twine(test::MockIncludes) + R"cpp(
    int g;
    void f(int k, int j) {
      int a = k;
      int b = std::move(k);
      int c = (k);
      int d = j;
      int e = g;
      int h = ::g;
    })cpp")
                                .str());
  ASSERT_NE(AST, nullptr);
  ASTContext &Ctx = AST->getASTContext();
  auto Init = [&](llvm::StringRef Var) -> const Expr * {
    const auto *VD = test::findDecl<VarDecl>(Ctx, Var);
    return VD ? VD->getInit() : nullptr;
  };
  for (llvm::StringRef V : {"a", "b", "c", "d", "e", "h"})
    ASSERT_NE(Init(V), nullptr) << V.str();
  EXPECT_FALSE(canonicalId(Init("a"), Ctx).empty());
  EXPECT_EQ(canonicalId(Init("a"), Ctx), canonicalId(Init("b"), Ctx));
  EXPECT_EQ(canonicalId(Init("a"), Ctx), canonicalId(Init("c"), Ctx));
  EXPECT_NE(canonicalId(Init("a"), Ctx), canonicalId(Init("d"), Ctx));
  EXPECT_EQ(canonicalId(Init("e"), Ctx), canonicalId(Init("h"), Ctx));
  EXPECT_EQ(spellingOf(Init("b"), Ctx), "std::move(k)");
  EXPECT_EQ(canonicalId(nullptr, Ctx), "");
}

} // namespace
} // namespace cta
