#include "service/connection_cache.h"

#include <atomic>
#include <utility>

namespace example {

namespace {
// Connection ids only need to be unique; they show up in logs and replies.
std::atomic<std::uint64_t> next_connection_id{1};
} // namespace

Connection::Connection(std::string host)
    : host_(std::move(host)),
      id_(next_connection_id.fetch_add(1, std::memory_order_relaxed)) {}

std::string Connection::send(const std::string &request) const {
  return host_ + "#" + std::to_string(id_) + " " + request;
}

std::shared_ptr<Connection> ConnectionCache::get(const std::string &host) {
  // The pool is warmed by connect() at startup and is read-mostly afterwards,
  // so the request path looks the host up without taking mu_. Hosts that were
  // not warmed are connected on first use.
  auto it = cache_.find(host);
  if (it != cache_.end())
    return it->second;
  auto c = std::make_shared<Connection>(host);
  cache_[host] = c;
  return c;
}

std::shared_ptr<Connection> ConnectionCache::connect(const std::string &host) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = cache_.find(host);
  if (it != cache_.end())
    return it->second;
  auto c = std::make_shared<Connection>(host);
  cache_.emplace(host, c);
  return c;
}

void ConnectionCache::evict(const std::string &host) {
  std::lock_guard<std::mutex> lock(mu_);
  cache_.erase(host);
}

std::size_t ConnectionCache::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return cache_.size();
}

} // namespace example
