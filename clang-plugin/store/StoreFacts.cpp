//===- StoreFacts.cpp - The commands a function sends to Redis and SQL ----===//

#include "store/StoreFacts.h"
#include "ContainerModel.h"
#include "facts/Identity.h"
#include "facts/Syntax.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace cta {

StoreFacts::StoreFacts() = default;
StoreFacts::~StoreFacts() = default;
StoreFacts::StoreFacts(StoreFacts &&) = default;

std::optional<std::string> literalText(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
    E = stripValue(E);
    if (const auto *SL = dyn_cast<StringLiteral>(E))
      return SL->getString().str();
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
        CE && CE->getNumArgs() >= 1) {
      E = CE->getArg(0);
      continue;
    }
    if (auto V = viewMemberCall(E);
        V && V->Base && (V->Name == "c_str" || V->Name == "data")) {
      E = V->Base;
      continue;
    }
    const auto *DRE = dyn_cast<DeclRefExpr>(E);
    const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (!VD || !VD->getInit())
      return std::nullopt;
    QualType T = VD->getType();
    bool ConstText =
        VD->isConstexpr() || T.isConstQualified() ||
        (T->isPointerType() && T->getPointeeType().isConstQualified()) ||
        T->isArrayType();
    if (!ConstText || isa<ParmVarDecl>(VD))
      return std::nullopt;
    E = VD->getInit();
  }
  return std::nullopt;
}

namespace {

/// The parameter \p E names (looking through `.c_str()` and conversions).
const ParmVarDecl *forwardedParam(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 4; ++Depth) {
    E = stripValue(E);
    if (auto V = viewMemberCall(E);
        V && V->Base && (V->Name == "c_str" || V->Name == "data")) {
      E = V->Base;
      continue;
    }
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
        CE && CE->getNumArgs() >= 1) {
      E = CE->getArg(0);
      continue;
    }
    break;
  }
  const auto *DRE = E ? dyn_cast<DeclRefExpr>(E) : nullptr;
  return DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
}

/// The explicit arguments of a call (without a member call's object).
llvm::SmallVector<const Expr *, 6> argsOf(const CallExpr *CE) {
  llvm::SmallVector<const Expr *, 6> Args;
  unsigned First = isa<CXXOperatorCallExpr>(CE) ? 1 : 0;
  for (unsigned I = First; I < CE->getNumArgs(); ++I)
    Args.push_back(CE->getArg(I));
  return Args;
}

template <class Fn> void forEachCall(const Stmt *S, Fn F, unsigned Depth = 0) {
  if (!S || Depth > 300)
    return;
  for (const Stmt *C : S->children())
    forEachCall(C, F, Depth + 1);
  if (const auto *CE = dyn_cast<CallExpr>(S))
    F(CE);
}

} // namespace

const StoreApiInfo *storeApiOf(const CallExpr *CE,
                               const StoreWrappers *Wrappers) {
  const FunctionDecl *FD = CE->getDirectCallee();
  if (!FD)
    return nullptr;
  if (Wrappers)
    if (const StoreApiInfo *W = Wrappers->wrapper(FD->getCanonicalDecl()))
      return W;
  if (!FD->getIdentifier())
    return nullptr;
  llvm::StringRef Name = FD->getName();
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  for (const StoreApiInfo &Row : storeApis()) {
    if (Row.Name != Name)
      continue;
    if (Row.Class.empty() && !MD && FD->isExternC())
      return &Row;
    if (Row.Class.empty() && !MD && !FD->getDeclContext()->isRecord())
      return &Row;
    if (!Row.Class.empty() && MD &&
        stableQualifiedName(MD->getParent()) == Row.Class)
      return &Row;
  }
  return nullptr;
}

