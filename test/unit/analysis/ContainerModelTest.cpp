//===- ContainerModelTest.cpp - classify(), method(), algorithm(), state --===//

#include "AnalysisTestUtil.h"
#include "ContainerModel.h"
#include "gtest/gtest.h"

using namespace clang;

namespace cta {
namespace {

const char *const Types = R"cpp(
namespace my {
template <class K, class V> class Cache {
public:
  V *find(const K &k);
  void insert(const K &k, V v);
};
class Plain {};
struct Derived : std::map<int, int> {};
struct Derived2 : Derived {};
using IntMap = std::map<int, int>;
typedef std::unordered_map<int, int> IntUMap;
template <class V> using StrMap = std::map<std::string, V>;
template <class K, class V> struct Holder {
  std::map<K, V> dep;
  std::vector<V> depVec;
  StrMap<V> depAlias;
  std::atomic<K *> depAtomicPtr;
  std::unique_ptr<V> depUnique;
};
struct Widget {};
} // namespace my

std::map<int, int> vMap;
std::unordered_map<int, int> vUMap;
std::multimap<int, int> vMulti;
std::unordered_multimap<int, int> vUMulti;
std::set<int> vSet;
std::unordered_set<int> vUSet;
std::multiset<int> vMultiSet;
std::vector<int> vVec;
std::deque<int> vDeque;
std::list<int> vList;
absl::flat_hash_map<int, int> vFlat;
my::Derived vDerived;
my::Derived2 vDerived2;
my::IntMap vAlias;
my::IntUMap vTypedef;
my::StrMap<int> vAliasTpl;
my::Cache<int, int> vCache;
my::Plain vPlain;
const std::map<int, int> vConst;
int vInt;
std::string vStr;
std::map<int, int> &vRef = vMap;
std::map<int, int> *vPtr = &vMap;
void params(const std::map<int, int> &pConstRef, std::vector<int> &&pRRef) {}

my::Widget *sRaw;
std::unique_ptr<my::Widget> sUnique;
std::shared_ptr<my::Widget> sShared;
std::optional<my::Widget> sOpt;
bool sBool;
std::atomic<my::Widget *> sAtomicPtr;
std::atomic<bool> sAtomicBool;
std::atomic<int> sAtomicInt;
std::atomic_bool sAtomicBoolAlias;
int sInt;
const std::unique_ptr<my::Widget> &sUniqueRef = sUnique;
std::map<int, int> sMap;
)cpp";

/// One translation unit shared by every test of this file.
class ContainerModelTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    AST = test::buildAST((llvm::Twine(test::MockIncludes) + Types).str())
              .release();
  }
  static void TearDownTestSuite() {
    delete AST;
    AST = nullptr;
  }
  void SetUp() override { ASSERT_NE(AST, nullptr) << "the snippet must compile"; }

  static ASTContext &ctx() { return AST->getASTContext(); }
  static QualType type(llvm::StringRef Name) {
    QualType T = test::typeOf(ctx(), Name);
    EXPECT_FALSE(T.isNull()) << "no declaration named " << Name.str();
    return T;
  }
  /// The name of the family row \p Var's type classifies as, or "".
  std::string family(llvm::StringRef Var, const ContainerModel &CM) {
    const ContainerInfo *C = CM.classify(type(Var));
    return C ? C->Name.str() : std::string();
  }
  std::string family(llvm::StringRef Var) { return family(Var, Model); }

  static ASTUnit *AST;
  ContainerModel Model;
};

ASTUnit *ContainerModelTest::AST = nullptr;

//===----------------------------------------------------------------------===//
// classify()
//===----------------------------------------------------------------------===//

TEST_F(ContainerModelTest, ClassifiesStdMaps) {
  EXPECT_EQ(family("vMap"), "std::map");
  EXPECT_EQ(family("vUMap"), "std::unordered_map");
  EXPECT_EQ(Model.classify(type("vMap"))->Fam, FamMap);
  EXPECT_TRUE(Model.classify(type("vMap"))->HasTryEmplace);
}

TEST_F(ContainerModelTest, ClassifiesMultiMaps) {
  EXPECT_EQ(family("vMulti"), "std::multimap");
  EXPECT_EQ(family("vUMulti"), "std::unordered_multimap");
  EXPECT_EQ(Model.classify(type("vMulti"))->Fam, FamMultiMap);
  EXPECT_FALSE(Model.classify(type("vMulti"))->HasTryEmplace);
}

