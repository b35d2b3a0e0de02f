//===- RedisCommand.cpp - The words of a Redis command --------------------===//

#include "store/RedisCommand.h"
#include "llvm/ADT/StringExtras.h"

namespace cta {
namespace {

/// Fills the command's row and its flags once the words are known.
void classify(RedisCommandText &C) {
  if (C.Words.empty())
    return;
  C.Name = llvm::StringRef(C.Words.front().Text).upper();
  C.Info = redisCommand(C.Name);
  if (C.Name != "SET")
    return;
  for (size_t I = 3; I < C.Words.size(); ++I) {
    llvm::StringRef W = C.Words[I].Text;
    if (W.equals_insensitive("NX") || W.equals_insensitive("XX") ||
        W.equals_insensitive("GET"))
      C.Conditional = true;
  }
}

} // namespace

llvm::ArrayRef<RedisWord> RedisCommandText::element() const {
  if (!Info || Words.size() < 2)
    return {};
  size_t N = std::min<size_t>(Info->ElementWords, Words.size() - 1);
  return llvm::ArrayRef<RedisWord>(Words).slice(1, N);
}

RedisCommandText parseRedisFormat(llvm::StringRef Format) {
  RedisCommandText C;
  unsigned NextArg = 0;
  RedisWord Cur;
  bool InWord = false;
  auto Flush = [&] {
    if (InWord)
      C.Words.push_back(std::move(Cur));
    Cur = RedisWord();
    InWord = false;
  };
  for (size_t I = 0; I < Format.size(); ++I) {
    char Ch = Format[I];
    if (Ch == ' ' || Ch == '\t' || Ch == '\n') {
      Flush();
      continue;
    }
    InWord = true;
    if (Ch != '%' || I + 1 >= Format.size()) {
      Cur.Text += Ch;
      continue;
    }
    if (Format[I + 1] == '%') {
      Cur.Text += "%%";
      ++I;
      continue;
    }
    // A conversion: flags, width, precision, length, then its letter.
    size_t J = I + 1;
    while (J < Format.size() && llvm::StringRef("#0-+ ").contains(Format[J]))
      ++J;
    while (J < Format.size() && (llvm::isDigit(Format[J]) || Format[J] == '.'))
      ++J;
    while (J < Format.size() && llvm::StringRef("hlqzjtL").contains(Format[J]))
      ++J;
    if (J >= Format.size())
      break;
    Cur.Text += Format.slice(I, J + 1);
    Cur.Args.push_back(NextArg);
    // %b is a pointer and a length.
    NextArg += Format[J] == 'b' ? 2 : 1;
    I = J;
  }
  Flush();
  classify(C);
  return C;
}

RedisCommandText redisFromWords(llvm::ArrayRef<std::string> Words,
                                llvm::ArrayRef<bool> IsArg) {
  RedisCommandText C;
  for (size_t I = 0; I < Words.size(); ++I) {
    RedisWord W;
    if (I < IsArg.size() && IsArg[I]) {
      W.Text = "%s";
      W.Args.push_back(I);
    } else {
      W.Text = Words[I];
    }
    C.Words.push_back(std::move(W));
  }
  classify(C);
  return C;
}

} // namespace cta