StoreWrappers::StoreWrappers(ASTContext &Ctx,
                             llvm::ArrayRef<const FunctionDecl *> Functions) {
  // Two rounds: a wrapper of a wrapper is found in the second.
  for (int Round = 0; Round < 2; ++Round)
    for (const FunctionDecl *FD : Functions) {
      const FunctionDecl *Key = FD->getCanonicalDecl();
      if (Rows.count(Key) || !FD->getBody())
        continue;
      forEachCall(FD->getBody(), [&](const CallExpr *CE) {
        if (Rows.count(Key))
          return;
        const StoreApiInfo *Api = storeApiOf(CE, this);
        if (!Api || Api->Form == CommandForm::FetchReply ||
            Api->Form == CommandForm::RunPrepared ||
            Api->Form == CommandForm::Argv)
          return;
        llvm::SmallVector<const Expr *, 6> Args = argsOf(CE);
        if (Api->TextArg >= Args.size())
          return;
        const ParmVarDecl *P = forwardedParam(Args[Api->TextArg]);
        if (!P || P->getDeclContext() != FD)
          return;
        StoreApiInfo Row = *Api;
        Names.push_back(FD->getNameAsString());
        Row.Name = Names.back();
        Row.Class = "";
        Row.TextArg = P->getFunctionScopeIndex();
        Row.HandleArg = -1;
        Row.OutArg = -1;
        Row.ValueIsReply = !FD->getReturnType()->isVoidType();
        if (Api->Form == CommandForm::Format ||
            Api->Form == CommandForm::AsyncFormat ||
            Api->Form == CommandForm::VaFormat) {
          // The wrapper's own variadic arguments, or none.
          if (Api->Form == CommandForm::VaFormat)
            Row.Form = CommandForm::Format;
          Row.FirstArg = FD->getNumParams();
        }
        if (Api->Form == CommandForm::Prepare)
          return;
        Rows[Key] = Row;
      });
    }
}

const StoreApiInfo *StoreWrappers::wrapper(const FunctionDecl *FD) const {
  auto It = Rows.find(FD);
  return It == Rows.end() ? nullptr : &It->second;
}

bool StoreFacts::mentions(const Stmt *E, unsigned I, unsigned Depth) const {
  // Generated code nests deeper than any condition cta reads.
  if (!E || Depth > 200)
    return false;
  if (E == Ops[I].Call || E == Ops[I].Answer)
    return true;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (Taint[I].count(VD))
        return true;
  for (const Stmt *C : E->children())
    if (mentions(C, I, Depth + 1))
      return true;
  return false;
}

bool StoreFacts::decides(const Stmt *E, unsigned I, unsigned Depth) const {
  if (!E || Depth > 200 || FailureTests[I].count(E))
    return false;
  if (E == Ops[I].Call || E == Ops[I].Answer)
    return true;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (Taint[I].count(VD) && !FailureOnly[I].count(VD))
        return true;
  for (const Stmt *C : E->children())
    if (decides(C, I, Depth + 1))
      return true;
  return false;
}

namespace {

/// The walk over one body: commands in source order, then the flows of
/// their answers.
class StoreWalk {
public:
  StoreWalk(ASTContext &Ctx, const StoreWrappers &W, StoreFacts &F)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Wrappers(W), F(F) {}

  void run(const Stmt *Body) {
    F.Body = Body;
    walk(Body, 0);
    // Most functions send nothing to a store: nothing more to read.
    if (F.Ops.empty())
      return;
    F.Parents = std::make_unique<ParentMap>(const_cast<Stmt *>(Body));
    computeTaint(Body);
    computeFailureTests(Body);
    computeGates(Body);
    for (StoreOp &Op : F.Ops)
      Op.InRetry = inRetry(Op.Call);
  }

private:
  unsigned offsetOf(const Stmt *S) const {
    return SM.getFileOffset(SM.getExpansionLoc(S->getBeginLoc()));
  }

  void walk(const Stmt *S, unsigned Depth) {
    if (!S || Depth > 300)
      return;
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          noteSerializableType(VD);
    for (const Stmt *C : S->children())
      walk(C, Depth + 1);
    if (const auto *CE = dyn_cast<CallExpr>(S))
      call(CE);
  }

