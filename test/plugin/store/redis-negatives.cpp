// RUN: %clang_cta_real -fsyntax-only %s 2>&1 | %check_clean %s --implicit-check-not=cta-
//
// The atomic Redis forms cta-redis-check-then-act never flags, and pairs that
// are not one key or not one decision.

#include <cstdlib>
#include <hiredis/async.h>
#include <hiredis/hiredis.h>
#include <string>

redisContext *ctx;
void grant(const char *code);
void sendEmail(const char *user, const char *event);

// SET ... NX whose reply gates: the lock is taken or not, in one command.
bool lockNx(const char *name) {
  redisReply *r =
      (redisReply *)redisCommand(ctx, "SET lock:%s 1 NX PX 30000", name);
  bool ok = r->type == REDIS_REPLY_STATUS;
  freeReplyObject(r);
  return ok;
}

// get-or-set where the write is SET NX: the first writer wins atomically.
std::string cachedNx(const char *id, const char *fresh) {
  redisReply *r = (redisReply *)redisCommand(ctx, "GET profile:%s", id);
  if (r->type == REDIS_REPLY_STRING)
    return r->str;
  redisCommand(ctx, "SET profile:%s %s NX EX 60", id, fresh);
  return fresh;
}

// SETNX whose reply gates.
bool setnx(const char *name) {
  redisReply *r = (redisReply *)redisCommand(ctx, "EXISTS owner:%s", name);
  if (r->integer)
    return false;
  redisReply *w = (redisReply *)redisCommand(ctx, "SETNX owner:%s me", name);
  return w->integer == 1;
}

// INCR whose reply decides: count first, undo past the limit.
bool allowIncrFirst(const char *user) {
  redisReply *r = (redisReply *)redisCommand(ctx, "INCR quota:%s", user);
  if (r->integer > 100) {
    redisCommand(ctx, "DECR quota:%s", user);
    return false;
  }
  return true;
}

// A GET before, but the INCR's own reply gates again.
bool allowChecked(const char *user) {
  redisReply *r = (redisReply *)redisCommand(ctx, "GET quota:%s", user);
  if (r->str && std::atol(r->str) >= 100)
    return false;
  redisReply *n = (redisReply *)redisCommand(ctx, "INCR quota:%s", user);
  return n->integer <= 100;
}

// DEL whose reply decides who takes the coupon.
bool redeemDel(const char *code) {
  redisReply *r = (redisReply *)redisCommand(ctx, "EXISTS coupon:%s", code);
  if (r->integer == 1) {
    redisReply *d = (redisReply *)redisCommand(ctx, "DEL coupon:%s", code);
    if (d->integer == 1) {
      grant(code);
      return true;
    }
  }
  return false;
}

// GETDEL takes in one command.
void redeemGetDel(const char *code) {
  redisReply *r = (redisReply *)redisCommand(ctx, "GETDEL coupon:%s", code);
  if (r->type == REDIS_REPLY_STRING)
    grant(code);
}

// SISMEMBER as a fast path, SADD's reply gates the work.
void notifySaddGates(const char *user, const char *event) {
  redisReply *r = (redisReply *)redisCommand(ctx, "SISMEMBER notified:%s %s",
                                             user, event);
  if (r->integer == 1)
    return;
  redisReply *a =
      (redisReply *)redisCommand(ctx, "SADD notified:%s %s", user, event);
  if (a->integer == 1)
    sendEmail(user, event);
}

// WATCH, then MULTI/EXEC with EXEC's reply checked: EXEC fails on a change.
bool watched(const char *id, const char *v) {
  redisCommand(ctx, "WATCH profile:%s", id);
  redisReply *r = (redisReply *)redisCommand(ctx, "GET profile:%s", id);
  if (r->type != REDIS_REPLY_NIL) {
    redisCommand(ctx, "UNWATCH");
    return false;
  }
  redisCommand(ctx, "MULTI");
  redisCommand(ctx, "SET profile:%s %s", id, v);
  redisReply *e = (redisReply *)redisCommand(ctx, "EXEC");
  return e->type != REDIS_REPLY_NIL;
}

// One EVAL script checks and sets on the server.
void script(const char *id) {
  redisCommand(ctx,
               "EVAL %s 1 profile:%s",
               "if redis.call('EXISTS', KEYS[1]) == 0 then "
               "return redis.call('SET', KEYS[1], 'x') end",
               id);
}

// Two different key patterns are two keys.
void otherPattern(const char *id) {
  redisReply *r = (redisReply *)redisCommand(ctx, "GET a:%s", id);
  if (r->type == REDIS_REPLY_NIL)
    redisCommand(ctx, "SET b:%s 1", id);
}

// One pattern on two different arguments is two keys.
void otherArgument(const char *id, const char *other) {
  redisReply *r = (redisReply *)redisCommand(ctx, "GET profile:%s", id);
  if (r->type == REDIS_REPLY_NIL)
    redisCommand(ctx, "SET profile:%s 1", other);
}

// A reply nobody reads decides nothing.
void unread(const char *id) {
  freeReplyObject(redisCommand(ctx, "GET seen:%s", id));
  redisCommand(ctx, "SET seen:%s 1", id);
}

// Pipelined without reading the GET's reply first: the SET does not depend on it.
void pipelinedBlind(const char *id) {
  redisAppendCommand(ctx, "GET session:%s", id);
  redisAppendCommand(ctx, "SET session:%s fresh", id);
  redisReply *r = nullptr;
  redisGetReply(ctx, (void **)&r);
  redisGetReply(ctx, (void **)&r);
}

// A format the code builds at run time is not read.
void dynamicFormat(const std::string &fmt, const char *id) {
  redisReply *r = (redisReply *)redisCommand(ctx, fmt.c_str(), id);
  if (r->type == REDIS_REPLY_NIL)
    redisCommand(ctx, fmt.c_str(), id);
}

// The async API: the reply goes to a callback, the write is not decided here.
void onReply(redisAsyncContext *, void *, void *) {}
void asyncBlind(redisAsyncContext *ac, const char *id) {
  redisAsyncCommand(ac, onReply, nullptr, "GET profile:%s", id);
  redisAsyncCommand(ac, onReply, nullptr, "SET profile:%s 1", id);
}
