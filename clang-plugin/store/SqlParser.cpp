//===- SqlParser.cpp - The little of SQL that check-then-act needs --------===//

#include "store/SqlParser.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

namespace cta {
namespace {

struct Token {
  enum Kind { Word, Quoted, String, Number, Param, Punct } K;
  std::string Text; ///< Words lower-case; quoted identifiers as written.
  bool is(llvm::StringRef S) const {
    return (K == Word || K == Punct) && Text == S;
  }
  bool isName() const { return K == Word || K == Quoted; }
};

bool isIdentChar(char C) { return llvm::isAlnum(C) || C == '_' || C == '$'; }

std::vector<Token> tokenize(llvm::StringRef S) {
  std::vector<Token> Out;
  size_t I = 0;
  while (I < S.size()) {
    char C = S[I];
    if (llvm::isSpace(C)) {
      ++I;
      continue;
    }
    if (C == '-' && S.substr(I).starts_with("--")) {
      I = S.find('\n', I);
      if (I == llvm::StringRef::npos)
        break;
      continue;
    }
    if (C == '/' && S.substr(I).starts_with("/*")) {
      size_t E = S.find("*/", I + 2);
      I = E == llvm::StringRef::npos ? S.size() : E + 2;
      continue;
    }
    if (C == '\'' || C == '"' || C == '`') {
      size_t J = I + 1;
      std::string Text;
      while (J < S.size()) {
        if (S[J] == C && J + 1 < S.size() && S[J + 1] == C) {
          Text += C;
          J += 2;
          continue;
        }
        if (S[J] == C)
          break;
        Text += S[J++];
      }
      Out.push_back({C == '\'' ? Token::String : Token::Quoted,
                     C == '\'' ? Text : llvm::StringRef(Text).lower()});
      I = J + 1;
      continue;
    }
    if (llvm::isAlpha(C) || C == '_') {
      size_t J = I;
      while (J < S.size() && isIdentChar(S[J]))
        ++J;
      Out.push_back({Token::Word, S.slice(I, J).lower()});
      I = J;
      continue;
    }
    if (llvm::isDigit(C)) {
      size_t J = I;
      while (J < S.size() && (llvm::isAlnum(S[J]) || S[J] == '.'))
        ++J;
      Out.push_back({Token::Number, S.slice(I, J).str()});
      I = J;
      continue;
    }
    // Placeholders: $1, ?, ?1, :name, @name, and a format's %s.
    if ((C == '$' || C == '?' || C == ':' || C == '@' || C == '%') &&
        (C == '?' || (I + 1 < S.size() && isIdentChar(S[I + 1])))) {
      size_t J = I + 1;
      while (J < S.size() && isIdentChar(S[J]))
        ++J;
      Out.push_back({Token::Param, S.slice(I, J).str()});
      I = J;
      continue;
    }
    static const char *const Ops[] = {">=", "<=", "<>", "!=", "||", "::"};
    bool Two = false;
    for (const char *Op : Ops)
      if (S.substr(I).starts_with(Op)) {
        Out.push_back({Token::Punct, Op});
        I += 2;
        Two = true;
        break;
      }
    if (Two)
      continue;
    Out.push_back({Token::Punct, std::string(1, C)});
    ++I;
  }
  return Out;
}

const llvm::StringSet<> &keywords() {
  static const llvm::StringSet<> K = {
      "and",      "or",       "not",
      "null",     "is",       "in",
      "like",     "ilike",    "between",
      "true",     "false",    "exists",
      "select",   "from",     "where",
      "case",     "when",     "then",
      "else",     "end",      "any",
      "all",      "some",     "as",
      "distinct", "limit",    "order",
      "by",       "group",    "having",
      "escape",   "collate",  "current_timestamp",
      "now",      "interval", "excluded",
      "default"};
  return K;
}

/// A cursor over the tokens of one statement.
class Reader {
public:
  explicit Reader(std::vector<Token> T) : Toks(std::move(T)) {}