TEST_F(ContainerModelTest, ClassifiesSets) {
  EXPECT_EQ(family("vSet"), "std::set");
  EXPECT_EQ(family("vUSet"), "std::unordered_set");
  EXPECT_EQ(family("vMultiSet"), "std::multiset");
  EXPECT_EQ(Model.classify(type("vSet"))->Fam, FamSet);
  EXPECT_EQ(Model.classify(type("vMultiSet"))->Fam, FamMultiSet);
}

TEST_F(ContainerModelTest, ClassifiesSequences) {
  EXPECT_EQ(family("vVec"), "std::vector");
  EXPECT_EQ(family("vDeque"), "std::deque");
  EXPECT_EQ(Model.classify(type("vVec"))->Fam, FamSequence);
}

TEST_F(ContainerModelTest, ClassifiesListInInlineNamespace) {
  // Like libstdc++, the mock declares std::__cxx11::list.
  const auto *RD = type("vList")->getAsCXXRecordDecl();
  ASSERT_NE(RD, nullptr);
  EXPECT_TRUE(RD->getEnclosingNamespaceContext()->isInlineNamespace());
  EXPECT_EQ(family("vList"), "std::list");
  EXPECT_EQ(templateNameOf(type("vList")), "std::list");
}

TEST_F(ContainerModelTest, ClassifiesAbslInLtsInlineNamespace) {
  EXPECT_EQ(family("vFlat"), "absl::flat_hash_map");
  EXPECT_EQ(Model.classify(type("vFlat"))->Fam, FamMap);
  EXPECT_TRUE(Model.classify(type("vFlat"))->HasTryEmplace);
}

TEST_F(ContainerModelTest, ClassifiesUserClassDerivingFromMap) {
  EXPECT_EQ(family("vDerived"), "std::map");
  EXPECT_EQ(family("vDerived2"), "std::map");
}

TEST_F(ContainerModelTest, ClassifiesThroughTypedefsAndAliases) {
  EXPECT_EQ(family("vAlias"), "std::map");
  EXPECT_EQ(family("vTypedef"), "std::unordered_map");
  EXPECT_EQ(family("vAliasTpl"), "std::map");
}

TEST_F(ContainerModelTest, ClassifiesThroughReferencesAndConst) {
  EXPECT_EQ(family("vRef"), "std::map");
  EXPECT_EQ(family("pConstRef"), "std::map");
  EXPECT_EQ(family("pRRef"), "std::vector");
  EXPECT_EQ(family("vConst"), "std::map");
}

TEST_F(ContainerModelTest, ClassifiesDependentTypesInTemplates) {
  ASSERT_TRUE(type("dep")->isDependentType());
  EXPECT_EQ(family("dep"), "std::map");
  EXPECT_EQ(family("depVec"), "std::vector");
  EXPECT_EQ(family("depAlias"), "std::map");
}

TEST_F(ContainerModelTest, DoesNotClassifyNonContainers) {
  EXPECT_EQ(family("vInt"), "");
  EXPECT_EQ(family("vStr"), "");
  EXPECT_EQ(family("vPlain"), "");
  // A pointer is not the container; call sites look through `->`.
  EXPECT_EQ(family("vPtr"), "");
  // Without a config row, a user template is not a container.
  EXPECT_EQ(family("vCache"), "");
  EXPECT_EQ(Model.classify(QualType()), nullptr);
}

TEST_F(ContainerModelTest, ConfigRowMakesUserTypeAFamilyMember) {
  Config Cfg;
  Cfg.Containers.push_back({"my::Cache", "std::unordered_map"});
  ContainerModel CM(&Cfg);
  const ContainerInfo *C = CM.classify(type("vCache"));
  ASSERT_NE(C, nullptr);
  EXPECT_EQ(C->Name, "my::Cache");
  EXPECT_EQ(C->Fam, FamMap);
  EXPECT_TRUE(C->HasTryEmplace);
  // Built-ins are unaffected.
  EXPECT_EQ(family("vMap", CM), "std::map");
}

