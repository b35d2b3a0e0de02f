#include <map>
#include <mutex>
namespace ns {
// Svc::put is public and takes no lock: whether it races depends on the
// other translation units, which call it.
class Svc {
public:
  void put(int k);
  void batch(int k);
  std::mutex mu_;

private:
  std::map<int, int> m_;
};

// Reg::load is public; only Owner's constructor calls it.
class Reg {
public:
  void load(int k);

private:
  std::mutex mu_;
  std::map<int, int> m_;
};

class Owner {
public:
  Owner();

private:
  Reg reg_;
};
} // namespace ns
