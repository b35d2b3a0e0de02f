#include <map>
#include <mutex>

int weigh(int Key);

class Jobs {
public:
  bool put(int Key) {
    {
      std::lock_guard<std::mutex> L(Mu);
      if (M.count(Key))
        return false;
    }
    int W = weigh(Key);
    std::lock_guard<std::mutex> L(Mu);
    M[Key] = W;
    return true;
  }

private:
  std::mutex Mu;
  std::map<int, int> M;
};

bool runJobs() {
  Jobs J;
  return J.put(1);
}
