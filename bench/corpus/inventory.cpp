// Benchmark corpus: maps keyed by SKU (bench/confirm_rounds.py).
// Every function here is racy on purpose; each is one shape of
// check-then-act on an associative container.
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>

namespace inventory {

struct Quote {
  explicit Quote(const std::string &Sku) : Sku(Sku) {
    // Pricing work between the check and the insert: the wide window.
    for (char C : Sku)
      for (int I = 0; I < 400; ++I)
        Cents = (Cents * 31 + unsigned(C) + unsigned(I)) % 100003;
  }
  std::string Sku;
  unsigned Cents = 7;
};

class StockCache {
public:
  // Narrow, unsynchronized: count() then emplace() on the next line, no
  // lock anywhere. ThreadSanitizer sees the concurrent map accesses.
  void track(const std::string &Sku) {
    if (Levels.count(Sku) == 0)
      Levels.emplace(Sku, 100);
  }

  // Narrow, split lock: the lookup and the insert are each locked, with
  // nothing but the lock hand-over between them. No data race; the insert
  // runs twice. Returns nothing, so only the atomicity oracle can tell.
  void pin(int Id) {
    {
      std::lock_guard<std::mutex> Lock(Mu);
      if (Pinned.find(Id) != Pinned.end())
        return;
    }
    std::lock_guard<std::mutex> Lock(Mu);
    Pinned.insert(Id);
  }

  // Wide, split lock: a get-or-create that prices the quote outside the
  // lock. No data race; two callers can get two different quotes.
  std::shared_ptr<Quote> quote(const std::string &Sku) {
    {
      std::lock_guard<std::mutex> Lock(Mu);
      auto It = Quotes.find(Sku);
      if (It != Quotes.end())
        return It->second;
    }
    auto Q = std::make_shared<Quote>(Sku);
    std::lock_guard<std::mutex> Lock(Mu);
    Quotes[Sku] = Q;
    return Q;
  }

  // Narrow, split lock, get-or-create: the lookup and the insert are each
  // locked and nothing but the lock hand-over lies between them. No data
  // race; two callers can get two different bins.
  std::shared_ptr<int> bin(int Aisle) {
    {
      std::lock_guard<std::mutex> Lock(Mu);
      auto It = Bins.find(Aisle);
      if (It != Bins.end())
        return It->second;
    }
    std::lock_guard<std::mutex> Lock(Mu);
    return Bins[Aisle] = std::make_shared<int>(Aisle * 10);
  }

private:
  std::mutex Mu;
  std::unordered_map<std::string, int> Levels;
  std::set<int> Pinned;
  std::unordered_map<std::string, std::shared_ptr<Quote>> Quotes;
  std::unordered_map<int, std::shared_ptr<int>> Bins;
};

} // namespace inventory
