//===- FunctionFactsTest.cpp - Checks, acts, guards and outcomes ----------===//

#include "AnalysisTestUtil.h"
#include "clang/AST/Stmt.h"
#include "clang/AST/StmtCXX.h"
#include "gtest/gtest.h"

using namespace clang;
using cta::test::factsOf;
using cta::test::FactsFixture;

namespace cta {
namespace {

/// Shared state every snippet may use.
const char *const Globals = R"cpp(
struct Widget {};
std::map<int, int> m;
std::set<int> s;
std::vector<int> v;
Widget *p;
std::unique_ptr<Widget> up;
std::optional<int> opt;
bool flag;
bool ready;
std::atomic<Widget *> ap;
int compute(int);
)cpp";

std::unique_ptr<FactsFixture> facts(llvm::StringRef Body,
                                    llvm::StringRef Fn = "f") {
  return factsOf((llvm::Twine(Globals) + Body).str(), Fn);
}

using Outcomes = std::vector<Outcome>;

//===----------------------------------------------------------------------===//
// Events and guards
//===----------------------------------------------------------------------===//

TEST(FunctionFactsTest, CountsChecksAndActs) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      if (m.find(k) == m.end()) {
        m[k] = 1;
      }
      m.erase(k);
      (void)m.size();
      (void)m.begin();
    })cpp");
  ASSERT_NE(Fx, nullptr);
  const FunctionFacts &F = Fx->F;
  // find, and size(): a check of the whole container; begin() is nothing.
  ASSERT_EQ(F.Checks.size(), 2u);
  EXPECT_EQ(F.Checks[1].Api, "size");
  EXPECT_EQ(F.Checks[1].Result, ResultKind::Size);
  EXPECT_EQ(F.Checks[1].Key.K, KeyRef::None);
  EXPECT_EQ(F.Checks[0].Api, "find");
  EXPECT_EQ(F.Checks[0].Result, ResultKind::Iterator);
  ASSERT_NE(F.Checks[0].T.Container, nullptr);
  EXPECT_EQ(F.Checks[0].T.Container->Name, "std::map");
  EXPECT_EQ(F.Checks[0].T.Obj.Spelling, "m");
  EXPECT_EQ(F.Checks[0].Key.K, KeyRef::Exact);
  EXPECT_EQ(F.Checks[0].Key.Spelling, "k");
  ASSERT_EQ(F.Acts.size(), 2u);
  EXPECT_EQ(F.Acts[0].Api, "operator[]");
  EXPECT_EQ(F.Acts[0].R, Role::Add);
  EXPECT_EQ(F.Acts[1].Api, "erase");
  EXPECT_EQ(F.Acts[1].R, Role::Remove);
  // Evaluation order.
  EXPECT_LT(F.Checks[0].Index, F.Acts[0].Index);
  EXPECT_LT(F.Acts[0].Index, F.Acts[1].Index);
}

TEST(FunctionFactsTest, GuardsOfAnAct) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      if (m.find(k) == m.end()) {
        m[k] = 1;
      }
      m.erase(k);
    })cpp");
  ASSERT_NE(Fx, nullptr);
  const FunctionFacts &F = Fx->F;
  ASSERT_EQ(F.Acts.size(), 2u);
  const ActEvent &Add = F.Acts[0];
  ASSERT_EQ(Add.Guards.size(), 1u);
  EXPECT_TRUE(Add.Guards[0].second) << "the act is in the then-branch";
  const Condition &Cond = F.Conds[Add.Guards[0].first];
  EXPECT_TRUE(F.mentions(Cond, 0));
  ASSERT_NE(Cond.E, nullptr);
  EXPECT_NE(spellingOf(Cond.E, Fx->ctx()).find("m.find(k) == m.end()"),
            std::string::npos);
  // The erase after the if runs either way.
  EXPECT_TRUE(F.Acts[1].Guards.empty());
}

TEST(FunctionFactsTest, NestedIfsGiveOneGuardEach) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      if (compute(k) > 3) {
        if (m.count(k) == 0)
          m[k] = 1;
      }
    })cpp");
  ASSERT_NE(Fx, nullptr);
  const FunctionFacts &F = Fx->F;
  ASSERT_EQ(F.Acts.size(), 1u);
  ASSERT_EQ(F.Acts[0].Guards.size(), 2u);
  ASSERT_EQ(F.Checks.size(), 1u);
  EXPECT_FALSE(F.mentions(F.Conds[F.Acts[0].Guards[0].first], 0));
  EXPECT_TRUE(F.mentions(F.Conds[F.Acts[0].Guards[1].first], 0));
  EXPECT_EQ(Fx->outcomes(F.Acts[0], 0), Outcomes{Outcome::Absent});
}

