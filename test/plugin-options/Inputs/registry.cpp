// A second TU: a search then a push_back.
#include <algorithm>
#include <mutex>
#include <string>
#include <vector>

class Registry {
public:
  void add(const std::string &name) {
    if (std::find(names_.begin(), names_.end(), name) == names_.end())
      names_.push_back(name);
  }

private:
  std::mutex mu_;
  std::vector<std::string> names_;
};