TEST_F(ContainerModelTest, ConfigRowFromParsedYaml) {
  auto Cfg = Config::parse(
      "containers: [{type: my::Cache, like: std::unordered_map}]\n", "t.yaml");
  ASSERT_TRUE(static_cast<bool>(Cfg)) << llvm::toString(Cfg.takeError());
  ContainerModel CM(&*Cfg);
  EXPECT_EQ(family("vCache", CM), "my::Cache");
  EXPECT_EQ(CM.classify(type("vCache"))->Fam, FamMap);
}

TEST_F(ContainerModelTest, ConfigRowWithUnknownLikeIsIgnored) {
  Config Cfg;
  Cfg.Containers.push_back({"my::Cache", "std::no_such_map"});
  ContainerModel CM(&Cfg);
  EXPECT_EQ(family("vCache", CM), "");
}

TEST_F(ContainerModelTest, ConfigRowsLikeSeveralFamilies) {
  Config Cfg;
  Cfg.Containers.push_back({"my::Cache", "std::set"});
  Cfg.Containers.push_back({"my::Plain", "std::vector"});
  ContainerModel CM(&Cfg);
  ASSERT_NE(CM.classify(type("vCache")), nullptr);
  EXPECT_EQ(CM.classify(type("vCache"))->Fam, FamSet);
  ASSERT_NE(CM.classify(type("vPlain")), nullptr);
  EXPECT_EQ(CM.classify(type("vPlain"))->Name, "my::Plain");
  EXPECT_EQ(CM.classify(type("vPlain"))->Fam, FamSequence);
}

TEST_F(ContainerModelTest, KnownFamilyNames) {
  EXPECT_TRUE(Model.isKnownFamilyName("std::map"));
  EXPECT_TRUE(Model.isKnownFamilyName("absl::flat_hash_set"));
  EXPECT_FALSE(Model.isKnownFamilyName("std::string"));
  EXPECT_FALSE(Model.isKnownFamilyName("map"));
}

//===----------------------------------------------------------------------===//
// method()
//===----------------------------------------------------------------------===//

TEST(ContainerModelMethodTest, ChecksOnAssociativeContainers) {
  ContainerModel CM;
  for (Family F : {FamMap, FamMultiMap, FamSet, FamMultiSet}) {
    SCOPED_TRACE(static_cast<unsigned>(F));
    const MethodInfo *Find = CM.method(F, "find");
    ASSERT_NE(Find, nullptr);
    EXPECT_EQ(Find->R, Role::Check);
    EXPECT_EQ(Find->Result, ResultKind::Iterator);
    EXPECT_EQ(Find->Key, KeyFrom::Arg0);
    const MethodInfo *Count = CM.method(F, "count");
    ASSERT_NE(Count, nullptr);
    EXPECT_EQ(Count->R, Role::Check);
    EXPECT_EQ(Count->Result, ResultKind::Count);
    EXPECT_EQ(Count->Key, KeyFrom::Arg0);
    const MethodInfo *Contains = CM.method(F, "contains");
    ASSERT_NE(Contains, nullptr);
    EXPECT_EQ(Contains->Result, ResultKind::PresentBool);
  }
}

TEST(ContainerModelMethodTest, SequencesHaveNoKeyedLookups) {
  ContainerModel CM;
  EXPECT_EQ(CM.method(FamSequence, "find"), nullptr);
  EXPECT_EQ(CM.method(FamSequence, "count"), nullptr);
  const MethodInfo *Empty = CM.method(FamSequence, "empty");
  ASSERT_NE(Empty, nullptr);
  EXPECT_EQ(Empty->R, Role::Check);
  EXPECT_EQ(Empty->Result, ResultKind::AbsentBool);
  EXPECT_EQ(Empty->Key, KeyFrom::None);
}

TEST(ContainerModelMethodTest, SubscriptAddsOnMapsOnly) {
  ContainerModel CM;
  const MethodInfo *Sub = CM.method(FamMap, "operator[]");
  ASSERT_NE(Sub, nullptr);
  EXPECT_EQ(Sub->R, Role::Add);
  EXPECT_EQ(Sub->Result, ResultKind::Value);
  EXPECT_EQ(Sub->Key, KeyFrom::Arg0);
  EXPECT_FALSE(Sub->ReportsInsertion);
  // vector[i] reads or writes an existing element: no add.
  EXPECT_EQ(CM.method(FamSequence, "operator[]"), nullptr);
  EXPECT_EQ(CM.method(FamSet, "operator[]"), nullptr);
  EXPECT_EQ(CM.method(FamMultiMap, "operator[]"), nullptr);
}

