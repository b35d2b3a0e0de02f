// RUN: %clang_cta_real -fsyntax-only %s 2>&1 | %check_strict %s
//
// cta-redis-check-then-act against the real hiredis header: a read whose reply
// decides a later write of the same key, in two commands. Each function here is
// one race; the atomic forms are in redis-negatives.cpp.

#include <cstdarg>
#include <cstdlib>
#include <hiredis/hiredis.h>
#include <string>

redisContext *ctx;
std::string loadProfile(const char *id);
void grant(const char *code);
void sendEmail(const char *user, const char *event);

// get-or-set: a miss, then SET. Two processes both miss and both load and set.
std::string profile(const char *id) {
  redisReply *r = (redisReply *)redisCommand(ctx, "GET profile:%s", id);
  if (r->type == REDIS_REPLY_STRING) {
    std::string v = r->str;
    freeReplyObject(r);
    return v;
  }
  freeReplyObject(r);
  std::string v = loadProfile(id);
  redisCommand(ctx, "SET profile:%s %s", id, v.c_str());
  // CHECK: :[[@LINE-9]]:33: warning: check-then-act race on shared Redis key 'profile:%s': 'GET' then 'SET' in two commands; two processes can both act on the same reply and both set it [cta-redis-check-then-act]
  // CHECK-NEXT: :[[@LINE-10]]:33: note: check of 'profile:%s' here; shared because a Redis key is shared by every process connected to the server (high confidence)
  // CHECK-NEXT: :[[@LINE-3]]:3: note: act on 'profile:%s' here
  // CHECK-NEXT: :[[@LINE-4]]:3: note: use 'SET profile:%s <value> NX PX <ms>' and let its reply decide: OK means this process set it, nil that another was first
  return v;
}

// A lock: EXISTS, then SET. Both see it free, both take it.
bool acquire(const char *name) {
  redisReply *r = (redisReply *)redisCommand(ctx, "EXISTS lock:%s", name);
  bool held = r->integer == 1;
  freeReplyObject(r);
  if (held)
    return false;
  redisCommand(ctx, "SET lock:%s 1 PX 30000", name);
  // CHECK: :[[@LINE-6]]:33: warning: check-then-act race on shared Redis key 'lock:%s': 'EXISTS' then 'SET' in two commands; two processes can both see it absent and both set it [cta-redis-check-then-act]
  // CHECK-NEXT: :[[@LINE-7]]:33: note: check of 'lock:%s' here; shared because a Redis key is shared by every process connected to the server (high confidence)
  // CHECK-NEXT: :[[@LINE-3]]:3: note: act on 'lock:%s' here
  // CHECK-NEXT: :[[@LINE-4]]:3: note: use 'SET lock:%s <value> NX PX <ms>' and let its reply decide: OK means this process set it, nil that another was first
  return true;
}

// A limit: GET the counter, compare, INCR. Both pass at 99.
bool allow(const char *user) {
  redisReply *r = (redisReply *)redisCommand(ctx, "GET quota:%s", user);
  long n = r->str ? std::atol(r->str) : 0;
  freeReplyObject(r);
  if (n >= 100)
    return false;
  redisCommand(ctx, "INCR quota:%s", user);
  // CHECK: :[[@LINE-6]]:33: warning: check-then-act race on shared Redis key 'quota:%s': 'GET' then 'INCR' in two commands; two processes can both pass the check and both count past it [cta-redis-check-then-act]
  // CHECK-NEXT: :[[@LINE-7]]:33: note: check of 'quota:%s' here; shared because a Redis key is shared by every process connected to the server (high confidence)
  // CHECK-NEXT: :[[@LINE-3]]:3: note: act on 'quota:%s' here
  // CHECK-NEXT: :[[@LINE-4]]:3: note: use 'INCR quota:%s' alone and let the value it returns decide (undo it past the limit), or one 'EVAL' script that checks and counts
  return true;
}