TEST(FunctionFactsTest, WholeStatementValueAndSoleIf) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      if (m.find(k) == m.end())
        m[k] = 42;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Acts.size(), 1u);
  const ActEvent &A = Fx->F.Acts[0];
  EXPECT_FALSE(A.ResultUsed);
  ASSERT_NE(A.WholeStmt, nullptr);
  EXPECT_EQ(spellingOf(cast<Expr>(A.WholeStmt), Fx->ctx()), "m[k] = 42");
  ASSERT_NE(A.SoleIf, nullptr);
  ASSERT_NE(A.Value, nullptr);
  EXPECT_EQ(spellingOf(A.Value, Fx->ctx()), "42");
}

TEST(FunctionFactsTest, ResultUseOfInsertions) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      auto r = m.try_emplace(k, 1);
      m.try_emplace(k, 2);
      (void)r;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Acts.size(), 2u);
  EXPECT_TRUE(Fx->F.Acts[0].ReportsInsertion);
  EXPECT_TRUE(Fx->F.Acts[0].ResultUsed);
  EXPECT_TRUE(Fx->F.Acts[1].ReportsInsertion);
  EXPECT_FALSE(Fx->F.Acts[1].ResultUsed);
}

TEST(FunctionFactsTest, KeysOfActs) {
  auto Fx = facts(R"cpp(
    void f(int k, int x) {
      m[k] = 1;
      m.insert({k, 1});
      m.insert(std::make_pair(k, 1));
      m.emplace(k, 1);
      m.try_emplace(k, 1);
      s.insert(k);
      v.push_back(x);
      v.emplace_back(x);
    })cpp");
  ASSERT_NE(Fx, nullptr);
  const FunctionFacts &F = Fx->F;
  ASSERT_EQ(F.Acts.size(), 8u);
  const std::string KId = F.Acts[0].Key.Id;
  ASSERT_FALSE(KId.empty());
  for (unsigned I = 0; I < 6; ++I) {
    SCOPED_TRACE(F.Acts[I].Api + " #" + std::to_string(I));
    EXPECT_EQ(F.Acts[I].Key.K, KeyRef::Exact);
    EXPECT_EQ(F.Acts[I].Key.Id, KId);
  }
  EXPECT_EQ(F.Acts[6].Api, "push_back");
  EXPECT_EQ(F.Acts[6].Key.K, KeyRef::Exact);
  EXPECT_EQ(F.Acts[6].Key.Spelling, "x");
  EXPECT_NE(F.Acts[6].Key.Id, KId);
  EXPECT_EQ(F.Acts[7].Key.K, KeyRef::Unknown);
}

TEST(FunctionFactsTest, KeysOfChecks) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      (void)m.find(k);
      (void)m.count(k);
      (void)m.empty();
    })cpp");
  ASSERT_NE(Fx, nullptr);
  const FunctionFacts &F = Fx->F;
  ASSERT_EQ(F.Checks.size(), 3u);
  EXPECT_EQ(F.Checks[0].Key.K, KeyRef::Exact);
  EXPECT_EQ(F.Checks[1].Key.Id, F.Checks[0].Key.Id);
  EXPECT_EQ(F.Checks[1].Result, ResultKind::Count);
  EXPECT_EQ(F.Checks[2].Key.K, KeyRef::None);
  EXPECT_EQ(F.Checks[2].Result, ResultKind::AbsentBool);
}

TEST(FunctionFactsTest, SubscriptInAConditionIsACheck) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      if (m[k] == 0)
        m[k] = compute(k);
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 1u);
  EXPECT_EQ(Fx->F.Checks[0].Api, "operator[]");
  EXPECT_EQ(Fx->F.Checks[0].Result, ResultKind::Value);
  ASSERT_EQ(Fx->F.Acts.size(), 1u);
}

//===----------------------------------------------------------------------===//
// outcome(): one table of conditions on a map
//===----------------------------------------------------------------------===//

struct CondCase {
  const char *Cond;
  const char *CheckApi;
  Outcome WhenTaken;
  Outcome WhenNotTaken;
};

