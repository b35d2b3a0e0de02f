#pragma once
#include <map>
#include <mutex>
#include <string>

namespace codec {
std::string encode(const std::string &Key);
}

class Registry {
public:
  bool add(const std::string &Key);

private:
  std::mutex Mu;
  std::map<std::string, std::string> M;
};
