// Logged-in users' sessions. The service's contract is one session per user:
// every request of a user must see the same session token.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace example {

struct Session {
  std::uint64_t user = 0;
  std::string token;
  std::chrono::steady_clock::time_point opened;
};

class SessionTable {
public:
  /// Returns the session of user, opening one if the user has none.
  std::shared_ptr<Session> open(std::uint64_t user);

  /// Returns the session of user, or null if the user has none.
  std::shared_ptr<Session> find(std::uint64_t user) const;

  /// Ends the session of user, if any.
  void close(std::uint64_t user);

  std::size_t size() const;

private:
  /// Mints a token and loads what the session needs. Slow: talks to the
  /// token service.
  static std::shared_ptr<Session> createSession(std::uint64_t user);

  mutable std::mutex mu_;
  std::map<std::uint64_t, std::shared_ptr<Session>> sessions_;
};

} // namespace example
