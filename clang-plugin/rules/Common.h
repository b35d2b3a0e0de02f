//===- Common.h - Pieces shared by the rules -------------------------------===//

#ifndef CTA_RULES_COMMON_H
#define CTA_RULES_COMMON_H

#include "Rule.h"
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

/// The character range of \p If including its then-statement's `;`.
clang::CharSourceRange ifStatementRange(const clang::IfStmt *If,
                                        const FindingBuilder &B);

} // namespace cta

#endif // CTA_RULES_COMMON_H