void PrintTo(const CondCase &C, std::ostream *OS) { *OS << C.Cond; }

class MapConditionTest : public ::testing::TestWithParam<CondCase> {};

TEST_P(MapConditionTest, OutcomeInEachBranch) {
  const CondCase &C = GetParam();
  auto Fx = facts((llvm::Twine("void f(int k) {\n  if (") + C.Cond +
                   ") {\n    m[k] = 1;\n  } else {\n    m[k] = 2;\n  }\n}\n")
                      .str());
  ASSERT_NE(Fx, nullptr);
  int CI = Fx->checkIdx(C.CheckApi);
  ASSERT_GE(CI, 0) << "no '" << C.CheckApi << "' check";
  ASSERT_EQ(Fx->F.Acts.size(), 2u);
  EXPECT_EQ(Fx->outcomes(Fx->F.Acts[0], CI), Outcomes{C.WhenTaken});
  EXPECT_EQ(Fx->outcomes(Fx->F.Acts[1], CI), Outcomes{C.WhenNotTaken});
  // The same through outcome() on the if's condition directly.
  const Condition &Cond = Fx->F.Conds[Fx->F.Acts[0].Guards.back().first];
  EXPECT_EQ(Fx->F.outcome(Fx->F.Checks[CI], Cond, true), C.WhenTaken);
  EXPECT_EQ(Fx->F.outcome(Fx->F.Checks[CI], Cond, false), C.WhenNotTaken);
}

const Outcome Absent = Outcome::Absent;
const Outcome Present = Outcome::Present;
const Outcome Unknown = Outcome::Unknown;

INSTANTIATE_TEST_SUITE_P(
    Conditions, MapConditionTest,
    ::testing::Values(
        CondCase{"m.find(k) == m.end()", "find", Absent, Present},
        CondCase{"m.find(k) != m.end()", "find", Present, Absent},
        CondCase{"m.end() == m.find(k)", "find", Absent, Present},
        CondCase{"m.find(k) == m.cend()", "find", Absent, Present},
        CondCase{"!(m.find(k) != m.end())", "find", Absent, Present},
        CondCase{"!m.count(k)", "count", Absent, Present},
        CondCase{"m.count(k)", "count", Present, Absent},
        CondCase{"m.count(k) > 0", "count", Present, Absent},
        CondCase{"0 < m.count(k)", "count", Present, Absent},
        CondCase{"m.count(k) == 0", "count", Absent, Present},
        CondCase{"m.count(k) != 0", "count", Present, Absent},
        CondCase{"m.count(k) >= 1", "count", Present, Absent},
        CondCase{"m.count(k) < 1", "count", Absent, Present},
        CondCase{"m.count(k) == 1", "count", Present, Absent},
        CondCase{"m.empty()", "empty", Absent, Present},
        CondCase{"m.find(k) == m.end() && ready", "find", Absent, Unknown},
        CondCase{"ready && m.find(k) == m.end()", "find", Absent, Unknown},
        CondCase{"m.find(k) != m.end() || ready", "find", Unknown, Absent}));

//===----------------------------------------------------------------------===//
// outcome(): lazily initialized state
//===----------------------------------------------------------------------===//

struct StateCase {
  const char *Cond;
  const char *Act;
  StateKind Kind;
  Outcome WhenTaken;
};

void PrintTo(const StateCase &C, std::ostream *OS) { *OS << C.Cond; }

class StateConditionTest : public ::testing::TestWithParam<StateCase> {};

TEST_P(StateConditionTest, NullAndFlagTests) {
  const StateCase &C = GetParam();
  auto Fx = facts((llvm::Twine("void f() {\n  if (") + C.Cond + ") {\n    " +
                   C.Act + ";\n  }\n}\n")
                      .str());
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 1u);
  const CheckEvent &Check = Fx->F.Checks[0];
  EXPECT_EQ(Check.T.State, C.Kind);
  EXPECT_EQ(Check.T.Container, nullptr);
  EXPECT_TRUE(Check.Api == "null test" || Check.Api == "flag test");
  ASSERT_EQ(Fx->F.Acts.size(), 1u);
  const ActEvent &A = Fx->F.Acts[0];
  EXPECT_EQ(A.T.State, C.Kind);
  EXPECT_EQ(A.T.Obj.Id, Check.T.Obj.Id);
  EXPECT_EQ(Fx->outcomes(A, 0), Outcomes{C.WhenTaken});
}