  /// `pqxx::transaction<pqxx::isolation_level::serializable> tx(conn);`
  void noteSerializableType(const VarDecl *VD) {
    std::string T = VD->getType().getAsString();
    if (llvm::StringRef(T).contains("pqxx::") &&
        llvm::StringRef(T).contains("serializable"))
      F.SerializableAt.push_back(
          SM.getFileOffset(SM.getExpansionLoc(VD->getBeginLoc())));
  }

  const VarDecl *varOf(const Expr *E) const {
    E = stripValue(E);
    if (const auto *UO = dyn_cast_or_null<UnaryOperator>(E);
        UO && UO->getOpcode() == UO_AddrOf)
      E = stripValue(UO->getSubExpr());
    if (const auto *CE = dyn_cast_or_null<CStyleCastExpr>(E))
      return varOf(CE->getSubExpr());
    const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E);
    return DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  }

  void addVars(const Expr *E, llvm::SmallVectorImpl<const VarDecl *> &Out) {
    collectVars(E, Out);
  }

  void call(const CallExpr *CE) {
    const FunctionDecl *Callee = CE->getDirectCallee();
    if (Callee && Callee->getIdentifier() &&
        Callee->getName().starts_with("sqlite3_bind_") && CE->getNumArgs() >= 3)
      if (const VarDecl *Stmt = varOf(CE->getArg(0)))
        collectVars(CE->getArg(2), Bound[Stmt]);
    const StoreApiInfo *Api = storeApiOf(CE, &Wrappers);
    if (!Api)
      return;
    llvm::SmallVector<const Expr *, 6> Args = argsOf(CE);
    auto Arg = [&](int I) -> const Expr * {
      return I >= 0 && static_cast<unsigned>(I) < Args.size() ? Args[I]
                                                              : nullptr;
    };
    switch (Api->Form) {
    case CommandForm::FetchReply: {
      if (Pending.empty())
        return;
      unsigned Op = Pending.front();
      Pending.pop_front();
      if (const VarDecl *VD = varOf(Arg(Api->HandleArg)))
        F.Ops[Op].AnswerVars.push_back(VD);
      return;
    }
    case CommandForm::Prepare: {
      std::optional<std::string> Text = literalText(Arg(Api->TextArg));
      if (!Text)
        return;
      if (const VarDecl *VD = varOf(Arg(Api->HandleArg)))
        PreparedVars[VD] = *Text;
      else if (auto Name = literalText(Arg(Api->HandleArg)))
        PreparedNames[*Name] = *Text;
      return;
    }
    case CommandForm::RunPrepared: {
      const Expr *H = Arg(Api->HandleArg);
      std::string Text;
      llvm::SmallVector<const VarDecl *, 4> Values;
      if (const VarDecl *VD = varOf(H); VD && PreparedVars.count(VD)) {
        Text = PreparedVars[VD];
        Values = Bound[VD];
      } else if (auto Name = literalText(H);
                 Name && PreparedNames.count(*Name)) {
        Text = PreparedNames[*Name];
        for (unsigned I = Api->HandleArg + 1; I < Args.size(); ++I)
          collectVars(Args[I], Values);
      } else {
        return;
      }
      size_t First = F.Ops.size();
      addSql(CE, *Api, Text, Values);
      // sqlite3_column_* read the row through the statement handle.
      if (const VarDecl *VD = varOf(H))
        for (size_t I = First; I < F.Ops.size(); ++I)
          F.Ops[I].AnswerVars.push_back(VD);
      return;
    }
    case CommandForm::Text: {
      std::optional<std::string> Text = literalText(Arg(Api->TextArg));
      if (!Text)
        return;
      llvm::SmallVector<const VarDecl *, 4> Values;
      for (unsigned I = Api->TextArg + 1; I < Args.size(); ++I)
        collectVars(Args[I], Values);
      if (Api->Store == StoreKind::Sql)
        addSql(CE, *Api, *Text, Values);
      return;
    }
    case CommandForm::Format:
    case CommandForm::AsyncFormat:
    case CommandForm::VaFormat: {
      std::optional<std::string> Text = literalText(Arg(Api->TextArg));
      if (!Text || Api->Form == CommandForm::VaFormat)
        return;
      llvm::SmallVector<const Expr *, 4> FormatArgs;
      for (unsigned I = Api->FirstArg; I < Args.size(); ++I)
        FormatArgs.push_back(Args[I]);
      if (Api->Store == StoreKind::Redis)
        addRedis(CE, *Api, *Text, parseRedisFormat(*Text), FormatArgs);
      else
        addSql(CE, *Api, *Text, {});
      return;
    }
    case CommandForm::Argv: {
      const VarDecl *VD = varOf(Arg(Api->TextArg));
      const auto *IL =
          VD && VD->getInit() ? dyn_cast<InitListExpr>(VD->getInit()) : nullptr;
      if (!IL)
        return;
      std::vector<std::string> Words;
      llvm::SmallVector<bool, 4> IsArg;
      llvm::SmallVector<const Expr *, 4> WordExprs;
      for (const Expr *Init : IL->inits()) {
        std::optional<std::string> W = literalText(Init);
        Words.push_back(W ? *W : std::string());
        IsArg.push_back(!W);
        WordExprs.push_back(Init);
      }
      std::string Text = llvm::join(Words, " ");
      addRedis(CE, *Api, Text, redisFromWords(Words, IsArg), WordExprs);
      return;
    }
    }
  }

