// A get-or-add with a fix-it and a lazy initialization without one.
#include <map>
#include <mutex>

std::map<int, int> g_map;

void addOnce(int k, int v) {
  if (g_map.find(k) == g_map.end()) g_map[k] = v;
}

struct Config {
  Config();
};

class Holder {
public:
  Config *get() {
    if (!cfg_)
      cfg_ = new Config();
    return cfg_;
  }

private:
  std::mutex mu_;
  Config *cfg_ = nullptr;
};
