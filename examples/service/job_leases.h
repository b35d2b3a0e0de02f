// Leases on the service's scheduled jobs, kept in Redis. Every instance of
// the service runs the same scheduler and fires the same jobs at the same
// minute; the lease 'lease:<job>' is how the instances agree that exactly one
// of them runs each job: the instance that took it runs the job, the others
// skip it until the lease expires.
#pragma once

#include <hiredis/hiredis.h>

#include <string>

namespace example {

class JobLeases {
public:
  /// \p redis is this instance's connection to the shared Redis; \p owner
  /// names this instance in the leases it takes (host:pid).
  JobLeases(redisContext *redis, std::string owner);

  /// Takes the lease on \p job unless another instance holds it. True: this
  /// instance holds the lease and runs the job.
  bool claim(const std::string &job);

  /// The same as one command: the lease is taken only if it is free, and
  /// Redis's reply says whether this instance took it.
  bool claimExclusive(const std::string &job);

  /// Gives the lease on \p job back if this instance still holds it.
  void release(const std::string &job);

  /// The instance holding the lease on \p job, or "" if it is free.
  std::string holder(const std::string &job);

  /// How long a lease lasts when its holder dies before releasing it.
  static constexpr int kLeaseMs = 60000;

private:
  redisContext *redis_;
  std::string owner_;
};

} // namespace example