  StoreOp &newOp(const CallExpr *CE, const StoreApiInfo &Api,
                 llvm::StringRef Text) {
    StoreOp Op;
    Op.Store = Api.Store;
    Op.Call = CE;
    Op.Offset = offsetOf(CE);
    Op.Api = Api.Name.str();
    Op.Text = Text.str();
    if (Api.ValueIsReply)
      Op.Answer = CE;
    llvm::SmallVector<const Expr *, 6> Args = argsOf(CE);
    if (Api.OutArg >= 0 && static_cast<unsigned>(Api.OutArg) < Args.size())
      if (const VarDecl *VD = varOf(Args[Api.OutArg]))
        Op.AnswerVars.push_back(VD);
    F.Ops.push_back(std::move(Op));
    // An appended command's reply is the next redisGetReply's.
    if (!Api.ValueIsReply && Api.Store == StoreKind::Redis &&
        Api.Form != CommandForm::AsyncFormat)
      Pending.push_back(F.Ops.size() - 1);
    return F.Ops.back();
  }

  void addRedis(const CallExpr *CE, const StoreApiInfo &Api,
                llvm::StringRef Text, RedisCommandText Cmd,
                llvm::ArrayRef<const Expr *> ArgExprs) {
    if (!Cmd.Info)
      return;
    StoreOp &Op = newOp(CE, Api, Text);
    llvm::SmallVector<std::string, 2> Ids, Spelled;
    for (const RedisWord &W : Cmd.element()) {
      std::string Id = W.Text;
      for (unsigned A : W.Args) {
        if (A >= ArgExprs.size()) {
          Id += "{?}";
          continue;
        }
        std::string C = canonicalId(ArgExprs[A], Ctx);
        // An argument without identity is a key of its own.
        Id += "{" + (C.empty() ? "#" + std::to_string(Op.Offset) : C) + "}";
        Spelled.push_back(spellingOf(ArgExprs[A], Ctx));
      }
      Ids.push_back(Id);
    }
    for (const Expr *A : ArgExprs)
      collectVars(A, Op.ValueVars);
    Op.ElementId = llvm::join(Ids, " ");
    if (!Cmd.element().empty())
      Op.Object = Cmd.element().front().Text;
    Op.Key = llvm::join(Spelled, ", ");
    Op.Redis = std::move(Cmd);
  }

