// Route table: maps a route name ("login", "query", ...) to the code that
// answers it.
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace example {

/// A named request handler.
struct Handler {
  using Callback = std::function<std::string(const std::string &request)>;

  std::string name;
  Callback callback;
};

/// The service's routes. A handful of entries, so a vector searched linearly
/// is faster than a map.
class HandlerRegistry {
public:
  /// Registers callback under name. Returns false, and changes nothing, if
  /// name is already registered.
  bool add(const std::string &name, Handler::Callback callback);

  /// Returns the handler registered under name. If there is none, registers
  /// one that answers "501 not implemented" so that modules can find the
  /// route first and attach their callback later.
  Handler &lookupOrAdd(const std::string &name);

  /// Runs the handler of route name on request. Unknown routes get a 404.
  std::string dispatch(const std::string &name,
                       const std::string &request) const;

  std::size_t size() const;

private:
  mutable std::mutex mu_;
  std::vector<Handler> handlers_;
};

} // namespace example
