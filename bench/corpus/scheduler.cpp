// Benchmark corpus: sequence registries and start-once flags
// (bench/confirm_rounds.py).
#include <algorithm>
#include <atomic>
#include <cctype>
#include <mutex>
#include <string>
#include <vector>

namespace jobs {

struct Job {
  std::string Name;
  int Priority = 0;
};

class Scheduler {
public:
  // Narrow, unsynchronized: std::find_if for the name, push_back right
  // after when it is missing.
  void enlist(const std::string &Name) {
    auto It = std::find_if(Queue.begin(), Queue.end(),
                           [&](const Job &J) { return J.Name == Name; });
    if (It == Queue.end())
      Queue.push_back(Job{Name, 1});
  }

  // Wide, split lock: the search and the append are each locked, and the
  // job is validated in between. No data race; the name is queued twice.
  void enlistChecked(const std::string &Name) {
    {
      std::lock_guard<std::mutex> Lock(Mu);
      if (std::any_of(Queue.begin(), Queue.end(),
                      [&](const Job &J) { return J.Name == Name; }))
        return;
    }
    Job J{Name, 0};
    for (char C : Name)
      J.Priority += std::isalpha(static_cast<unsigned char>(C)) ? 3 : 1;
    std::lock_guard<std::mutex> Lock(Mu);
    Queue.push_back(J);
  }

  // Wide, unsynchronized bool flag: warm-up work between the test and the
  // store.
  void boot() {
    if (!Booted) {
      for (int I = 0; I < 2000; ++I)
        Warmup += I % 5;
      Booted = true;
    }
  }

  // Narrow atomic flag: load, then store. Each access is atomic, so
  // ThreadSanitizer is silent, yet two callers both arm the timers.
  void arm() {
    if (!Armed.load()) {
      Armed.store(true);
      Timers += 1;
    }
  }

private:
  std::mutex Mu;
  std::vector<Job> Queue;
  bool Booted = false;
  long Warmup = 0;
  std::atomic<bool> Armed{false};
  std::atomic<int> Timers{0};
};

} // namespace jobs