INSTANTIATE_TEST_SUITE_P(
    States, StateConditionTest,
    ::testing::Values(
        StateCase{"!p", "p = new Widget", StateKind::RawPointer, Absent},
        StateCase{"p == nullptr", "p = new Widget", StateKind::RawPointer,
                  Absent},
        StateCase{"nullptr == p", "p = new Widget", StateKind::RawPointer,
                  Absent},
        StateCase{"p == 0", "p = new Widget", StateKind::RawPointer, Absent},
        StateCase{"p != nullptr", "p = new Widget", StateKind::RawPointer,
                  Present},
        StateCase{"p", "p = new Widget", StateKind::RawPointer, Present},
        StateCase{"!up", "up.reset(new Widget)", StateKind::UniquePtr, Absent},
        StateCase{"up == nullptr", "up = std::make_unique<Widget>()",
                  StateKind::UniquePtr, Absent},
        StateCase{"!up.get()", "up.reset(new Widget)", StateKind::UniquePtr,
                  Absent},
        StateCase{"!opt.has_value()", "opt.emplace(1)", StateKind::Optional,
                  Absent},
        StateCase{"!flag", "flag = true", StateKind::Bool, Absent},
        StateCase{"flag == false", "flag = true", StateKind::Bool, Absent},
        StateCase{"!ap.load()", "ap.store(new Widget)",
                  StateKind::AtomicPointer, Absent}));

TEST(FunctionFactsTest, ResettingStateIsNotAnAct) {
  auto Fx = facts(R"cpp(
    void f() {
      if (p) p = nullptr;
      if (flag) flag = false;
      if (up) up.reset();
    })cpp");
  ASSERT_NE(Fx, nullptr);
  EXPECT_EQ(Fx->F.Checks.size(), 3u);
  EXPECT_TRUE(Fx->F.Acts.empty());
}

//===----------------------------------------------------------------------===//
// outcome(): statement shapes
//===----------------------------------------------------------------------===//

TEST(FunctionFactsTest, IfWithInitializer) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      if (auto it = m.find(k); it == m.end())
        m[k] = 1;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 1u);
  const ActEvent *A = Fx->act("operator[]");
  ASSERT_NE(A, nullptr);
  EXPECT_EQ(Fx->outcomes(*A, 0), Outcomes{Absent});
}

TEST(FunctionFactsTest, IfWithInitializerAndEarlyReturn) {
  auto Fx = facts(R"cpp(
    int f(int k) {
      if (auto it = m.find(k); it != m.end())
        return it->second;
      m[k] = 1;
      return 1;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  const ActEvent *A = Fx->act("operator[]");
  ASSERT_NE(A, nullptr);
  EXPECT_EQ(Fx->outcomes(*A, 0), Outcomes{Absent});
}

TEST(FunctionFactsTest, ConditionVariable) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      if (bool has = m.count(k)) {
        compute(k);
      } else {
        m[k] = 1;
      }
    })cpp");
  ASSERT_NE(Fx, nullptr);
  const ActEvent *A = Fx->act("operator[]");
  ASSERT_NE(A, nullptr);
  EXPECT_EQ(Fx->outcomes(*A, 0), Outcomes{Absent});
}

TEST(FunctionFactsTest, EarlyReturnGuardsTheRestOfTheFunction) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      if (m.find(k) != m.end())
        return;
      compute(k);
      m[k] = 1;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  const ActEvent *A = Fx->act("operator[]");
  ASSERT_NE(A, nullptr);
  ASSERT_EQ(A->Guards.size(), 1u);
  EXPECT_FALSE(A->Guards[0].second);
  EXPECT_EQ(Fx->outcomes(*A, 0), Outcomes{Absent});
}

TEST(FunctionFactsTest, EarlyReturnFromABlockAndThrow) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      if (m.count(k)) {
        compute(k);
        return;
      }
      if (s.count(k))
        throw 1;
      m[k] = 1;
      s.insert(k);
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 2u);
  const ActEvent *MA = Fx->act("operator[]");
  const ActEvent *SA = Fx->act("insert");
  ASSERT_NE(MA, nullptr);
  ASSERT_NE(SA, nullptr);
  EXPECT_EQ(Fx->outcomes(*MA, 0), Outcomes{Absent});
  EXPECT_EQ(Fx->outcomes(*SA, 1), Outcomes{Absent});
}