TEST(ContainerModelMethodTest, InsertKeyDependsOnFamily) {
  ContainerModel CM;
  const MethodInfo *MapInsert = CM.method(FamMap, "insert");
  ASSERT_NE(MapInsert, nullptr);
  EXPECT_EQ(MapInsert->R, Role::Add);
  EXPECT_EQ(MapInsert->Key, KeyFrom::ValueArg0);
  EXPECT_TRUE(MapInsert->ReportsInsertion);
  const MethodInfo *SetInsert = CM.method(FamSet, "insert");
  ASSERT_NE(SetInsert, nullptr);
  EXPECT_EQ(SetInsert->Key, KeyFrom::Arg0);
  EXPECT_TRUE(SetInsert->ReportsInsertion);
  const MethodInfo *SeqInsert = CM.method(FamSequence, "insert");
  ASSERT_NE(SeqInsert, nullptr);
  EXPECT_EQ(SeqInsert->R, Role::Add);
  EXPECT_EQ(SeqInsert->Key, KeyFrom::Arg1);
  EXPECT_FALSE(SeqInsert->ReportsInsertion);
}

TEST(ContainerModelMethodTest, EmplaceKeyDependsOnFamily) {
  ContainerModel CM;
  const MethodInfo *MapEmplace = CM.method(FamMap, "emplace");
  ASSERT_NE(MapEmplace, nullptr);
  EXPECT_EQ(MapEmplace->R, Role::Add);
  EXPECT_EQ(MapEmplace->Key, KeyFrom::EmplaceMap);
  EXPECT_TRUE(MapEmplace->ReportsInsertion);
  EXPECT_EQ(CM.method(FamMultiMap, "emplace")->Key, KeyFrom::EmplaceMap);
  const MethodInfo *SetEmplace = CM.method(FamSet, "emplace");
  ASSERT_NE(SetEmplace, nullptr);
  EXPECT_EQ(SetEmplace->Key, KeyFrom::Arg0);
  const MethodInfo *SeqEmplace = CM.method(FamSequence, "emplace");
  ASSERT_NE(SeqEmplace, nullptr);
  EXPECT_EQ(SeqEmplace->Key, KeyFrom::Unknown);
  EXPECT_FALSE(SeqEmplace->ReportsInsertion);
}

TEST(ContainerModelMethodTest, TryEmplaceOnUniqueMapsOnly) {
  ContainerModel CM;
  const MethodInfo *TE = CM.method(FamMap, "try_emplace");
  ASSERT_NE(TE, nullptr);
  EXPECT_EQ(TE->R, Role::Add);
  EXPECT_EQ(TE->Key, KeyFrom::Arg0);
  EXPECT_TRUE(TE->ReportsInsertion);
  EXPECT_EQ(CM.method(FamMultiMap, "try_emplace"), nullptr);
  EXPECT_EQ(CM.method(FamSet, "try_emplace"), nullptr);
  const MethodInfo *IOA = CM.method(FamMap, "insert_or_assign");
  ASSERT_NE(IOA, nullptr);
  EXPECT_FALSE(IOA->ReportsInsertion);
}

TEST(ContainerModelMethodTest, PushBackOnSequencesOnly) {
  ContainerModel CM;
  const MethodInfo *PB = CM.method(FamSequence, "push_back");
  ASSERT_NE(PB, nullptr);
  EXPECT_EQ(PB->R, Role::Add);
  EXPECT_EQ(PB->Key, KeyFrom::Arg0);
  EXPECT_FALSE(PB->ReportsInsertion);
  EXPECT_EQ(CM.method(FamSequence, "emplace_back")->Key, KeyFrom::Unknown);
  EXPECT_EQ(CM.method(FamSequence, "push_front")->Key, KeyFrom::Arg0);
  EXPECT_EQ(CM.method(FamMap, "push_back"), nullptr);
  EXPECT_EQ(CM.method(FamSet, "push_back"), nullptr);
}

TEST(ContainerModelMethodTest, Removals) {
  ContainerModel CM;
  const MethodInfo *Erase = CM.method(FamMap, "erase");
  ASSERT_NE(Erase, nullptr);
  EXPECT_EQ(Erase->R, Role::Remove);
  EXPECT_EQ(Erase->Key, KeyFrom::Arg0);
  const MethodInfo *SeqErase = CM.method(FamSequence, "erase");
  ASSERT_NE(SeqErase, nullptr);
  EXPECT_EQ(SeqErase->R, Role::Remove);
  EXPECT_EQ(SeqErase->Key, KeyFrom::Unknown);
}

