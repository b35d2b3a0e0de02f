// Pool of upstream connections, one per host, shared by all request threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace example {

/// One connection to an upstream host. Establishing it is the expensive part
/// (name resolution, TCP and TLS handshakes), which is why ConnectionCache
/// keeps connections around and hands the same one to every caller.
class Connection {
public:
  explicit Connection(std::string host);

  const std::string &host() const { return host_; }
  std::uint64_t id() const { return id_; }

  /// Sends request and returns the upstream's reply.
  std::string send(const std::string &request) const;

private:
  std::string host_;
  std::uint64_t id_;
};

/// Keeps one Connection per upstream host.
class ConnectionCache {
public:
  /// Returns the connection to host, connecting on first use. Called on every
  /// outgoing request.
  std::shared_ptr<Connection> get(const std::string &host);

  /// Returns the connection to host, connecting on first use. Serialised with
  /// evict(); used to warm the pool at startup.
  std::shared_ptr<Connection> connect(const std::string &host);

  /// Drops the connection to host, e.g. after the upstream closed it. The next
  /// request to host reconnects.
  void evict(const std::string &host);

  std::size_t size() const;

private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<Connection>> cache_;
};

} // namespace example