// Read-modify-write: the new value is computed from the reply. One update is lost.
void deposit(const char *account, long long amount) {
  redisReply *r = (redisReply *)redisCommand(ctx, "GET balance:%s", account);
  long long balance = std::atoll(r->str);
  freeReplyObject(r);
  redisCommand(ctx, "SET balance:%s %lld", account, balance + amount);
  // CHECK: :[[@LINE-4]]:33: warning: check-then-act race on shared Redis key 'balance:%s': 'GET' then 'SET' in two commands; two processes can both read the same value and one write is lost [cta-redis-check-then-act]
  // CHECK-NEXT: :[[@LINE-5]]:33: note: check of 'balance:%s' here; shared because a Redis key is shared by every process connected to the server (high confidence)
  // CHECK-NEXT: :[[@LINE-3]]:3: note: act on 'balance:%s' here
  // CHECK-NEXT: :[[@LINE-4]]:3: note: use 'INCRBY balance:%s <delta>' (one command), or 'WATCH balance:%s' before the GET and 'MULTI'/'EXEC' around the SET with EXEC's reply checked
}

// Take once: a check, then DEL whose reply nobody reads. The coupon is granted twice.
bool redeem(const char *code) {
  redisReply *r = (redisReply *)redisCommand(ctx, "EXISTS coupon:%s", code);
  if (r->integer == 1) {
    redisCommand(ctx, "DEL coupon:%s", code);
  // CHECK: :[[@LINE-3]]:33: warning: check-then-act race on shared Redis key 'coupon:%s': 'EXISTS' then 'DEL' in two commands; two processes can both see the key and both take it [cta-redis-check-then-act]
  // CHECK-NEXT: :[[@LINE-4]]:33: note: check of 'coupon:%s' here; shared because a Redis key is shared by every process connected to the server (high confidence)
  // CHECK-NEXT: :[[@LINE-3]]:5: note: act on 'coupon:%s' here
  // CHECK-NEXT: :[[@LINE-4]]:5: note: use 'GETDEL coupon:%s', or 'DEL coupon:%s' alone and go on only if it returns 1
    grant(code);
    return true;
  }
  return false;
}

// Work meant to run once: SISMEMBER, then SADD and the work.
void notifyOnce(const char *user, const char *event) {
  redisReply *r = (redisReply *)redisCommand(ctx, "SISMEMBER notified:%s %s",
                                             user, event);
  if (r->integer == 0) {
    redisCommand(ctx, "SADD notified:%s %s", user, event);
  // CHECK: :[[@LINE-4]]:33: warning: check-then-act race on shared Redis key 'notified:%s': 'SISMEMBER' then 'SADD' in two commands; two processes can both see the member absent and both run the work meant to run once [cta-redis-check-then-act]
  // CHECK-NEXT: :[[@LINE-5]]:33: note: check of 'notified:%s' here; shared because a Redis key is shared by every process connected to the server (high confidence)
  // CHECK-NEXT: :[[@LINE-3]]:5: note: act on 'notified:%s' here
  // CHECK-NEXT: :[[@LINE-4]]:5: note: use 'SADD notified:%s %s' alone and run the work only if it returns 1
    sendEmail(user, event);
  }
}

// A hash field: HGET miss, then HSET.
void defaultSetting(const char *user) {
  redisReply *r = (redisReply *)redisCommand(ctx, "HGET settings:%s theme", user);
  if (r->type == REDIS_REPLY_NIL)
    redisCommand(ctx, "HSET settings:%s theme dark", user);
  // CHECK: :[[@LINE-3]]:33: warning: check-then-act race on shared Redis key 'settings:%s': 'HGET' then 'HSET' in two commands; two processes can both act on the same reply and both set it [cta-redis-check-then-act]
  // CHECK-NEXT: :[[@LINE-4]]:33: note: check of 'settings:%s' here; shared because a Redis key is shared by every process connected to the server (high confidence)
  // CHECK-NEXT: :[[@LINE-3]]:5: note: act on 'settings:%s' here
  // CHECK-NEXT: :[[@LINE-4]]:5: note: use 'HSETNX settings:%s theme <value>' and let its reply decide: 1 means this process set it
}