TEST(ContainerModelMethodTest, UnrelatedMembersAreNothing) {
  ContainerModel CM;
  for (llvm::StringRef N : {"begin", "end", "clear", "reserve", "at"})
    EXPECT_EQ(CM.method(FamSequence, N), nullptr) << N.str();
  EXPECT_EQ(CM.method(FamMap, "end"), nullptr);
  // size() is a check of its own kind, a bound only cta-split-lock pairs.
  for (Family Fam : {FamSequence, FamMap}) {
    const MethodInfo *Size = CM.method(Fam, "size");
    ASSERT_NE(Size, nullptr);
    EXPECT_EQ(Size->R, Role::Check);
    EXPECT_EQ(Size->Result, ResultKind::Size);
    EXPECT_EQ(Size->Key, KeyFrom::None);
  }
  // map::at reads the element: a check that tells no presence.
  const MethodInfo *At = CM.method(FamMap, "at");
  ASSERT_NE(At, nullptr);
  EXPECT_EQ(At->R, Role::Check);
  EXPECT_EQ(At->Result, ResultKind::Value);
}

//===----------------------------------------------------------------------===//
// algorithm()
//===----------------------------------------------------------------------===//

TEST(ContainerModelAlgorithmTest, ClassicForms) {
  ContainerModel CM;
  const AlgorithmInfo *Find = CM.algorithm("std::find");
  ASSERT_NE(Find, nullptr);
  EXPECT_FALSE(Find->RangeFirstArg);
  EXPECT_EQ(Find->Result, ResultKind::Iterator);
  EXPECT_EQ(Find->Key, KeyFrom::Arg2);
  const AlgorithmInfo *FindIf = CM.algorithm("std::find_if");
  ASSERT_NE(FindIf, nullptr);
  EXPECT_EQ(FindIf->Key, KeyFrom::Unknown);
  EXPECT_EQ(CM.algorithm("std::any_of")->Result, ResultKind::PresentBool);
  EXPECT_EQ(CM.algorithm("std::none_of")->Result, ResultKind::AbsentBool);
  EXPECT_EQ(CM.algorithm("std::count")->Result, ResultKind::Count);
  EXPECT_EQ(CM.algorithm("std::count")->Key, KeyFrom::Arg2);
  EXPECT_EQ(CM.algorithm("std::binary_search")->Result,
            ResultKind::PresentBool);
}

TEST(ContainerModelAlgorithmTest, RangeForms) {
  ContainerModel CM;
  const AlgorithmInfo *RFind = CM.algorithm("std::ranges::find");
  ASSERT_NE(RFind, nullptr);
  EXPECT_TRUE(RFind->RangeFirstArg);
  EXPECT_EQ(RFind->Key, KeyFrom::Arg1);
  const AlgorithmInfo *CFind = CM.algorithm("absl::c_find");
  ASSERT_NE(CFind, nullptr);
  EXPECT_TRUE(CFind->RangeFirstArg);
  EXPECT_EQ(CFind->Key, KeyFrom::Arg1);
  EXPECT_EQ(CM.algorithm("absl::c_linear_search")->Result,
            ResultKind::PresentBool);
  EXPECT_EQ(CM.algorithm("std::ranges::contains")->Key, KeyFrom::Arg1);
}

TEST(ContainerModelAlgorithmTest, NonSearchesAreNothing) {
  ContainerModel CM;
  EXPECT_EQ(CM.algorithm("std::sort"), nullptr);
  EXPECT_EQ(CM.algorithm("std::for_each"), nullptr);
  EXPECT_EQ(CM.algorithm("find"), nullptr);
  EXPECT_EQ(CM.algorithm(""), nullptr);
}

//===----------------------------------------------------------------------===//
// stateKind()
//===----------------------------------------------------------------------===//

