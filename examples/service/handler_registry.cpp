#include "service/handler_registry.h"

#include <algorithm>
#include <utility>

namespace example {

namespace {
Handler::Callback notImplemented(const std::string &name) {
  return [name](const std::string &) {
    return "501 not implemented: " + name;
  };
}
} // namespace

bool HandlerRegistry::add(const std::string &name, Handler::Callback callback) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = std::find_if(handlers_.begin(), handlers_.end(),
                         [&](const Handler &h) { return h.name == name; });
  if (it != handlers_.end())
    return false;
  handlers_.push_back(Handler{name, std::move(callback)});
  return true;
}

Handler &HandlerRegistry::lookupOrAdd(const std::string &name) {
  // Routes are registered during startup and looked up on every request, so
  // this does not take mu_.
  auto it = std::find_if(handlers_.begin(), handlers_.end(),
                         [&](const Handler &h) { return h.name == name; });
  if (it != handlers_.end())
    return *it;
  handlers_.push_back(Handler{name, notImplemented(name)});
  return handlers_.back();
}

std::string HandlerRegistry::dispatch(const std::string &name,
                                      const std::string &request) const {
  Handler::Callback callback;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = std::find_if(handlers_.begin(), handlers_.end(),
                           [&](const Handler &h) { return h.name == name; });
    if (it == handlers_.end())
      return "404 no route: " + name;
    callback = it->callback;
  }
  // Run the handler without mu_ held: handlers may take their time, and may
  // themselves look routes up.
  return callback(request);
}

std::size_t HandlerRegistry::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return handlers_.size();
}

} // namespace example
