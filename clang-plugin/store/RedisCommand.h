//===- RedisCommand.h - The words of a Redis command ----------------------===//
//
/// \file
/// Reads the command a hiredis format spells (`"GET profile:%s"`): its
/// words, which format arguments each word consumes, and the command's row
/// in ModelTables. hiredis splits a format at spaces and substitutes each
/// conversion inside the word it appears in, so a word's identity is its
/// text together with the argument expressions it consumes
/// (docs/redis-check-then-act.md, "What is one key").
//
//===----------------------------------------------------------------------===//

#ifndef CTA_STORE_REDISCOMMAND_H
#define CTA_STORE_REDISCOMMAND_H

#include "ModelTables.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace cta {

struct RedisWord {
  std::string Text; ///< As written in the format: "profile:%s".
  /// The format arguments the word's conversions consume, counted from the
  /// first argument the format consumes.
  llvm::SmallVector<unsigned, 2> Args;
};

struct RedisCommandText {
  std::string Name;                       ///< Upper-case: "SET".
  std::vector<RedisWord> Words;           ///< All words, the name first.
  const RedisCommandInfo *Info = nullptr; ///< Null for commands cta ignores.
  /// SET with NX or XX, or with GET: decides and writes in one step.
  bool Conditional = false;
  /// The words that name the element (key, or key and member).
  llvm::ArrayRef<RedisWord> element() const;
};

/// Parses a hiredis format string. An empty format gives an empty Name.
RedisCommandText parseRedisFormat(llvm::StringRef Format);

/// Builds the command from literal argv words (`{"SET", key, "1"}`); a
/// word given as null is an argument the caller names by index.
RedisCommandText redisFromWords(llvm::ArrayRef<std::string> Words,
                                llvm::ArrayRef<bool> IsArg);

} // namespace cta

#endif // CTA_STORE_REDISCOMMAND_H
