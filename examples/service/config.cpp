#include "service/config.h"

#include <cstdlib>
#include <utility>

namespace example {

Config *Config::instance_ = nullptr;

namespace {
// Returns the value of the environment variable name parsed as a number in
// [lo, hi], or fallback if it is unset or not such a number.
long numberFromEnv(const char *name, long lo, long hi, long fallback) {
  const char *text = std::getenv(name);
  if (!text || !*text)
    return fallback;
  char *end = nullptr;
  long value = std::strtol(text, &end, 10);
  if (*end != '\0' || value < lo || value > hi)
    return fallback;
  return value;
}
} // namespace

Config::Config(Settings settings) : settings_(std::move(settings)) {}

Settings Config::loadFromEnvironment() {
  Settings s;
  s.port = static_cast<int>(numberFromEnv("SERVICE_PORT", 1, 65535, s.port));
  s.worker_threads = static_cast<std::size_t>(numberFromEnv(
      "SERVICE_WORKERS", 1, 64, static_cast<long>(s.worker_threads)));
  if (const char *upstream = std::getenv("SERVICE_UPSTREAM"))
    s.upstream = upstream;
  return s;
}

Config &Config::get() {
  static Config config(loadFromEnvironment());
  return config;
}

Config *Config::instance() {
  if (!instance_)
    instance_ = new Config(loadFromEnvironment());
  return instance_;
}

} // namespace example