TEST(FunctionFactsTest, ContinueGuardsTheRestOfTheLoopBody) {
  auto Fx = facts(R"cpp(
    void f(const std::vector<int> &keys) {
      for (int k : keys) {
        if (m.count(k))
          continue;
        m[k] = 1;
      }
      m[0] = 0;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  int CI = Fx->checkIdx("count");
  ASSERT_GE(CI, 0);
  ASSERT_EQ(Fx->F.Acts.size(), 2u);
  EXPECT_EQ(Fx->outcomes(Fx->F.Acts[0], CI), Outcomes{Absent});
  // After the loop the continue guards nothing.
  EXPECT_TRUE(Fx->outcomes(Fx->F.Acts[1], CI).empty());
}

TEST(FunctionFactsTest, IfThatDoesNotExitGuardsNothingAfterIt) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      if (m.count(k))
        compute(k);
      m[k] = 1;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Acts.size(), 1u);
  EXPECT_TRUE(Fx->F.Acts[0].Guards.empty());
}

TEST(FunctionFactsTest, Ternary) {
  auto Fx = facts(R"cpp(
    int f(int k) {
      return m.count(k) ? m.at(k) : (m[k] = 7);
    })cpp");
  ASSERT_NE(Fx, nullptr);
  int CI = Fx->checkIdx("count");
  ASSERT_EQ(CI, 0);
  const ActEvent *A = Fx->act("operator[]");
  ASSERT_NE(A, nullptr);
  EXPECT_EQ(Fx->outcomes(*A, CI), Outcomes{Absent});
}

TEST(FunctionFactsTest, ActOnTheRightOfLogicalAnd) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      !m.count(k) && m.emplace(k, 1).second;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  const ActEvent *A = Fx->act("emplace");
  ASSERT_NE(A, nullptr);
  EXPECT_EQ(Fx->outcomes(*A, 0), Outcomes{Absent});
}

TEST(FunctionFactsTest, ActOnTheRightOfLogicalOr) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      m.count(k) || m.emplace(k, 1).second;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  const ActEvent *A = Fx->act("emplace");
  ASSERT_NE(A, nullptr);
  EXPECT_EQ(Fx->outcomes(*A, 0), Outcomes{Absent});
}

//===----------------------------------------------------------------------===//
// Result variables
//===----------------------------------------------------------------------===//

TEST(FunctionFactsTest, BoolResultVariable) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      bool found = m.find(k) != m.end();
      if (!found)
        m[k] = 1;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  const auto *Found = test::findDecl<VarDecl>(Fx->ctx(), "found");
  ASSERT_NE(Found, nullptr);
  auto It = Fx->F.Results.find(Found);
  ASSERT_NE(It, Fx->F.Results.end());
  ASSERT_EQ(It->second.size(), 1u);
  EXPECT_EQ(It->second[0].Check, 0u);
  EXPECT_EQ(It->second[0].WhenTrue, Present);
  const ActEvent *A = Fx->act("operator[]");
  ASSERT_NE(A, nullptr);
  EXPECT_EQ(Fx->outcomes(*A, 0), Outcomes{Absent});
}

TEST(FunctionFactsTest, NegatedBoolResultVariable) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      bool missing = !m.count(k);
      if (missing)
        m[k] = 1;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  const auto *Missing = test::findDecl<VarDecl>(Fx->ctx(), "missing");
  ASSERT_NE(Missing, nullptr);
  ASSERT_EQ(Fx->F.Results.count(Missing), 1u);
  EXPECT_EQ(Fx->F.Results.find(Missing)->second[0].WhenTrue, Absent);
  const ActEvent *A = Fx->act("operator[]");
  ASSERT_NE(A, nullptr);
  EXPECT_EQ(Fx->outcomes(*A, 0), Outcomes{Absent});
}