// Formats in constexpr strings read the same.
constexpr const char *kGetConfig = "GET config:%s";
constexpr const char *kSetConfig = "SET config:%s %s";
void ensureConfig(const char *name) {
  redisReply *r = (redisReply *)redisCommand(ctx, kGetConfig, name);
  if (r->type == REDIS_REPLY_NIL)
    redisCommand(ctx, kSetConfig, name, "default");
  // CHECK: :[[@LINE-3]]:33: warning: check-then-act race on shared Redis key 'config:%s': 'GET' then 'SET' in two commands; two processes can both act on the same reply and both set it [cta-redis-check-then-act]
  // CHECK-NEXT: :[[@LINE-4]]:33: note: check of 'config:%s' here; shared because a Redis key is shared by every process connected to the server (high confidence)
  // CHECK-NEXT: :[[@LINE-3]]:5: note: act on 'config:%s' here
  // CHECK-NEXT: :[[@LINE-4]]:5: note: use 'SET config:%s <value> NX PX <ms>' and let its reply decide: OK means this process set it, nil that another was first
}

// redisCommandArgv with literal command words.
void argvForm(const char *key, const char *value) {
  const char *get[] = {"GET", key};
  redisReply *r = (redisReply *)redisCommandArgv(ctx, 2, get, nullptr);
  if (r->type == REDIS_REPLY_NIL) {
    const char *set[] = {"SET", key, value};
    redisCommandArgv(ctx, 3, set, nullptr);
  // CHECK: :[[@LINE-4]]:33: warning: check-then-act race on shared Redis key '%s': 'GET' then 'SET' in two commands; two processes can both act on the same reply and both set it [cta-redis-check-then-act]
  // CHECK-NEXT: :[[@LINE-5]]:33: note: check of '%s' here; shared because a Redis key is shared by every process connected to the server (high confidence)
  // CHECK-NEXT: :[[@LINE-3]]:5: note: act on '%s' here
  // CHECK-NEXT: :[[@LINE-4]]:5: note: use 'SET %s <value> NX PX <ms>' and let its reply decide: OK means this process set it, nil that another was first
  }
}

// Pipelining: the GET's reply arrives with redisGetReply, then decides the SET.
void pipelined(const char *id) {
  redisAppendCommand(ctx, "GET session:%s", id);
  redisReply *r = nullptr;
  redisGetReply(ctx, (void **)&r);
  if (r->type == REDIS_REPLY_NIL)
    redisAppendCommand(ctx, "SET session:%s fresh", id);
  // CHECK: :[[@LINE-5]]:3: warning: check-then-act race on shared Redis key 'session:%s': 'GET' then 'SET' in two commands; two processes can both act on the same reply and both set it [cta-redis-check-then-act]
  // CHECK-NEXT: :[[@LINE-6]]:3: note: check of 'session:%s' here; shared because a Redis key is shared by every process connected to the server (high confidence)
  // CHECK-NEXT: :[[@LINE-3]]:5: note: act on 'session:%s' here
  // CHECK-NEXT: :[[@LINE-4]]:5: note: use 'SET session:%s <value> NX PX <ms>' and let its reply decide: OK means this process set it, nil that another was first
}

// The project's own thin wrapper forwards its format: read through it.
redisReply *command(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  void *reply = redisvCommand(ctx, fmt, ap);
  va_end(ap);
  return (redisReply *)reply;
}

void viaWrapper(const char *id) {
  redisReply *r = command("GET token:%s", id);
  if (r->type == REDIS_REPLY_NIL)
    command("SET token:%s %s", id, "t0k3n");
  // CHECK: :[[@LINE-3]]:19: warning: check-then-act race on shared Redis key 'token:%s': 'GET' then 'SET' in two commands; two processes can both act on the same reply and both set it [cta-redis-check-then-act]
  // CHECK-NEXT: :[[@LINE-4]]:19: note: check of 'token:%s' here; shared because a Redis key is shared by every process connected to the server (high confidence)
  // CHECK-NEXT: :[[@LINE-3]]:5: note: act on 'token:%s' here
  // CHECK-NEXT: :[[@LINE-4]]:5: note: use 'SET token:%s <value> NX PX <ms>' and let its reply decide: OK means this process set it, nil that another was first
}
