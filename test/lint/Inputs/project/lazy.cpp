// cta-lazy-init on a member of a class with a mutex: no fix-it.
#include <mutex>

struct Settings {
  Settings();
};

class Service {
public:
  Settings *settings() {
    if (!settings_)
      settings_ = new Settings();
    return settings_;
  }

private:
  std::mutex mu_;
  Settings *settings_ = nullptr;
};