TEST_F(ContainerModelTest, StateKinds) {
  EXPECT_EQ(Model.stateKind(type("sRaw")), StateKind::RawPointer);
  EXPECT_EQ(Model.stateKind(type("sUnique")), StateKind::UniquePtr);
  EXPECT_EQ(Model.stateKind(type("sShared")), StateKind::SharedPtr);
  EXPECT_EQ(Model.stateKind(type("sOpt")), StateKind::Optional);
  EXPECT_EQ(Model.stateKind(type("sBool")), StateKind::Bool);
  EXPECT_EQ(Model.stateKind(type("sAtomicPtr")), StateKind::AtomicPointer);
  EXPECT_EQ(Model.stateKind(type("sAtomicBool")), StateKind::AtomicBool);
  EXPECT_EQ(Model.stateKind(type("sAtomicBoolAlias")), StateKind::AtomicBool);
}

TEST_F(ContainerModelTest, StateKindOfAtomicCounter) {
  // atomic<int> is a counter: state of cta-atomic-check-then-act, with no
  // presence (zero is a value, not "absent") and nothing that resets it.
  EXPECT_EQ(Model.stateKind(type("sAtomicInt")), StateKind::AtomicInteger);
  EXPECT_TRUE(stateKindInfo(StateKind::AtomicInteger).Atomic);
  EXPECT_FALSE(stateKindInfo(StateKind::AtomicInteger).Presence);
  EXPECT_TRUE(stateKindInfo(StateKind::AtomicPointer).Presence);
}

TEST_F(ContainerModelTest, StateKindOfNonLazyState) {
  // A plain integer is state only for cta-split-lock (ModelTables.h).
  EXPECT_EQ(Model.stateKind(type("sInt")), StateKind::Integer);
  EXPECT_EQ(Model.stateKind(type("sMap")), StateKind::None);
  EXPECT_EQ(Model.stateKind(QualType()), StateKind::None);
}

TEST_F(ContainerModelTest, StateKindLooksThroughReferences) {
  EXPECT_EQ(Model.stateKind(type("sUniqueRef")), StateKind::UniquePtr);
}

TEST_F(ContainerModelTest, StateKindOfDependentTypes) {
  EXPECT_EQ(Model.stateKind(type("depAtomicPtr")), StateKind::AtomicPointer);
  EXPECT_EQ(Model.stateKind(type("depUnique")), StateKind::UniquePtr);
}

//===----------------------------------------------------------------------===//
// Names
//===----------------------------------------------------------------------===//

TEST_F(ContainerModelTest, StableQualifiedNamesDropInlineNamespaces) {
  EXPECT_EQ(templateNameOf(type("vStr")), "std::basic_string");
  EXPECT_EQ(templateNameOf(type("vFlat")), "absl::flat_hash_map");
  EXPECT_EQ(templateNameOf(type("pConstRef")), "std::map");
  EXPECT_EQ(templateNameOf(type("vInt")), "");
}

TEST(ContainerModelAdviceTest, ReplacementAdvicePerFamily) {
  ContainerInfo Map{"std::map", FamMap, true};
  ContainerInfo MultiMap{"std::multimap", FamMultiMap, false};
  ContainerInfo Set{"std::set", FamSet, false};
  ContainerInfo Vec{"std::vector", FamSequence, false};
  EXPECT_NE(ContainerModel::replacementAdvice(Map, Role::Add).find("try_emplace"),
            std::string::npos);
  EXPECT_NE(ContainerModel::replacementAdvice(Set, Role::Add).find(".second"),
            std::string::npos);
  EXPECT_EQ(ContainerModel::replacementAdvice(MultiMap, Role::Add)
                .find("try_emplace"),
            std::string::npos);
  for (const ContainerInfo *C : {&Map, &MultiMap, &Set, &Vec})
    EXPECT_EQ(ContainerModel::replacementAdvice(*C, Role::Add).rfind("use ", 0),
              0u);
}

TEST(ContainerModelAdviceTest, ConcurrencyPrimitiveNames) {
  EXPECT_TRUE(ContainerModel::isConcurrencyPrimitiveName("std::atomic"));
  EXPECT_TRUE(ContainerModel::isConcurrencyPrimitiveName("std::thread"));
  EXPECT_TRUE(
      ContainerModel::isConcurrencyPrimitiveName("tbb::concurrent_hash_map"));
  EXPECT_FALSE(ContainerModel::isConcurrencyPrimitiveName("std::map"));
  EXPECT_FALSE(ContainerModel::isConcurrencyPrimitiveName("std::mutex"));
}

} // namespace
} // namespace cta