  void addSql(const CallExpr *CE, const StoreApiInfo &Api, llvm::StringRef Text,
              llvm::ArrayRef<const VarDecl *> Values) {
    for (SqlStatement &S : parseSqlScript(Text)) {
      if (S.K == SqlStatement::Unknown)
        continue;
      StoreOp &Op = newOp(CE, Api, Text);
      if (S.Serializable)
        F.SerializableAt.push_back(Op.Offset);
      Op.ValueVars.append(Values.begin(), Values.end());
      Op.ElementId = S.Table;
      Op.Object = S.Table;
      Op.Key = llvm::join(S.WhereEq, ", ");
      Op.Sql = std::move(S);
    }
  }

  /// Variables whose value comes from a command's answer, transitively:
  /// `redisReply *r = redisCommand(...)`, `bool hit = r->type != NIL`,
  /// `int credits = row[0].as<int>()`.
  void computeTaint(const Stmt *Body) {
    std::vector<std::pair<const Expr *, const VarDecl *>> Flows;
    collectFlows(Body, Flows, 0);
    F.Taint.resize(F.Ops.size());
    for (unsigned I = 0; I < F.Ops.size(); ++I) {
      auto &T = F.Taint[I];
      T.insert(F.Ops[I].AnswerVars.begin(), F.Ops[I].AnswerVars.end());
      for (bool Changed = true; Changed;) {
        Changed = false;
        for (const auto &[From, To] : Flows)
          if (!T.count(To) && F.mentions(From, I)) {
            T.insert(To);
            Changed = true;
          }
      }
    }
  }

  /// The constant \p E spells (`REDIS_REPLY_ERROR`, `SQLITE_OK`), as
  /// written: hiredis's and sqlite3's constants are macros.
  std::string spelledConstant(const Expr *E) const {
    E = E->IgnoreParenImpCasts();
    if (!isa<IntegerLiteral>(E) && !isa<DeclRefExpr>(E))
      return "";
    return Lexer::getSourceText(
               CharSourceRange::getTokenRange(
                   SM.getExpansionRange(E->getSourceRange()).getAsRange()),
               SM, Ctx.getLangOpts())
        .str();
  }

  /// Is \p E op \p I's reply pointer itself: the call (through casts) or a
  /// variable holding it (`redisReply *r = (redisReply *)redisCommand(...)`,
  /// `PGresult *res = PQexec(...)`)?
  bool
  isReplyPointer(const Expr *E, unsigned I,
                 const llvm::SmallPtrSetImpl<const VarDecl *> &Reply) const {
    if (!E || !E->getType()->isPointerType())
      return false;
    E = E->IgnoreParenCasts();
    if (E == F.Ops[I].Call || E == F.Ops[I].Answer)
      return true;
    const VarDecl *VD = varOf(E);
    return VD && Reply.count(VD);
  }