TEST(FunctionFactsTest, IteratorResultVariable) {
  auto Fx = facts(R"cpp(
    int f(int k) {
      auto it = m.find(k);
      if (it != m.end())
        return it->second;
      m[k] = 1;
      return 1;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  const auto *It = test::findDecl<VarDecl>(Fx->ctx(), "it");
  ASSERT_NE(It, nullptr);
  ASSERT_EQ(Fx->F.Results.count(It), 1u);
  EXPECT_EQ(Fx->F.Results.find(It)->second[0].Kind, ResultKind::Iterator);
  const ActEvent *A = Fx->act("operator[]");
  ASSERT_NE(A, nullptr);
  EXPECT_EQ(Fx->outcomes(*A, 0), Outcomes{Absent});
}

TEST(FunctionFactsTest, CountResultVariable) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      std::size_t n = m.count(k);
      if (n == 0)
        m[k] = 1;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  const auto *N = test::findDecl<VarDecl>(Fx->ctx(), "n");
  ASSERT_NE(N, nullptr);
  ASSERT_EQ(Fx->F.Results.count(N), 1u);
  EXPECT_EQ(Fx->F.Results.find(N)->second[0].Kind, ResultKind::Count);
  const ActEvent *A = Fx->act("operator[]");
  ASSERT_NE(A, nullptr);
  EXPECT_EQ(Fx->outcomes(*A, 0), Outcomes{Absent});
}

TEST(FunctionFactsTest, ResultDerivedFromAnotherResultVariable) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      auto it = m.find(k);
      bool found = it != m.end();
      if (!found)
        m[k] = 1;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  const ActEvent *A = Fx->act("operator[]");
  ASSERT_NE(A, nullptr);
  EXPECT_EQ(Fx->outcomes(*A, 0), Outcomes{Absent});
}

TEST(FunctionFactsTest, ReassignedIteratorResultVariable) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      auto it = m.end();
      it = m.find(k);
      if (it == m.end())
        m[k] = 1;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  const ActEvent *A = Fx->act("operator[]");
  ASSERT_NE(A, nullptr);
  EXPECT_EQ(Fx->outcomes(*A, 0), Outcomes{Absent});
}

TEST(FunctionFactsTest, UnrelatedVariableIsNotAResult) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      bool found = m.find(k) != m.end();
      bool other = compute(k) > 0;
      if (other)
        m[k] = 1;
      (void)found;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  const auto *Other = test::findDecl<VarDecl>(Fx->ctx(), "other");
  ASSERT_NE(Other, nullptr);
  EXPECT_EQ(Fx->F.Results.count(Other), 0u);
  const ActEvent *A = Fx->act("operator[]");
  ASSERT_NE(A, nullptr);
  EXPECT_TRUE(Fx->outcomes(*A, 0).empty());
}

//===----------------------------------------------------------------------===//
// Search loops and algorithms
//===----------------------------------------------------------------------===//

TEST(FunctionFactsTest, RangeForSearchLoopWithReturn) {
  auto Fx = facts(R"cpp(
    void f(int x) {
      for (int e : v)
        if (e == x)
          return;
      v.push_back(x);
    })cpp");
  ASSERT_NE(Fx, nullptr);
  int CI = Fx->checkIdx("search loop");
  ASSERT_GE(CI, 0);
  const CheckEvent &C = Fx->F.Checks[CI];
  EXPECT_EQ(C.Key.K, KeyRef::Unknown);
  EXPECT_EQ(C.Result, ResultKind::PresentBool);
  ASSERT_NE(C.S, nullptr);
  EXPECT_TRUE(isa<CXXForRangeStmt>(C.S));
  ASSERT_NE(C.T.Container, nullptr);
  EXPECT_EQ(C.T.Container->Name, "std::vector");
  EXPECT_EQ(C.T.Obj.Spelling, "v");
  const ActEvent *A = Fx->act("push_back");
  ASSERT_NE(A, nullptr);
  EXPECT_EQ(Fx->outcomes(*A, CI), Outcomes{Absent});
}

TEST(FunctionFactsTest, IndexSearchLoopWithFlag) {
  auto Fx = facts(R"cpp(
    void f(int x) {
      bool found = false;
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] == x) {
          found = true;
          break;
        }
      }
      if (!found)
        v.push_back(x);
    })cpp");
  ASSERT_NE(Fx, nullptr);
  int CI = Fx->checkIdx("search loop");
  ASSERT_GE(CI, 0);
  EXPECT_TRUE(isa<ForStmt>(Fx->F.Checks[CI].S));
  const ActEvent *A = Fx->act("push_back");
  ASSERT_NE(A, nullptr);
  EXPECT_EQ(Fx->outcomes(*A, CI), Outcomes{Absent});
}

