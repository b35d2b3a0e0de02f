//===- Common.h - Pieces shared by the rules
//-------------------------------===//

#ifndef CTA_RULES_COMMON_H
#define CTA_RULES_COMMON_H

#include "Rule.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace clang {
class IfStmt;
}

namespace cta {

class FindingBuilder;

/// `check-then-act race on shared 'm': 'find' then 'operator[]' without one
/// lock held across both`.
std::string raceMessage(const CheckActPair &P, const CheckEvent &C);

/// The message for double-checked locking on non-atomic state.
std::string dclMessage(const CheckActPair &P);

/// The advice for double-checked locking on non-atomic state.
std::string dclAdvice(const CheckActPair &P);

/// If the act is the only statement of an `if` without else whose whole
/// condition is the nearest check seeing "absent", returns that `if`:
/// the shape a fix-it can rewrite.
const clang::IfStmt *soleAbsentIf(const CheckActPair &P);

/// Returns true if one of the act's guards runs it when check \p C saw
/// \p O (not merely under an outcome the condition does not tell).
bool guardedWith(const CheckActPair &P, const CheckEvent &C, Outcome O);

/// For scalar state (lazy initialization): does the act initialize? A new
/// object, a factory call or a local built for it, or a flag set together
/// with other work; not a copied pointer, not a flag set alone.
bool initializesState(const CheckActPair &P);

/// The fix-it that drops a check the act makes on its own:
/// `if (m.find(k) == m.end()) m[k] = v;` → `m.try_emplace(k, v);` (with
/// \p SubscriptApi "try_emplace"; no subscript fix when it is empty) and
/// `if (!m.count(k)) m.insert({k, v});` → `m.insert({k, v});`. Only for the
/// act alone in an `if` on the nearest check seeing "absent", and only when
/// the act's value has no side effects (the bare call evaluates it even when
/// the key is present); with \p PureActArgs, the same holds for every
/// argument of an insert or emplace.
void addDropCheckFix(Finding &F, const CheckActPair &P, FindingBuilder &B,
                     llvm::StringRef SubscriptApi, bool PureActArgs);

/// A finding on store pair \p P (store/StorePairs.h): sites, function,
/// object (the key pattern or table), key, APIs, and the sharing phrase a
/// store has by nature.
Finding storeFinding(RuleId R, const StorePair &P, FindingBuilder &B,
                     std::string Message, std::string Replacement);

/// The character range of \p If including its then-statement's `;`.
clang::CharSourceRange ifStatementRange(const clang::IfStmt *If,
                                        const FindingBuilder &B);

} // namespace cta

#endif // CTA_RULES_COMMON_H
