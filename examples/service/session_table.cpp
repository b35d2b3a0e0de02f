#include "service/session_table.h"

#include <atomic>
#include <cstdio>

namespace example {

namespace {
std::atomic<std::uint64_t> token_counter{0};

// splitmix64: spreads consecutive inputs over the whole 64-bit range.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::string mintToken(std::uint64_t user) {
  std::uint64_t n = token_counter.fetch_add(1, std::memory_order_relaxed);
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx",
                static_cast<unsigned long long>(mix(user)),
                static_cast<unsigned long long>(mix(user ^ (n << 32) ^ n)));
  return buf;
}
} // namespace

std::shared_ptr<Session> SessionTable::createSession(std::uint64_t user) {
  auto s = std::make_shared<Session>();
  s->user = user;
  s->token = mintToken(user);
  s->opened = std::chrono::steady_clock::now();
  return s;
}

std::shared_ptr<Session> SessionTable::open(std::uint64_t user) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = sessions_.find(user);
    if (it != sessions_.end())
      return it->second;
  }
  // Creating a session is slow; do it without mu_ held so that other users'
  // requests are not queued behind it.
  auto s = createSession(user);
  {
    std::lock_guard<std::mutex> lock(mu_);
    sessions_[user] = s;
  }
  return s;
}

std::shared_ptr<Session> SessionTable::find(std::uint64_t user) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(user);
  if (it == sessions_.end())
    return nullptr;
  return it->second;
}

void SessionTable::close(std::uint64_t user) {
  std::lock_guard<std::mutex> lock(mu_);
  sessions_.erase(user);
}

std::size_t SessionTable::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sessions_.size();
}

} // namespace example
