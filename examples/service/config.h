// Process-wide service configuration, read from the environment once.
#pragma once

#include <cstddef>
#include <string>

namespace example {

struct Settings {
  int port = 8080;
  std::size_t worker_threads = 2;
  std::string upstream = "db.internal";
};

class Config {
public:
  Config() = default;
  explicit Config(Settings settings);

  /// The configuration of this process, loaded from the environment on first
  /// use.
  static Config &get();

  /// Older accessor, kept for modules that store a Config *. New code uses
  /// get().
  static Config *instance();

  const Settings &settings() const { return settings_; }

  /// Reads SERVICE_PORT, SERVICE_WORKERS and SERVICE_UPSTREAM; unset or
  /// malformed variables keep their defaults.
  static Settings loadFromEnvironment();

private:
  static Config *instance_;

  Settings settings_;
};

} // namespace example