TEST(FunctionFactsTest, IteratorSearchLoopWithBreak) {
  auto Fx = facts(R"cpp(
    void f(int x) {
      auto it = v.begin();
      for (; it != v.end(); ++it) {
        if (*it == x)
          break;
      }
      if (it == v.end())
        v.push_back(x);
    })cpp");
  ASSERT_NE(Fx, nullptr);
  int CI = Fx->checkIdx("search loop");
  ASSERT_GE(CI, 0);
  const ActEvent *A = Fx->act("push_back");
  ASSERT_NE(A, nullptr);
  EXPECT_EQ(Fx->outcomes(*A, CI), Outcomes{Absent});
}

TEST(FunctionFactsTest, SearchLoopBindsTheIteratorNotTheContainer) {
  // `it != v.end()` mentions both `it` and `v`; only `it` carries the
  // loop's result. A later condition on `v` itself says nothing about it.
  auto Fx = facts(R"cpp(
    void f(int x) {
      auto it = v.begin();
      for (; it != v.end(); ++it) {
        if (*it == x)
          break;
      }
      if (v.size() < 10)
        v.push_back(x);
    })cpp");
  ASSERT_NE(Fx, nullptr);
  const auto *V = test::findDecl<VarDecl>(Fx->ctx(), "v");
  ASSERT_NE(V, nullptr);
  EXPECT_EQ(Fx->F.Results.count(V), 0u)
      << "the searched container became a result variable of the loop";
  int CI = Fx->checkIdx("search loop");
  ASSERT_GE(CI, 0);
  const ActEvent *A = Fx->act("push_back");
  ASSERT_NE(A, nullptr);
  EXPECT_TRUE(Fx->outcomes(*A, CI).empty());
}

TEST(FunctionFactsTest, UnbracedSearchLoopWithFlag) {
  // The same search as IndexSearchLoopWithFlag without braces around the
  // loop body: the act after the loop depends on `found` only.
  auto Fx = facts(R"cpp(
    void f(int x) {
      bool found = false;
      for (std::size_t i = 0; i < v.size(); ++i)
        if (v[i] == x) {
          found = true;
          break;
        }
      if (!found)
        v.push_back(x);
    })cpp");
  ASSERT_NE(Fx, nullptr);
  int CI = Fx->checkIdx("search loop");
  ASSERT_GE(CI, 0);
  const ActEvent *A = Fx->act("push_back");
  ASSERT_NE(A, nullptr);
  EXPECT_EQ(Fx->outcomes(*A, CI), Outcomes{Absent});
}