  /// A test that only asks whether op \p I failed, or null.
  bool
  isFailureTest(const Stmt *S, unsigned I,
                const llvm::SmallPtrSetImpl<const VarDecl *> &Reply) const {
    const StoreOp &Op = F.Ops[I];
    // `if (r)`, `!r`, `r && ...`: a reply pointer is null only on failure.
    if (const auto *IC = dyn_cast<ImplicitCastExpr>(S))
      return IC->getCastKind() == CK_PointerToBoolean &&
             isReplyPointer(IC->getSubExpr(), I, Reply);
    if (const auto *CE = dyn_cast<CallExpr>(S)) {
      const FunctionDecl *FD = CE->getDirectCallee();
      return FD && FD->getIdentifier() &&
             llvm::is_contained(resultStatusFunctions(), FD->getName()) &&
             llvm::any_of(CE->arguments(),
                          [&](const Expr *A) { return F.mentions(A, I); });
    }
    const auto *BO = dyn_cast<BinaryOperator>(S);
    if (!BO || !BO->isEqualityOp())
      return false;
    for (int Side = 0; Side < 2; ++Side) {
      const Expr *Mine = Side ? BO->getRHS() : BO->getLHS();
      const Expr *Other = Side ? BO->getLHS() : BO->getRHS();
      // `r == nullptr`, `r != NULL`.
      if (isReplyPointer(Mine, I, Reply) &&
          Other->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
        return true;
      std::string K = spelledConstant(Other);
      if (K.empty() || !F.mentions(Mine, I))
        continue;
      // `r->type == REDIS_REPLY_ERROR`.
      if (const auto *ME = dyn_cast<MemberExpr>(Mine->IgnoreParenImpCasts());
          ME && ME->getMemberDecl()->getName() == "type" &&
          isReplyPointer(ME->getBase(), I, Reply) && K == "REDIS_REPLY_ERROR")
        return true;
      // `rc != SQLITE_OK`: every result code but a row or the end of one.
      if (llvm::StringRef(Op.Api).starts_with("sqlite3_") &&
          llvm::StringRef(K).starts_with("SQLITE_") && K != "SQLITE_ROW" &&
          K != "SQLITE_DONE")
        return true;
    }
    return false;
  }

  void collectFailureTests(const Stmt *S, unsigned I,
                           const llvm::SmallPtrSetImpl<const VarDecl *> &Reply,
                           unsigned Depth) {
    if (!S || Depth > 300)
      return;
    if (isFailureTest(S, I, Reply)) {
      F.FailureTests[I].insert(S);
      return;
    }
    for (const Stmt *C : S->children())
      collectFailureTests(C, I, Reply, Depth + 1);
  }

  /// The tests of each op's answer that only ask whether it failed, and the
  /// variables that only hold such a test (`bool failed = !r;`).
  void computeFailureTests(const Stmt *Body) {
    std::vector<std::pair<const Expr *, const VarDecl *>> Flows;
    collectFlows(Body, Flows, 0);
    F.FailureTests.resize(F.Ops.size());
    F.FailureOnly.resize(F.Ops.size());
    for (unsigned I = 0; I < F.Ops.size(); ++I) {
      // The reply pointer and its copies.
      llvm::SmallPtrSet<const VarDecl *, 4> Reply;
      for (const VarDecl *VD : F.Ops[I].AnswerVars)
        if (VD->getType()->isPointerType())
          Reply.insert(VD);
      for (bool Changed = true; Changed;) {
        Changed = false;
        for (const auto &[From, To] : Flows)
          if (!Reply.count(To) && isReplyPointer(From, I, Reply) &&
              To->getType()->isPointerType()) {
            Reply.insert(To);
            Changed = true;
          }
      }
      collectFailureTests(Body, I, Reply, 0);
      for (bool Changed = true; Changed;) {
        Changed = false;
        for (const VarDecl *VD : F.Taint[I]) {
          if (F.FailureOnly[I].count(VD) || Reply.count(VD) ||
              llvm::is_contained(F.Ops[I].AnswerVars, VD))
            continue;
          bool Only = llvm::all_of(Flows, [&](const auto &Flow) {
            return Flow.second != VD || !F.decides(Flow.first, I);
          });
          if (Only) {
            F.FailureOnly[I].insert(VD);
            Changed = true;
          }
        }
      }
    }
  }

  void collectFlows(const Stmt *S,
                    std::vector<std::pair<const Expr *, const VarDecl *>> &Out,
                    unsigned Depth) {
    if (!S || Depth > 300)
      return;
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D); VD && VD->getInit())
          Out.emplace_back(VD->getInit(), VD);
    if (const auto *BO = dyn_cast<BinaryOperator>(S);
        BO && BO->isAssignmentOp())
      if (const VarDecl *VD = varOf(BO->getLHS()))
        Out.emplace_back(BO->getRHS(), VD);
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(S);
        OC && OC->isAssignmentOp() && OC->getNumArgs() == 2)
      if (const VarDecl *VD = varOf(OC->getArg(0)))
        Out.emplace_back(OC->getArg(1), VD);
    for (const Stmt *C : S->children())
      collectFlows(C, Out, Depth + 1);
  }

  /// A command gates when a condition, or a return to the caller, reads its
  /// answer; an affected-row function in a condition reads the answer of
  /// the SQL command before it.
  void computeGates(const Stmt *Body) {
    llvm::SmallVector<const Expr *, 16> Conds;
    collectConditions(Body, Conds, 0);
    for (const Expr *C : Conds) {
      for (unsigned I = 0; I < F.Ops.size(); ++I)
        if (!F.Ops[I].Gates && F.decides(C, I))
          F.Ops[I].Gates = true;
      if (!readsAffectedRows(C, 0))
        continue;
      unsigned At = offsetOf(C);
      for (unsigned I = F.Ops.size(); I-- > 0;)
        if (F.Ops[I].Store == StoreKind::Sql && F.Ops[I].Offset < At) {
          F.Ops[I].Gates = true;
          break;
        }
    }
  }

  bool readsAffectedRows(const Stmt *S, unsigned Depth) const {
    if (!S || Depth > 100)
      return false;
    if (const auto *CE = dyn_cast<CallExpr>(S))
      if (const FunctionDecl *FD = CE->getDirectCallee();
          FD && FD->getIdentifier() &&
          llvm::is_contained(affectedRowFunctions(), FD->getName()))
        return true;
    for (const Stmt *C : S->children())
      if (readsAffectedRows(C, Depth + 1))
        return true;
    return false;
  }

  void collectConditions(const Stmt *S,
                         llvm::SmallVectorImpl<const Expr *> &Out,
                         unsigned Depth) {
    if (!S || Depth > 300)
      return;
    if (const auto *If = dyn_cast<IfStmt>(S))
      Out.push_back(If->getCond());
    else if (const auto *W = dyn_cast<WhileStmt>(S))
      Out.push_back(W->getCond());
    else if (const auto *Do = dyn_cast<DoStmt>(S))
      Out.push_back(Do->getCond());
    else if (const auto *For = dyn_cast<ForStmt>(S); For && For->getCond())
      Out.push_back(For->getCond());
    else if (const auto *Sw = dyn_cast<SwitchStmt>(S))
      Out.push_back(Sw->getCond());
    else if (const auto *CO = dyn_cast<AbstractConditionalOperator>(S))
      Out.push_back(CO->getCond());
    else if (const auto *BO = dyn_cast<BinaryOperator>(S);
             BO && BO->isLogicalOp())
      Out.push_back(BO->getLHS());
    else if (const auto *R = dyn_cast<ReturnStmt>(S); R && R->getRetValue())
      Out.push_back(R->getRetValue());
    for (const Stmt *C : S->children())
      collectConditions(C, Out, Depth + 1);
  }

  bool inRetry(const Stmt *S) const {
    for (const Stmt *P = F.Parents->getParent(S); P;
         P = F.Parents->getParent(P))
      if (isa<WhileStmt>(P) || isa<ForStmt>(P) || isa<DoStmt>(P) ||
          isa<CXXTryStmt>(P) || isa<CXXForRangeStmt>(P))
        return true;
    return false;
  }

  ASTContext &Ctx;
  const SourceManager &SM;
  const StoreWrappers &Wrappers;
  StoreFacts &F;
  std::map<std::string, std::string> PreparedNames;
  llvm::DenseMap<const VarDecl *, std::string> PreparedVars;
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<const VarDecl *, 4>> Bound;
  std::deque<unsigned> Pending; ///< Appended commands awaiting a reply.
};

} // namespace

StoreFacts buildStoreFacts(const Stmt *Body, const FunctionDecl *FD,
                           ASTContext &Ctx, const StoreWrappers &Wrappers) {
  StoreFacts F;
  if (!Body)
    return F;
  StoreWalk W(Ctx, Wrappers, F);
  W.run(Body);
  return F;
}

} // namespace cta
