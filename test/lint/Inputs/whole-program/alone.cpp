#include <map>
#include <mutex>
// Includes no header of the project: touching svc.h leaves it alone.
class Alone {
public:
  void add(int k) {
    if (!m_.count(k))
      m_[k] = 1;
  }

private:
  std::mutex mu_;
  std::map<int, int> m_;
};
void useAlone(Alone &a) { a.add(1); }
