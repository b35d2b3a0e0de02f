#include "service/job_leases.h"

#include <utility>

namespace example {

JobLeases::JobLeases(redisContext *redis, std::string owner)
    : redis_(redis), owner_(std::move(owner)) {}

bool JobLeases::claim(const std::string &job) {
  // Most of the time another instance fired first and holds the lease, so
  // look before writing: EXISTS is a read, cheap on the primary and never
  // replicated.
  auto *held = static_cast<redisReply *>(
      redisCommand(redis_, "EXISTS lease:%s", job.c_str()));
  if (held == nullptr)
    return false;
  bool taken = held->integer == 1;
  freeReplyObject(held);
  if (taken)
    return false;
  auto *set = static_cast<redisReply *>(redisCommand(
      redis_, "SET lease:%s %s PX %d", job.c_str(), owner_.c_str(), kLeaseMs));
  bool ok = set != nullptr && set->type == REDIS_REPLY_STATUS;
  freeReplyObject(set);
  return ok;
}

bool JobLeases::claimExclusive(const std::string &job) {
  // NX: set only if absent. The reply is OK for the instance that set it
  // and nil for every other.
  auto *set = static_cast<redisReply *>(
      redisCommand(redis_, "SET lease:%s %s NX PX %d", job.c_str(),
                   owner_.c_str(), kLeaseMs));
  bool won = set != nullptr && set->type == REDIS_REPLY_STATUS;
  freeReplyObject(set);
  return won;
}

void JobLeases::release(const std::string &job) {
  // Deletes the lease only while it is still ours, in one script: a lease
  // that expired and was taken by another instance stays with that one.
  static const char kRelease[] =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then "
      "return redis.call('DEL', KEYS[1]) else return 0 end";
  freeReplyObject(redisCommand(redis_, "EVAL %s 1 lease:%s %s", kRelease,
                               job.c_str(), owner_.c_str()));
}

std::string JobLeases::holder(const std::string &job) {
  auto *r = static_cast<redisReply *>(
      redisCommand(redis_, "GET lease:%s", job.c_str()));
  std::string owner;
  if (r != nullptr && r->type == REDIS_REPLY_STRING)
    owner.assign(r->str, r->len);
  freeReplyObject(r);
  return owner;
}

} // namespace example
