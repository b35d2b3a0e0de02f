// Benchmark corpus: lazy singletons (bench/confirm_rounds.py).
#include <mutex>
#include <string>
#include <vector>

namespace metrics {

class Exporter {
public:
  Exporter() {
    // A constructor that does real work: reading "labels".
    for (int I = 0; I < 64; ++I)
      Labels.push_back("label-" + std::to_string(I * 7 % 13));
  }

  static Exporter *global();
  static Exporter *shared();

  std::vector<std::string> Labels;
};

static Exporter *Global = nullptr;
static Exporter *Shared = nullptr;
static std::mutex SharedMu;

// Narrow, unsynchronized: the null test and the assignment are adjacent.
Exporter *Exporter::global() {
  if (Global == nullptr)
    Global = new Exporter();
  return Global;
}

// Wide, split lock: tested under the lock, built outside it, published
// under it again. No data race; callers can get different exporters.
Exporter *Exporter::shared() {
  {
    std::lock_guard<std::mutex> Lock(SharedMu);
    if (Shared != nullptr)
      return Shared;
  }
  Exporter *E = new Exporter();
  std::lock_guard<std::mutex> Lock(SharedMu);
  Shared = E;
  return E;
}

} // namespace metrics
