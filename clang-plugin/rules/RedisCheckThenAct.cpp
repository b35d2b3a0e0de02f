//===- RedisCheckThenAct.cpp - cta-redis-check-then-act -------------------===//

#include "RedisCheckThenAct.h"
#include "../store/StorePairs.h"
#include "Common.h"

namespace cta {
namespace {

/// The element as the replacement command names it: `seen:%s %s`.
std::string elementText(const StoreOp &Op) {
  std::string S;
  for (const RedisWord &W : Op.Redis.element())
    S += (S.empty() ? "" : " ") + W.Text;
  return S;
}

} // namespace

std::optional<Finding> RedisCheckThenActRule::match(const StorePair &P,
                                                    FindingBuilder &B) {
  if (P.Act.Store != StoreKind::Redis)
    return std::nullopt;
  const std::string &Check = P.Check.Redis.Name, &Act = P.Act.Redis.Name;
  std::string Key = P.Act.Object, Element = elementText(P.Act);
  std::string Tail, Advice;
  switch (P.Act.Redis.Info->Effect) {
  case StoreEffect::Count:
    Tail = "two processes can both pass the check and both count past it";
    Advice = "use '" + Act + " " + Element +
             "' alone and let the value it returns decide (undo it past the "
             "limit), or one 'EVAL' script that checks and counts";
    break;
  case StoreEffect::Take:
    Tail = "two processes can both see the key and both take it";
    Advice = P.Act.Redis.Info->ElementWords == 1
                 ? "use 'GETDEL " + Key + "', or '" + Act + " " + Element +
                       "' alone and go on only if it returns 1"
                 : "use '" + Act + " " + Element +
                       "' alone and go on only if it returns 1";
    break;
  case StoreEffect::AddMember:
    Tail = "two processes can both see the member absent and both run the "
           "work meant to run once";
    Advice = "use '" + Act + " " + Element +
             "' alone and run the work only if it returns 1";
    break;
  case StoreEffect::Set:
  case StoreEffect::None:
    if (P.ByValue && !P.Guarded && P.Act.Redis.Info->ElementWords == 1) {
      // A value computed from the reply: a read-modify-write.
      Tail = "two processes can both read the same value and one write is "
             "lost";
      Advice = "use 'INCRBY " + Key + " <delta>' (one command), or 'WATCH " +
               Key +
               "' before the GET and 'MULTI'/'EXEC' around the SET with "
               "EXEC's reply checked";
      break;
    }
    Tail = Check == "EXISTS" || Check == "HEXISTS" || Check == "SISMEMBER"
               ? "two processes can both see it absent and both set it"
               : "two processes can both act on the same reply and both set "
                 "it";
    Advice = P.Act.Redis.Info->ElementWords == 1
                 ? "use 'SET " + Key +
                       " <value> NX PX <ms>' and let its reply decide: OK "
                       "means this process set it, nil that another was first"
                 : "use 'HSETNX " + Element +
                       " <value>' and let its reply decide: 1 means this "
                       "process set it";
    break;
  }
  std::string Message = "check-then-act race on shared Redis key '" + Key +
                        "': '" + Check + "' then '" + Act +
                        "' in two commands; " + Tail;
  return storeFinding(id(), P, B, std::move(Message), std::move(Advice));
}

} // namespace cta