  bool done() const { return Pos >= Toks.size(); }
  const Token *peek(size_t Ahead = 0) const {
    return Pos + Ahead < Toks.size() ? &Toks[Pos + Ahead] : nullptr;
  }
  bool at(llvm::StringRef W, size_t Ahead = 0) const {
    const Token *T = peek(Ahead);
    return T && T->is(W);
  }
  bool accept(llvm::StringRef W) {
    if (!at(W))
      return false;
    ++Pos;
    return true;
  }
  /// A possibly qualified name: `public.users`, `"Users"`.
  std::string name() {
    std::string N;
    while (const Token *T = peek()) {
      if (!T->isName())
        break;
      N += T->Text;
      ++Pos;
      if (!at("."))
        break;
      N += ".";
      ++Pos;
    }
    return N;
  }
  /// Tokens up to (not including) one of \p Stops at depth 0, or the end.
  std::vector<Token> until(std::initializer_list<llvm::StringRef> Stops) {
    std::vector<Token> Out;
    int Depth = 0;
    while (const Token *T = peek()) {
      if (Depth == 0 && T->K == Token::Word &&
          llvm::is_contained(Stops, llvm::StringRef(T->Text)))
        break;
      if (T->is("("))
        ++Depth;
      if (T->is(")")) {
        if (Depth == 0)
          break;
        --Depth;
      }
      Out.push_back(*T);
      ++Pos;
    }
    return Out;
  }
  bool scan(llvm::StringRef A, llvm::StringRef B = {}) const {
    for (size_t I = Pos; I < Toks.size(); ++I)
      if (Toks[I].is(A) &&
          (B.empty() || (I + 1 < Toks.size() && Toks[I + 1].is(B))))
        return true;
    return false;
  }
  void skipParens() {
    if (!accept("("))
      return;
    int Depth = 1;
    while (!done() && Depth > 0) {
      if (at("("))
        ++Depth;
      if (at(")"))
        --Depth;
      ++Pos;
    }
  }

private:
  std::vector<Token> Toks;
  size_t Pos = 0;
};

/// Splits at \p Sep (a punctuation or a word) outside parentheses.
std::vector<std::vector<Token>> splitTop(const std::vector<Token> &Toks,
                                         llvm::StringRef Sep) {
  std::vector<std::vector<Token>> Out(1);
  int Depth = 0;
  for (const Token &T : Toks) {
    if (T.is("("))
      ++Depth;
    if (T.is(")"))
      --Depth;
    if (Depth == 0 && T.is(Sep)) {
      Out.emplace_back();
      continue;
    }
    Out.back().push_back(T);
  }
  if (Out.back().empty())
    Out.pop_back();
  return Out;
}

std::string lastPart(llvm::StringRef Qualified) {
  return Qualified.rsplit('.').second.empty()
             ? Qualified.str()
             : Qualified.rsplit('.').second.str();
}

void addUnique(std::vector<std::string> &V, std::string S) {
  if (!S.empty() && !llvm::is_contained(V, S))
    V.push_back(std::move(S));
}

/// The columns \p Toks mention: names not called and not keywords.
std::vector<std::string> columnsIn(const std::vector<Token> &Toks) {
  std::vector<std::string> Out;
  for (size_t I = 0; I < Toks.size(); ++I) {
    const Token &T = Toks[I];
    if (!T.isName() || (T.K == Token::Word && keywords().contains(T.Text)))
      continue;
    if (I + 1 < Toks.size() && Toks[I + 1].is("("))
      continue;
    if (I + 1 < Toks.size() && Toks[I + 1].is("."))
      continue; // the qualifier of `u.email`
    addUnique(Out, T.Text);
  }
  return Out;
}

void readWhere(Reader &R, SqlStatement &S) {
  if (!R.accept("where"))
    return;
  std::vector<Token> Clause =
      R.until({"order", "group", "limit", "for", "returning", "having",
               "offset", "union", "on"});
  S.WhereCols = columnsIn(Clause);
  for (const std::vector<Token> &C : splitTop(Clause, "and")) {
    // `col = x` or `x = col`, with `t.col` qualified.
    size_t Eq = 0;
    while (Eq < C.size() && !C[Eq].is("="))
      ++Eq;
    if (Eq == C.size())
      continue;
    std::vector<Token> L(C.begin(), C.begin() + Eq);
    std::vector<Token> Rt(C.begin() + Eq + 1, C.end());
    auto SingleName = [](const std::vector<Token> &Side) -> std::string {
      if (Side.size() == 1 && Side[0].isName() &&
          !keywords().contains(Side[0].Text))
        return Side[0].Text;
      if (Side.size() == 3 && Side[0].isName() && Side[1].is(".") &&
          Side[2].isName())
        return Side[2].Text;
      return {};
    };
    std::string Col = SingleName(L);
    if (Col.empty())
      Col = SingleName(Rt);
    addUnique(S.WhereEq, Col);
  }
}

void readSelect(Reader &R, SqlStatement &S) {
  S.K = SqlStatement::Select;
  R.accept("distinct");
  R.accept("all");
  std::vector<Token> List = R.until({"from"});
  for (const std::vector<Token> &Item : splitTop(List, ",")) {
    for (size_t I = 0; I + 1 < Item.size(); ++I)
      if ((Item[I].is("pg_advisory_lock") ||
           Item[I].is("pg_advisory_xact_lock")) &&
          Item[I + 1].is("("))
        S.AdvisoryLock = true;
    if (Item.size() == 1 && Item[0].is("*"))
      addUnique(S.Columns, "*");
    else if (Item.size() == 1 && Item[0].isName())
      addUnique(S.Columns, Item[0].Text);
    else if (Item.size() == 3 && Item[1].is(".") && Item[2].is("*"))
      addUnique(S.Columns, "*");
    else if (Item.size() == 3 && Item[1].is("."))
      addUnique(S.Columns, Item[2].Text);
    else if (Item.size() == 3 && Item[1].is("as") && Item[0].isName())
      addUnique(S.Columns, Item[0].Text);
  }
  if (!R.accept("from"))
    return;
  S.Table = R.name();
  R.until({"where", "order", "group", "limit", "for"});
  readWhere(R, S);
  S.ForUpdate =
      R.scan("for", "update") || R.scan("for", "share") || R.scan("for", "no");
}

void readInsert(Reader &R, SqlStatement &S, bool Replace) {
  S.K = SqlStatement::Insert;
  S.OnConflict = Replace;
  if (R.accept("or") && (R.accept("ignore") || R.accept("replace")))
    S.OnConflict = true;
  if (R.accept("ignore"))
    S.OnConflict = true;
  R.accept("into");
  S.Table = R.name();
  if (R.accept("as"))
    R.name();
  if (R.accept("(")) {
    for (const std::vector<Token> &Item : splitTop(R.until({}), ","))
      if (!Item.empty() && Item.back().isName())
        addUnique(S.Columns, Item.back().Text);
    R.accept(")");
  }
  if (R.scan("on", "conflict") || R.scan("on", "duplicate"))
    S.OnConflict = true;
  S.Returning = R.scan("returning");
}

void readUpdate(Reader &R, SqlStatement &S) {
  S.K = SqlStatement::Update;
  if (R.accept("or"))
    R.name();
  S.Table = R.name();
  if (!R.at("set"))
    R.name(); // an alias
  if (!R.accept("set"))
    return;
  std::vector<Token> List = R.until({"where", "from", "returning"});
  for (const std::vector<Token> &A : splitTop(List, ",")) {
    if (A.size() < 3 || !A[0].isName())
      continue;
    size_t Eq = A[1].is("=") ? 1 : (A.size() > 3 && A[3].is("=") ? 3 : 0);
    if (!Eq)
      continue;
    SqlStatement::Assignment As;
    As.Column = Eq == 1 ? A[0].Text : A[2].Text;
    for (size_t I = Eq + 1; I < A.size(); ++I)
      if (A[I].isName() && A[I].Text == As.Column)
        As.Relative = true;
    S.Sets.push_back(std::move(As));
  }
  R.until({"where", "returning"});
  readWhere(R, S);
  S.Returning = R.scan("returning");
}

void readBegin(Reader &R, SqlStatement &S) {
  S.WriteLockedBegin = R.scan("immediate") || R.scan("exclusive");
  S.Serializable = R.scan("serializable");
}

} // namespace

bool SqlStatement::whereMentions(llvm::StringRef Column) const {
  return llvm::is_contained(WhereCols, Column);
}

bool SqlStatement::reads(llvm::StringRef Column) const {
  return llvm::is_contained(Columns, "*") ||
         llvm::is_contained(Columns, Column);
}

SqlStatement parseSqlStatement(llvm::StringRef Text) {
  SqlStatement S;
  Reader R(tokenize(Text));
  if (R.accept("select"))
    readSelect(R, S);
  else if (R.accept("insert"))
    readInsert(R, S, /*Replace=*/false);
  else if (R.accept("replace"))
    readInsert(R, S, /*Replace=*/true);
  else if (R.accept("update"))
    readUpdate(R, S);
  else if (R.accept("delete")) {
    S.K = SqlStatement::Delete;
    R.accept("from");
    S.Table = R.name();
    R.until({"where"});
    readWhere(R, S);
    S.Returning = R.scan("returning");
  } else if (R.accept("begin") || (R.accept("start") && R.at("transaction"))) {
    S.K = SqlStatement::Begin;
    readBegin(R, S);
  } else if (R.accept("commit") || R.accept("end")) {
    S.K = SqlStatement::Commit;
  } else if (R.accept("rollback") || R.accept("abort")) {
    S.K = SqlStatement::Rollback;
  } else if (R.accept("set") && R.scan("transaction")) {
    S.K = SqlStatement::SetTransaction;
    readBegin(R, S);
  }
  return S;
}

std::vector<SqlStatement> parseSqlScript(llvm::StringRef Text) {
  std::vector<SqlStatement> Out;
  size_t Start = 0;
  char Quote = 0;
  for (size_t I = 0; I <= Text.size(); ++I) {
    char C = I < Text.size() ? Text[I] : ';';
    if (Quote) {
      if (C == Quote)
        Quote = 0;
      continue;
    }
    if (C == '\'' || C == '"') {
      Quote = C;
      continue;
    }
    if (C != ';')
      continue;
    llvm::StringRef One = Text.slice(Start, I).trim();
    if (!One.empty())
      Out.push_back(parseSqlStatement(One));
    Start = I + 1;
  }
  return Out;
}

SqlSchema SqlSchema::parse(llvm::StringRef Text) {
  SqlSchema Sch;
  for (llvm::StringRef One : llvm::split(Text, ';')) {
    Reader R(tokenize(One));
    if (!R.accept("create"))
      continue;
    if (R.accept("unique")) {
      if (!R.accept("index"))
        continue;
      if (R.accept("if") && R.accept("not"))
        R.accept("exists");
      if (!R.at("on"))
        R.name();
      if (!R.accept("on"))
        continue;
      std::string Table = R.name();
      if (!R.accept("("))
        continue;
      std::vector<std::string> Cols;
      for (const std::vector<Token> &Item : splitTop(R.until({}), ","))
        if (!Item.empty() && Item.front().isName())
          addUnique(Cols, Item.front().Text);
      Sch.Unique[Table].push_back(std::move(Cols));
      continue;
    }
    R.accept("temporary");
    R.accept("temp");
    if (!R.accept("table"))
      continue;
    if (R.accept("if") && R.accept("not"))
      R.accept("exists");
    std::string Table = R.name();
    if (!R.accept("("))
      continue;
    for (std::vector<Token> Item : splitTop(R.until({}), ",")) {
      if (Item.empty())
        continue;
      size_t I = 0;
      if (Item[0].is("constraint"))
        I = 2; // `CONSTRAINT name UNIQUE (...)`
      bool TableLevel =
          I < Item.size() && (Item[I].is("unique") || Item[I].is("primary"));
      std::vector<std::string> Cols;
      if (TableLevel) {
        size_t Open = I;
        while (Open < Item.size() && !Item[Open].is("("))
          ++Open;
        for (size_t J = Open + 1; J < Item.size() && !Item[J].is(")"); ++J)
          if (Item[J].isName())
            addUnique(Cols, Item[J].Text);
      } else if (Item[0].isName()) {
        for (size_t J = 1; J < Item.size(); ++J)
          if (Item[J].is("unique") ||
              (Item[J].is("primary") && J + 1 < Item.size() &&
               Item[J + 1].is("key")))
            Cols = {Item[0].Text};
      }
      if (!Cols.empty())
        Sch.Unique[Table].push_back(std::move(Cols));
    }
  }
  return Sch;
}

bool SqlSchema::isUnique(llvm::StringRef Table,
                         const std::vector<std::string> &Columns) const {
  auto It = Unique.find(Table.str());
  if (It == Unique.end())
    It = Unique.find(lastPart(Table));
  if (It == Unique.end())
    return false;
  for (const std::vector<std::string> &U : It->second)
    if (!U.empty() && llvm::all_of(U, [&](const std::string &C) {
          return llvm::is_contained(Columns, C);
        }))
      return true;
  return false;
}

} // namespace cta
