// cta-seq-search-add: a search of a vector, then a push_back of the same name.
#include "table.h"
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