TEST(FunctionFactsTest, BreakInAnUnbracedLoopBodyGuardsNothingAfterTheLoop) {
  // `break` leaves the loop; the code after the loop runs either way.
  auto Fx = facts(R"cpp(
    void f(int k) {
      for (int i = 0; i < 3; ++i)
        if (compute(i) == k)
          break;
      m[k] = 1;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  const ActEvent *A = Fx->act("operator[]");
  ASSERT_NE(A, nullptr);
  EXPECT_TRUE(A->Guards.empty()) << A->Guards.size() << " guard(s)";
}

TEST(FunctionFactsTest, BreakInABracedLoopBodyGuardsNothingAfterTheLoop) {
  auto Fx = facts(R"cpp(
    void f(int k) {
      for (int i = 0; i < 3; ++i) {
        if (compute(i) == k)
          break;
      }
      m[k] = 1;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  const ActEvent *A = Fx->act("operator[]");
  ASSERT_NE(A, nullptr);
  EXPECT_TRUE(A->Guards.empty()) << A->Guards.size() << " guard(s)";
}

TEST(FunctionFactsTest, LoopWithoutExitIsNoSearch) {
  auto Fx = facts(R"cpp(
    void f(int x) {
      for (int e : v)
        compute(e);
      v.push_back(x);
    })cpp");
  ASSERT_NE(Fx, nullptr);
  EXPECT_TRUE(Fx->F.Checks.empty());
  ASSERT_EQ(Fx->F.Acts.size(), 1u);
  EXPECT_TRUE(Fx->F.Acts[0].Guards.empty());
}

TEST(FunctionFactsTest, StdFindIsACheckWithItsValueAsKey) {
  auto Fx = facts(R"cpp(
    void f(int x) {
      if (std::find(v.begin(), v.end(), x) == v.end())
        v.push_back(x);
    })cpp");
  ASSERT_NE(Fx, nullptr);
  int CI = Fx->checkIdx("std::find");
  ASSERT_GE(CI, 0);
  const CheckEvent &C = Fx->F.Checks[CI];
  EXPECT_EQ(C.Result, ResultKind::Iterator);
  EXPECT_EQ(C.T.Obj.Spelling, "v");
  const ActEvent *A = Fx->act("push_back");
  ASSERT_NE(A, nullptr);
  EXPECT_EQ(C.Key.K, KeyRef::Exact);
  EXPECT_EQ(C.Key.Id, A->Key.Id);
  EXPECT_EQ(Fx->outcomes(*A, CI), Outcomes{Absent});
}

TEST(FunctionFactsTest, AnyOfWithALambda) {
  auto Fx = facts(R"cpp(
    void f(int x) {
      if (!std::any_of(v.begin(), v.end(), [&](int e) { return e == x; }))
        v.push_back(x);
    })cpp");
  ASSERT_NE(Fx, nullptr);
  int CI = Fx->checkIdx("std::any_of");
  ASSERT_GE(CI, 0);
  EXPECT_EQ(Fx->F.Checks[CI].Key.K, KeyRef::Unknown);
  const ActEvent *A = Fx->act("push_back");
  ASSERT_NE(A, nullptr);
  EXPECT_EQ(Fx->outcomes(*A, CI), Outcomes{Absent});
}

//===----------------------------------------------------------------------===//
// Objects
//===----------------------------------------------------------------------===//

TEST(FunctionFactsTest, MemberObjectsThroughThis) {
  auto Fx = factsOf(R"cpp(
    class C {
      std::map<int, int> m_;
    public:
      void f(int k) {
        if (this->m_.find(k) == m_.end())
          m_[k] = 1;
      }
    };)cpp",
                    "f");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 1u);
  ASSERT_EQ(Fx->F.Acts.size(), 1u);
  const ObjectRef &O = Fx->F.Acts[0].T.Obj;
  EXPECT_TRUE(O.RootIsThis);
  EXPECT_EQ(O.RootVar, nullptr);
  ASSERT_EQ(O.Fields.size(), 1u);
  EXPECT_EQ(O.Fields[0]->getName(), "m_");
  ASSERT_NE(O.ThisClass, nullptr);
  EXPECT_EQ(O.ThisClass->getName(), "C");
  EXPECT_EQ(Fx->F.Checks[0].T.Obj.Id, O.Id);
}

TEST(FunctionFactsTest, LocalReferenceRootsAtTheObjectItNames) {
  // For the sharing policy, `auto &ref = m;` is `m` itself.
  auto Fx = facts(R"cpp(
    void f(int k) {
      auto &ref = m;
      if (ref.count(k) == 0)
        ref[k] = 1;
    })cpp");
  ASSERT_NE(Fx, nullptr);
  ASSERT_EQ(Fx->F.Checks.size(), 1u);
  ASSERT_EQ(Fx->F.Acts.size(), 1u);
  EXPECT_EQ(Fx->F.Checks[0].T.Obj.Id, Fx->F.Acts[0].T.Obj.Id);
  EXPECT_EQ(Fx->F.Acts[0].T.Obj.RootVar,
            test::findDecl<VarDecl>(Fx->ctx(), "m"));
  EXPECT_FALSE(Fx->F.Acts[0].T.Obj.RootIsIndirect);
}

TEST(FunctionFactsTest, CallsBeforeAThreadStartsInTwoLoops) {
  // The first loop starts no thread: its calls are start-up calls. The
  // second starts one per iteration, so from its second iteration on every
  // call in it runs after a thread started, also one written before the
  // start; the call after both loops comes after the starts.
  auto Fx = facts(R"cpp(
    void setup(int);
    void prepare(int);
    void late();
    void work();
    void f() {
      std::vector<std::thread> pool;
      for (int i = 0; i < 2; ++i)
        setup(i);
      for (int i = 0; i < 4; ++i) {
        prepare(i);
        pool.emplace_back(work);
      }
      late();
    }
  )cpp");
  ASSERT_TRUE(Fx);
  EXPECT_TRUE(Fx->F.StartsThreads);
  auto Before = [&](llvm::StringRef Name) {
    for (const FunctionFacts::CallSite &C : Fx->F.Calls)
      if (C.Callee->getName() == Name)
        return std::optional<bool>(C.BeforeThreads);
    return std::optional<bool>();
  };
  EXPECT_EQ(Before("setup"), std::optional<bool>(true));
  EXPECT_EQ(Before("prepare"), std::optional<bool>(false));
  EXPECT_EQ(Before("late"), std::optional<bool>(false));
}

} // namespace
} // namespace cta
