// cta-split-lock: the check and the act each hold mu_, in two sections.
#include <map>
#include <mutex>
#include <string>

class Sessions {
public:
  int open(const std::string &user) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = ids_.find(user);
      if (it != ids_.end())
        return it->second;
    }
    int id = next();
    {
      std::lock_guard<std::mutex> lock(mu_);
      ids_[user] = id;
    }
    return id;
  }

private:
  int next();
  std::mutex mu_;
  std::map<std::string, int> ids_;
};
