//===- ProgramSummaryTest.cpp - UnitSummary JSON and ProgramGraph ---------===//

#include "ProgramSummary.h"
#include "gtest/gtest.h"

namespace cta {
namespace {

FunctionSummary fn(std::string USR, std::string Name) {
  FunctionSummary F;
  F.USR = std::move(USR);
  F.Name = std::move(Name);
  return F;
}

Finding pending(std::string USR) {
  Finding F;
  F.Conf = Confidence::Medium;
  F.Evidence.push_back("callers: none in this translation unit");
  CallerQuestion Q;
  Q.FunctionUSR = std::move(USR);
  Q.OnThis = true;
  F.Pending = Q;
  return F;
}

TEST(ProgramSummaryTest, AffinityRoundTripsThroughJSON) {
  UnitSummary U;
  FunctionSummary F = fn("c:@S@Conn@F@start#", "Conn::start");
  F.Affinity = "asserts it runs on one thread ('assertInLoopThread')";
  F.OnLoop.emplace_back("c:@S@Conn@F@onMessage#",
                        "handed to 'trantor::EventLoop::runInLoop'");
  F.LambdaCalls.push_back("c:@S@Conn@F@retry#");
  U.Functions.push_back(F);
  UnitSummary Back;
  ASSERT_TRUE(unitSummaryFromJSON(toJSON(U), Back));
  ASSERT_EQ(Back.Functions.size(), 1u);
  EXPECT_EQ(Back.Functions[0].Affinity, F.Affinity);
  EXPECT_EQ(Back.Functions[0].OnLoop, F.OnLoop);
  EXPECT_EQ(Back.Functions[0].LambdaCalls, F.LambdaCalls);
}

TEST(ProgramSummaryTest, HelpersRoundTripThroughJSON) {
  UnitSummary U;
  HelperSummary Member;
  Member.USR = "c:@N@ns@S@Registry@F@has#&1$@N@std@S@basic_string#";
  Member.Fields = {"impl_", "items_"};
  Member.Container = true;
  Member.KeyParam = 0;
  Member.KeySuffix = ".GetName()";
  Member.MutexId = "this.mu_";
  HelperSummary Global;
  Global.USR = "c:@N@st@F@addItem#&1$@N@std@S@basic_string#*$@S@Widget#";
  Global.Kind = 2;
  Global.Global = "st::g_items";
  Global.Container = true;
  Global.KeyParam = 0;
  Global.ValueParam = 1;
  Global.Api = "operator[]";
  U.Helpers = {Member, Global};
  UnitSummary Back;
  ASSERT_TRUE(unitSummaryFromJSON(toJSON(U), Back));
  ASSERT_EQ(Back.Helpers.size(), 2u);
  EXPECT_EQ(Back.Helpers[0].Fields, Member.Fields);
  EXPECT_EQ(Back.Helpers[0].KeySuffix, ".GetName()");
  EXPECT_EQ(Back.Helpers[0].Global, "");
  EXPECT_TRUE(Back.Helpers[1].Fields.empty());
  EXPECT_EQ(Back.Helpers[1].Global, "st::g_items");
  EXPECT_EQ(Back.Helpers[1].Kind, 2);
  EXPECT_EQ(Back.Helpers[1].ValueParam, 1);
  // A helper written without `global` (format 3) is not read.
  llvm::json::Value V = toJSON(U);
  (*V.getAsObject()->getArray("helpers"))[1].getAsObject()->erase("global");
  UnitSummary Old;
  EXPECT_FALSE(unitSummaryFromJSON(V, Old));
}

TEST(ProgramSummaryTest, RejectsAnotherFormat) {
  llvm::json::Value V = toJSON(UnitSummary());
  V.getAsObject()->erase("format");
  UnitSummary Back;
  EXPECT_FALSE(unitSummaryFromJSON(V, Back));
  V.getAsObject()->insert({"format", 1});
  EXPECT_FALSE(unitSummaryFromJSON(V, Back));
}

TEST(ProgramSummaryTest, StartUpFactsRoundTripThroughJSON) {
  UnitSummary U;
  FunctionSummary F = fn("c:@S@App@F@run#", "App::run");
  F.StartsThreads = true;
  F.EntersLoop = true;
  F.Calls.push_back({"c:@S@App@F@setup#", false, {}, true});
  F.Calls.push_back({"c:@S@App@F@late#", false, {}, false});
  U.Functions.push_back(F);
  UnitSummary Back;
  ASSERT_TRUE(unitSummaryFromJSON(toJSON(U), Back));
  ASSERT_EQ(Back.Functions.size(), 1u);
  EXPECT_TRUE(Back.Functions[0].StartsThreads);
  EXPECT_TRUE(Back.Functions[0].EntersLoop);
  ASSERT_EQ(Back.Functions[0].Calls.size(), 2u);
  EXPECT_TRUE(Back.Functions[0].Calls[0].BeforeThreads);
  EXPECT_FALSE(Back.Functions[0].Calls[1].BeforeThreads);
}

TEST(ProgramSummaryTest, StartUpCodeRunsBeforeThreads) {
  // main calls prepare (private) before anything starts a thread, then
  // spawn (which starts one), then late; run enters its loop and nothing
  // calls it: setup, which it calls first, is start-up code on its word.
  UnitSummary U;
  FunctionSummary Main = fn("main", "main");
  Main.Kind = CallerKind::Main;
  Main.Calls.push_back({"prepare", false, {}, true});
  Main.Calls.push_back({"spawn", false, {}, true});
  Main.Calls.push_back({"late", false, {}, true});
  FunctionSummary Spawn = fn("spawn", "spawn");
  Spawn.StartsThreads = true;
  FunctionSummary Prepare = fn("prepare", "Tool::prepare");
  Prepare.Internal = true;
  FunctionSummary Late = fn("late", "Tool::late");
  Late.Internal = true;
  FunctionSummary Run = fn("run", "App::run");
  Run.EntersLoop = Run.StartsThreads = true;
  Run.Calls.push_back({"setup", false, {}, true});
  FunctionSummary Setup = fn("setup", "App::setup");
  for (FunctionSummary *F : {&Main, &Spawn, &Prepare, &Late, &Run, &Setup})
    U.Functions.push_back(*F);
  ProgramGraph G;
  G.add(U, 0);
  G.finish();
  Finding P = pending("prepare"), L = pending("late"), S = pending("setup");
  EXPECT_FALSE(G.resolve(P));
  EXPECT_TRUE(G.resolve(L));
  EXPECT_EQ(L.Conf, Confidence::Medium);
  EXPECT_TRUE(G.resolve(S));
  EXPECT_EQ(S.Conf, Confidence::Low);
  EXPECT_TRUE(llvm::any_of(S.Evidence, [](const std::string &E) {
    return llvm::StringRef(E).starts_with(
        "start-up code: called only from 'App::run'");
  }));
}

TEST(ProgramSummaryTest, LoopHandlersAndTheirHelpersRunOnOneThread) {
  // start() hands onMessage to the loop; onMessage calls parse(); poll()
  // calls parse() too but from no loop; retry() is also called by a lambda.
  UnitSummary U;
  FunctionSummary Start = fn("start", "Conn::start");
  Start.OnLoop.emplace_back("onMessage", "handed to 'EventLoop::runInLoop'");
  Start.OnLoop.emplace_back("retry", "handed to 'EventLoop::runInLoop'");
  Start.LambdaCalls.push_back("retry");
  FunctionSummary OnMessage = fn("onMessage", "Conn::onMessage");
  OnMessage.Calls.push_back({"helper", false, {}});
  FunctionSummary Helper = fn("helper", "Conn::helper");
  FunctionSummary Poll = fn("poll", "Conn::poll");
  Poll.Calls.push_back({"shared", false, {}});
  OnMessage.Calls.push_back({"shared", false, {}});
  FunctionSummary Shared = fn("shared", "Conn::shared");
  FunctionSummary Retry = fn("retry", "Conn::retry");
  for (FunctionSummary *F :
       {&Start, &OnMessage, &Helper, &Poll, &Shared, &Retry})
    U.Functions.push_back(*F);
  ProgramGraph G;
  G.add(U, 0);
  G.finish();

  Finding M = pending("onMessage");
  ASSERT_TRUE(G.resolve(M));
  EXPECT_EQ(M.Conf, Confidence::Low);
  EXPECT_EQ(M.Evidence.back(),
            "runs on one thread: handed to 'EventLoop::runInLoop', which "
            "runs it on its event loop");
  Finding H = pending("helper");
  ASSERT_TRUE(G.resolve(H));
  EXPECT_EQ(H.Conf, Confidence::Low);
  EXPECT_EQ(H.Evidence.back(), "runs on one thread: called only from "
                               "'Conn::onMessage', which runs on one thread");
  for (const char *Still : {"shared", "retry", "poll"}) {
    Finding S = pending(Still);
    ASSERT_TRUE(G.resolve(S));
    EXPECT_EQ(S.Conf, Confidence::Medium) << Still;
  }
}

TEST(ProgramSummaryTest, OneGateAtEveryCallSiteExcludes) {
  UnitSummary U;
  FunctionSummary A = fn("a", "Q::push");
  A.Calls.push_back({"drain", true, {"gate:Q::running_"}});
  A.Calls.push_back({"refill", true, {"gate:Q::running_"}});
  FunctionSummary B = fn("b", "Q::kick");
  B.Calls.push_back({"drain", true, {"Q::other_mu_", "gate:Q::running_"}});
  B.Calls.push_back({"refill", true, {"gate:Q::busy_"}});
  U.Functions = {A, B, fn("drain", "Q::drain"), fn("refill", "Q::refill")};
  ProgramGraph G;
  G.add(U, 0);
  G.finish();
  Finding D = pending("drain");
  D.Pending->Locks = {"Q::mu_"};
  EXPECT_FALSE(G.resolve(D));
  Finding R = pending("refill");
  R.Pending->Locks = {"Q::mu_"};
  EXPECT_TRUE(G.resolve(R));
}

} // namespace
} // namespace cta
